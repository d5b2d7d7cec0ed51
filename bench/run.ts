/**
 * `npm run bench`: the first two performance targets of SPEC section 8, each against its
 * baseline in the same process on the same engine. Writes docs/benchmarks.md and prints a
 * summary. SHOAL_ENGINE and MONGODB_URI choose the engine as for `npm start`.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { createApp, type ShoalApp } from '../server/app.js';
import { connect } from '../server/db/connection.js';
import { startEngine, type Engine } from '../server/db/engine.js';
import { toCustomer } from '../server/customers/customer.service.js';
import type { CustomerDoc } from '../server/customers/customer.model.js';
import { createLogger } from '../server/logger.js';
import type { ChangeEvent } from '../shared/events.js';
import { runBatchScenario, type BatchScenarioResult } from './batch-scenario.js';
import { measureBundle } from './bundle-scenario.js';
import { runIdleScenario, type IdleScenarioResult } from './idle-scenario.js';
import { runSoakScenario, type SoakScenarioResult } from './soak-scenario.js';
import { runBoardScenario, runDashboardScenario, type BoardResult, type DashboardResult } from './board-dashboard-scenario.js';
import { runFanoutScenario } from './fanout-scenario.js';
import { runListCeiling, runListScenario } from './list-scenario.js';
import { runDemoScenario, type DemoScenarioResult } from './demo-scenario.js';
import { runReadsScenario, type ReadsScenarioResult } from './reads-scenario.js';
import { describeMachine } from './machine.js';
import { renderListOnly, renderMarkdown, renderSummary, type Report } from './report.js';
import { generateCustomers, pickSearchTerm } from './seed.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CUSTOMERS = 10_000;
const SOCKETS = 200;
const CHANGES = 50;

const log = (line: string) => console.log(line);
type Prefer = 'auto' | 'mongodb-memory-server' | 'ferretdb';

/** Steps to undo, newest first, run once whether the run succeeds, fails or is interrupted. */
const cleanups: (() => Promise<unknown> | void)[] = [];
let cleaning: Promise<void> | undefined;
let interrupted = false;
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of cleanups.reverse()) {
      try {
        await step();
      } catch (error) {
        console.error('cleanup step failed:', error);
      }
    }
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`\n${signal}: stopping the benchmark`);
    void cleanUp().finally(() => process.exit(130));
  });
}

