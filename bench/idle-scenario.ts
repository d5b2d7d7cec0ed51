import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface IdleScenarioResult {
  clients: number;
  connectMs: number;
  /** The server process's resident memory (after a garbage collection), in MB. */
  rssBeforeMb: number;
  rssAfterMb: number;
  heapBeforeMb: number;
  heapAfterMb: number;
  /** Clients still connected when measured. */
  connected: number;
  /** Presence lists the clients received while connecting and settling, and their size. */
  presenceMessages: number;
  presenceMb: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes: number) => Math.round((bytes / 1e6) * 10) / 10;

/** After a full collection (`npm run bench` runs with --expose-gc), so what stays is measured. */
async function memory(): Promise<NodeJS.MemoryUsage> {
  for (let i = 0; i < 3; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    await sleep(100);
  }
  return process.memoryUsage();
}

/**
 * SPEC section 8, 1,000 idle connected clients: the server's resident memory before and after
 * 1,000 authenticated Socket.IO clients (websocket) connect from a child process and sit idle.
 */
export async function runIdleScenario(options: { url: string; token: string; clients: number; log: (l: string) => void }): Promise<IdleScenarioResult> {
  const before = await memory();
  const child = fork(path.join(here, 'idle-clients.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, IDLE_URL: options.url, IDLE_TOKEN: options.token, IDLE_COUNT: String(options.clients) },
  });
  const next = (type: string) =>
    new Promise<Record<string, number>>((resolve, reject) => {
      const onMessage = (m: { type: string } & Record<string, number>) => {
        if (m.type !== type) return;
        child.off('message', onMessage);
        resolve(m);
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`the clients' process exited (${code}) before "${type}"`)));
    });
  try {
    const { connectMs } = await next('ready');
    options.log(`  ${options.clients} clients connected in ${(connectMs! / 1000).toFixed(1)} s; letting presence settle...`);
    await sleep(3_000);
    const after = await memory();
    child.send({ type: 'report' });
    const report = await next('report');
    return {
      clients: options.clients,
      connectMs: connectMs!,
      rssBeforeMb: mb(before.rss),
      rssAfterMb: mb(after.rss),
      heapBeforeMb: mb(before.heapUsed),
      heapAfterMb: mb(after.heapUsed),
      connected: report.connected!,
      presenceMessages: report.presenceMessages!,
      presenceMb: mb(report.presenceBytes!),
    };
  } finally {
    child.send({ type: 'stop' });
    await new Promise((r) => child.once('exit', r));
  }
}
