import type { Connection } from 'mongoose';

/** The parts of `hello` and `buildInfo` that say whether a deployment runs multi-document transactions. */
export interface DeploymentFacts {
  hello: { setName?: unknown; msg?: unknown; logicalSessionTimeoutMinutes?: unknown };
  buildInfo: { version?: unknown; ferretdbVersion?: unknown };
}

/**
 * Whether the server runs multi-document transactions: a replica-set member (`hello.setName`)
 * or a sharded cluster's router (`hello.msg === 'isdbgrid'`), with sessions, on MongoDB 4.2 or
 * later. A standalone mongod has no transactions; FerretDB 1.24 has none at all.
 */
export function supportsTransactions(facts: DeploymentFacts): boolean {
  const { hello, buildInfo } = facts;
  if (buildInfo.ferretdbVersion !== undefined) return false;
  const clustered = (typeof hello.setName === 'string' && hello.setName !== '') || hello.msg === 'isdbgrid';
  const sessions = typeof hello.logicalSessionTimeoutMinutes === 'number';
  const [major = 0, minor = 0] = String(buildInfo.version ?? '0').split('.').map(Number);
  return clustered && sessions && (major > 4 || (major === 4 && minor >= 2));
}

/** Asks the server (`hello`, `buildInfo`) whether it runs transactions. */
export async function detectTransactions(connection: Connection): Promise<boolean> {
  const admin = connection.db!.admin();
  const [hello, buildInfo] = await Promise.all([admin.command({ hello: 1 }), admin.command({ buildInfo: 1 })]);
  return supportsTransactions({ hello, buildInfo });
}
