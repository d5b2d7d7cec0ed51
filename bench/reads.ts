/**
 * `npm run bench:reads`: SPEC section 10's "reads at scale" on its own (the large data set takes
 * a long while to seed; `npm run bench` runs it too, as scenario 9). Writes
 * docs/benchmarks-reads.md. `BENCH_READS_FRACTION=0.05` runs it on a twentieth of the data.
 * With `BENCH_READS_DATA=<dir>` the seeded data set is kept there and reused by later runs;
 * `BENCH_READS_SEED_ONLY=1` only seeds it; `BENCH_READS_SKIP_FIRST=1` skips the first start from
 * the database on a reused one; `BENCH_READS_ONLY=board,calls` times only the reads whose names
 * contain one of those words (and not the batch); `BENCH_READS_ONLY=batch` runs only the batch
 * create of 10,000 interactions (bench/batch-at-scale.ts) after one untimed call of each read,
 * starting from the checkpoint when one is kept, and prints it without writing the report;
 * `BENCH_READS_PROFILE=<dir>` has Shoal's process write a CPU profile there (`--cpu-prof`) when
 * it stops (`BENCH_BATCH_MARKS=1` prints the batch blocks' times to cut it to them);
 * `BENCH_READS_NODE_FLAGS='--trace-gc'` adds flags to Shoal's node and `BENCH_READS_SHOAL_LOG=<file>`
 * keeps what Shoal writes to its standard output.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { createApp } from '../server/app.js';
import { connect } from '../server/db/connection.js';
import { startEngine } from '../server/db/engine.js';
import { createLogger } from '../server/logger.js';
import { describeMachine } from './machine.js';
import { runReadsScenario } from './reads-scenario.js';
import { readsSection, readVerdicts } from './report.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = (line: string) => console.log(line);
const logger = createLogger('warn');
const machine = describeMachine();
const loadBefore = os.loadavg()[0]!;
// BENCH_READS_DATA keeps the seeded data set (the engine's files, the SQLite ceiling, a
// manifest) in a folder of its own, so a later run reuses it instead of seeding for a quarter
// of an hour; without it the data lives in a temporary folder removed at the end.
const kept = process.env.BENCH_READS_DATA ? path.resolve(process.env.BENCH_READS_DATA) : undefined;
const dataDir = kept ?? mkdtempSync(path.join(os.tmpdir(), 'shoal-bench-reads-'));
mkdirSync(dataDir, { recursive: true });
const manifestFile = path.join(dataDir, 'manifest.json');
const reuse = kept !== undefined && existsSync(manifestFile);
const engine = await startEngine({ dataDir, logger, prefer: (process.env.SHOAL_ENGINE as 'auto' | undefined) ?? 'auto', uri: process.env.MONGODB_URI });
try {
  log(`Engine: ${engine.description}`);
  let dbName: string;
  let token: string;
  let users: string[];
  if (reuse) {
    ({ dbName, token, users } = JSON.parse(readFileSync(manifestFile, 'utf8')) as { dbName: string; token: string; users: string[] });
    log(`  reusing the data set seeded in ${dataDir}`);
  } else {
    dbName = `shoal_reads_${randomBytes(4).toString('hex')}`;
    // The team and a token, made through Shoal; the records then go in with the raw driver.
    const setupConnection = await connect(engine.uri, dbName);
    const setup = await createApp({ connection: setupConnection, logger });
    const owner = await setup.users.setup({ name: 'Bench Admin', email: 'bench@shoal.test', password: randomBytes(12).toString('hex') });
    for (let i = 0; i < 9; i++) await setup.users.create({ name: `Rep ${i}`, email: `rep${i}@shoal.test`, password: randomBytes(12).toString('hex'), role: 'rep' }, { id: owner.id, name: owner.name });
    token = (await setup.auth.createToken(owner.id, 'bench')).token;
    users = (await setup.users.list()).map((u) => u.id);
    await setup.close();
    await setupConnection.close();
  }
  const client = await new MongoClient(engine.uri).connect();
  const began = Date.now();
  const result = await runReadsScenario({ engineUri: engine.uri, dbName, db: client.db(dbName), users, token, log, dir: dataDir, reuse, manifest: (extra) => writeFileSync(manifestFile, JSON.stringify({ dbName, token, users, ...extra })) });
  if (!result) {
    await client.close();
    await engine.stop();
    process.exit(0);
  }
  if (process.env.BENCH_READS_ONLY === 'batch') {
    await client.close();
    await engine.stop();
    process.exit(0);
  }
  const verdicts = readVerdicts(result);
  const markdown = `# Shoal benchmarks: reads at scale

Measured by \`npm run bench:reads\` on ${new Date().toISOString().slice(0, 10)}: ${engine.description}; ${machine.cpus} × ${machine.cpu}, ${machine.memory}, ${machine.os}, Node ${machine.node}; load average ${loadBefore.toFixed(2)} before the run, ${os.loadavg()[0]!.toFixed(2)} after; ${((Date.now() - began) / 60000).toFixed(0)} minutes.

| target | measured | target | verdict |
| --- | --- | --- | --- |
${verdicts.map((v) => `| ${v.what} | ${v.measured} | ${v.target} | ${v.pass === undefined ? 'reported' : v.pass ? 'PASS' : 'MISS'} |`).join('\n')}

${readsSection(result)}`;
  mkdirSync(path.join(root, 'docs'), { recursive: true });
  const file = path.join(root, 'docs', process.env.BENCH_READS_FRACTION ? 'benchmarks-reads-small.md' : 'benchmarks-reads.md');
  writeFileSync(file, markdown);
  for (const v of verdicts) log(`  ${v.pass === undefined ? 'reported' : v.pass ? 'PASS' : 'MISS'}  ${v.what}: ${v.measured} (target ${v.target})`);
  log(`Written to ${path.relative(process.cwd(), file)}`);
  if (!kept) await client.db(dbName).dropDatabase();
  await client.close();
} finally {
  await engine.stop();
  if (!kept) rmSync(dataDir, { recursive: true, force: true });
}
process.exit(0);
