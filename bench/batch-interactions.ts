/**
 * Batch create of 10,000 interactions with customer references (SPEC section 10's last
 * bench row) on its own: a fresh Shoal with 2,000 customers, then 10 `POST
 * /api/interactions/batch` of 1,000 creates, against the raw driver's insertMany of the same
 * documents (1,000 a call) into a collection with the interactions' indexes, alternating
 * (raw, Shoal, Shoal, raw). `npx tsx bench/batch-interactions.ts` (about half a minute).
 * Beside the rates it prints the CPU time each side took per 1,000 records, in this process
 * and in the engine's: on a shared machine the rates swing with the load, the CPU much less.
 * COUNT_COMMANDS=1 also lists the database commands of the run (count and time);
 * PROFILE=file.cpuprofile writes a CPU profile of Shoal's blocks; BLOCK=2000 shortens it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { MongoClient, ObjectId } from 'mongodb';
import mongoose from 'mongoose';
import { createApp } from '../server/app.js';
import { connect } from '../server/db/connection.js';
import { startEngine } from '../server/db/engine.js';
import { createLogger } from '../server/logger.js';

const logger = createLogger('warn');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'shoal-batch-'));
const engine = await startEngine({ dataDir, logger, prefer: 'auto' });
const load = os.loadavg()[0]!;
try {
  const dbName = `shoal_batch_${randomBytes(4).toString('hex')}`;
  const connection = process.env.COUNT_COMMANDS
    ? await mongoose.createConnection(engine.uri, { dbName, bufferCommands: false, autoIndex: false, autoCreate: false, monitorCommands: true }).asPromise()
    : await connect(engine.uri, dbName);
  const app = await createApp({ connection, logger, engineName: engine.name });
  const url = `http://127.0.0.1:${await app.listen(0)}`;
  // As main.ts does at start: the read model answers the reference checks.
  await app.reads.ready();
  const owner = await app.users.setup({ name: 'Bench Admin', email: 'bench@shoal.test', password: randomBytes(12).toString('hex') });
  const token = (await app.auth.createToken(owner.id, 'bench')).token;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const customerIds: string[] = [];
  for (let b = 0; b < 2; b++) {
    const res = await fetch(`${url}/api/customers/batch`, { method: 'POST', headers, body: JSON.stringify({ create: Array.from({ length: 1000 }, (_, i) => ({ name: `Customer ${b}-${i}`, email: `c${b}-${i}@bench.test` })) }) });
    for (const item of ((await res.json()) as { create: { id: string }[] }).create) customerIds.push(item.id);
  }
  const client = await new MongoClient(engine.uri).connect();
  const db = client.db(dbName);
  const rawName = 'interactions_raw';
  for (const index of await db.collection('interactions').indexes()) if (index.name !== '_id_') await db.collection(rawName).createIndex(index.key, { name: index.name! });
  const now = Date.now();
  let n = 0;
  const input = (i: number) => ({ customerId: customerIds[n++ % customerIds.length]!, type: 'call', date: new Date(now - i * 60_000).toISOString(), subject: 'Batch call', notes: 'Logged by an integration.' });
  const PER_BLOCK = Number(process.env.BLOCK ?? 5_000);
  // CPU time (ms) of this process and of the engine's: under a shared machine's load the
  // wall-clock rates swing, the CPU each side spends per record much less.
  const enginePid = readdirSync('/proc').find((pid) => /^\d+$/.test(pid) && (() => { try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dataDir); } catch { return false; } })());
  const cpu = () => {
    const own = process.cpuUsage();
    const stat = enginePid ? readFileSync(`/proc/${enginePid}/stat`, 'utf8').split(') ')[1]!.split(' ') : [];
    return { node: (own.user + own.system) / 1000, engine: stat.length ? ((Number(stat[11]) + Number(stat[12])) * 1000) / 100 : NaN };
  };
  const spent = { shoal: { node: 0, engine: 0 }, raw: { node: 0, engine: 0 } };
  const timed = async (side: 'shoal' | 'raw', work: () => Promise<number>) => {
    const a = cpu();
    const rate = await work();
    const b = cpu();
    spent[side].node += b.node - a.node;
    spent[side].engine += b.engine - a.engine;
    return rate;
  };
  async function shoal(): Promise<number> {
    const t0 = performance.now();
    for (let b = 0; b < PER_BLOCK / 1000; b++) {
      const res = await fetch(`${url}/api/interactions/batch`, { method: 'POST', headers, body: JSON.stringify({ create: Array.from({ length: 1000 }, (_, i) => input(i)) }) });
      const body = (await res.json()) as { failed: number };
      if (res.status !== 200 || body.failed) throw new Error(`batch: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    }
    return PER_BLOCK / ((performance.now() - t0) / 1000);
  }
  async function raw(): Promise<number> {
    const t0 = performance.now();
    for (let b = 0; b < PER_BLOCK / 1000; b++) {
      const docs = Array.from({ length: 1000 }, (_, i) => {
        const f = input(i);
        const date = new Date(f.date);
        return { _id: new ObjectId(), ...f, date, userId: owner.id, search: `${f.type} ${f.subject} ${f.notes}`.toLowerCase(), fieldVersions: {}, version: 1, createdAt: new Date(), updatedAt: new Date() };
      });
      await db.collection(rawName).insertMany(docs, { ordered: false });
    }
    return PER_BLOCK / ((performance.now() - t0) / 1000);
  }
  const counts = new Map<string, { n: number; ms: number }>();
  const started = new Map<number, [string, number]>();
  if (process.env.COUNT_COMMANDS) {
    const mc = connection.getClient();
    mc.on('commandStarted', (e) => {
      const c = e.command as Record<string, unknown>;
      const key = `${e.commandName} ${String(c[e.commandName])}`;
      started.set(e.requestId, [key, performance.now()]);
    });
    mc.on('commandSucceeded', (e) => {
      const [key, t] = started.get(e.requestId) ?? ['?', performance.now()];
      const c = counts.get(key) ?? { n: 0, ms: 0 };
      c.n++;
      c.ms += performance.now() - t;
      counts.set(key, c);
    });
  }
  const r1 = await timed('raw', raw);
  // PROFILE=file.cpuprofile: a CPU profile of this process during Shoal's blocks only.
  const session = process.env.PROFILE ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const s1 = await timed('shoal', shoal);
  const s2 = await timed('shoal', shoal);
  if (session) writeFileSync(process.env.PROFILE!, JSON.stringify((await session.post('Profiler.stop')).profile));
  const r2 = await timed('raw', raw);
  const harmonic = (rates: number[]) => rates.length / rates.reduce((sum, r) => sum + 1 / r, 0);
  const s = harmonic([s1, s2]);
  const r = harmonic([r1, r2]);
  console.log(`${engine.description}; load ${load.toFixed(2)} before, ${os.loadavg()[0]!.toFixed(2)} after`);
  console.log(`raw ${r1.toFixed(0)}, ${r2.toFixed(0)}/s; Shoal ${s1.toFixed(0)}, ${s2.toFixed(0)}/s; Shoal ${s.toFixed(0)}/s, raw insertMany ${r.toFixed(0)}/s, ratio ${(s / r).toFixed(2)}`);
  for (const [k, v] of [...counts].sort((a, b) => b[1].ms - a[1].ms)) console.log(`${k}: ${v.n} commands, ${v.ms.toFixed(0)} ms`);
  const per = (ms: number) => ((ms / (2 * PER_BLOCK)) * 1000).toFixed(0);
  console.log(`CPU ms per 1,000: Shoal node ${per(spent.shoal.node)}, engine ${per(spent.shoal.engine)}; raw node ${per(spent.raw.node)}, engine ${per(spent.raw.engine)}`);
  await client.close();
  await app.close();
  await connection.close();
} finally {
  await engine.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(0);