async function main(): Promise<void> {
  const began = Date.now();
  const logger = createLogger('warn');
  const machine = describeMachine();
  const loadBefore = os.loadavg()[0]!;
  log(`Shoal benchmark on ${machine.cpus} × ${machine.cpu}, Node ${machine.node}`);

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'shoal-bench-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const engine: Engine = await startEngine({ dataDir, logger, prefer: (process.env.SHOAL_ENGINE as Prefer | undefined) ?? 'auto', uri: process.env.MONGODB_URI });
  cleanups.push(() => engine.stop());
  log(`Engine: ${engine.description}`);

  const dbName = `shoal_bench_${randomBytes(4).toString('hex')}`;
  const connection = await connect(engine.uri, dbName);
  cleanups.push(() => connection.close());
  const client = await new MongoClient(engine.uri).connect();
  cleanups.push(() => client.close());
  cleanups.push(() => client.db(dbName).dropDatabase());

  // createApp creates the model's indexes (unique emailLower, nameSort + _id, ...).
  const shoal: ShoalApp = await createApp({ connection, logger, engineName: engine.name });
  const shoalUrl = `http://127.0.0.1:${await shoal.listen(0)}`;
  cleanups.push(() => shoal.close());
  // Every API call and socket is authenticated: the bench acts as an admin with a token.
  const admin = await shoal.users.setup({ name: 'Bench Admin', email: 'bench@shoal.test', password: randomBytes(12).toString('hex') });
  const { token } = await shoal.auth.createToken(admin.id, 'bench');

  log(`Seeding ${CUSTOMERS.toLocaleString('en')} customers...`);
  const seedStart = Date.now();
  const customers = generateCustomers(CUSTOMERS);
  const collection = client.db(dbName).collection('customers');
  for (let i = 0; i < customers.length; i += 1_000) await collection.insertMany(customers.slice(i, i + 1_000), { ordered: false });
  const seedMs = Date.now() - seedStart;
  const { term, matches } = pickSearchTerm(customers, 300);
  log(`  ${(seedMs / 1000).toFixed(1)} s; search term "${term}" matches ${matches}`);

  const only = (process.env.BENCH_SCENARIOS ?? 'board,batch,idle,soak,dashboard,demo,reads').split(',');
  // BENCH_SCENARIOS=list: the first target alone, against the memory ceiling, printed and not written.
  if (only.length === 1 && only[0] === 'list') {
    log('Scenario 1 alone: customer list against the memory ceiling');
    log(renderListOnly(await runListCeiling({ shoalUrl, shoalServer: shoal.server, term, token, connections: 10, seconds: 8, log })));
    return;
  }
  log('Scenario 1: customer list');
  const list = await runListScenario({ shoalUrl, shoalServer: shoal.server, customers: collection, term, token, connections: 10, seconds: 8, log });

  log('Scenario 2: a change reaching 200 clients');
  const target = customers[0]!;
  const template: ChangeEvent = {
    seq: 1,
    entity: 'customer',
    op: 'updated',
    id: target._id.toHexString(),
    data: toCustomer(target as unknown as CustomerDoc),
    version: 1,
    fields: ['phone'],
    actor: { id: 'api', name: 'API client' },
    at: new Date().toISOString(),
  };
  const mover = await shoal.opportunities.create(
    { customerId: target._id.toHexString(), name: 'Bench deal', stage: 'qualification', amount: 1000 },
    { id: admin.id, name: admin.name },
  );
  const fanout = await runFanoutScenario({
    opportunityId: mover.id,
    shoalUrl,
    db: client.db(dbName),
    customerId: target._id.toHexString(),
    floorCustomerId: customers[1]!._id,
    template,
    token,
    sockets: SOCKETS,
    rounds: CHANGES,
    log,
  });

  /** A Shoal of its own on a fresh database, with an admin token. */
  async function freshShoal(name: string) {
    const db = `${dbName}_${name}`;
    const conn = await connect(engine.uri, db);
    cleanups.push(() => conn.close());
    cleanups.push(() => client.db(db).dropDatabase());
    const app = await createApp({ connection: conn, logger, engineName: engine.name, clientDir: path.join(root, 'client', 'dist') });
    const url = `http://127.0.0.1:${await app.listen(0)}`;
    cleanups.push(() => app.close());
    const password = randomBytes(12).toString('hex');
    const owner = await app.users.setup({ name: 'Bench Admin', email: 'bench@shoal.test', password });
    for (let i = 0; i < 9; i++) await app.users.create({ name: `Rep ${i}`, email: `rep${i}@shoal.test`, password: randomBytes(12).toString('hex'), role: 'rep' }, { id: owner.id, name: owner.name });
    return { shoal: app, url, token: (await app.auth.createToken(owner.id, 'bench')).token, db: client.db(db), credentials: { email: 'bench@shoal.test', password } };
  }
  // BENCH_SCENARIOS=board (say) skips the long dashboard seeding.
  let board: BoardResult | undefined;
  let dashboardResult: DashboardResult | undefined;
  if (only.includes('board')) {
    log('Scenario 3: pipeline board with 2,000 open deals');
    board = await runBoardScenario({ ...(await freshShoal('board')), log });
  }
  let batch: BatchScenarioResult | undefined;
  if (only.includes('batch')) {
    log('Scenario 5: batch create of 10,000 customers');
    const raw = await freshShoal('batch_raw');
    batch = await runBatchScenario({ ...(await freshShoal('batch')), rawDb: raw.db, log });
  }
  let idle: IdleScenarioResult | undefined;
  if (only.includes('idle')) {
    log('Scenario 6: 1,000 idle connected clients');
    idle = await runIdleScenario({ ...(await freshShoal('idle')), clients: 1_000, log });
  }
  let soak: SoakScenarioResult | undefined;
  if (only.includes('soak')) {
    // SOAK_SECONDS shortens it for a quick look; SPEC section 9 asks for 5 minutes.
    const seconds = Number(process.env.SOAK_SECONDS ?? 300);
    log(`Scenario 7: soak, 200 clients and 20 changes a second for ${seconds} s`);
    soak = await runSoakScenario({ ...(await freshShoal('soak')), clients: 200, rate: 20, seconds, log });
  }
  if (only.includes('dashboard')) {
    log('Scenario 4: dashboard over 100,000 deals and 500,000 interactions (seeding takes a few minutes)');
    dashboardResult = await runDashboardScenario({ ...(await freshShoal('dashboard')), log });
  }

  let demo: DemoScenarioResult | undefined;
  if (only.includes('demo')) {
    log('Scenario 10: the first-run demo data');
    demo = await runDemoScenario({ ...(await freshShoal('demo')), log });
  }

  let reads: ReadsScenarioResult | undefined;
  if (only.includes('reads')) {
    log('Scenario 9: reads at scale (SPEC section 10; seeding 1.55 million records takes several minutes)');
    const seeded = await freshShoal('reads');
    const users = (await seeded.shoal.users.list()).map((u) => u.id);
    await seeded.shoal.close();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'shoal-bench-reads-'));
    try {
      reads = await runReadsScenario({ engineUri: engine.uri, dbName: `${dbName}_reads`, db: seeded.db, users, token: seeded.token, log, dir, reuse: false, manifest: () => undefined });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const report: Report = {
    reads,
    demo,
    bundle: measureBundle(path.join(root, 'client', 'dist')),
    batch,
    idle,
    soak,
    board,
    dashboard: dashboardResult,
    date: new Date(),
    engine: engine.description,
    machine,
    seededCustomers: CUSTOMERS,
    seedMs,
    list,
    fanout,
    totalSeconds: (Date.now() - began) / 1000,
    loadAverage: { before: loadBefore, after: os.loadavg()[0]! },
  };
  mkdirSync(path.join(root, 'docs'), { recursive: true });
  const file = path.join(root, 'docs', 'benchmarks.md');
  writeFileSync(file, renderMarkdown(report));
  log('');
  log(renderSummary(report));
  log(`Written to ${path.relative(process.cwd(), file)}`);
}

try {
  await main();
  await cleanUp();
} catch (error) {
  // After an interrupt, the failures of requests cut short say nothing.
  if (!interrupted) console.error(error);
  await cleanUp();
  process.exit(interrupted ? 130 : 1);
}
