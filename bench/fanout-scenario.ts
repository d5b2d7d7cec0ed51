import http from 'node:http';
import express from 'express';
import type { Db, ObjectId } from 'mongodb';
import { Server } from 'socket.io';
import type { ChangeEvent } from '../shared/events.js';
import type { FanoutJob, FanoutResult } from './clients-worker.js';
import { close, listen } from './servers.js';
import { distribution, type Distribution } from './stats.js';
import { runWorker } from './worker.js';

export interface FanoutSide {
  delivery: Distribution;
  afterResponse: Distribution;
  rest: Distribution;
  missing: number;
  connectMs: number;
}

export interface FanoutScenarioResult {
  sockets: number;
  rounds: number;
  /** The engine's share: the three operations of Shoal's PATCH through the raw driver, in sequence. */
  engineFloor: Distribution;
  shoal: FanoutSide;
  baseline: FanoutSide;
  /** The same with a deal moved between two columns (issue 5: a move reaching other boards). */
  move?: FanoutSide;
}

const summarize = (r: FanoutResult): FanoutSide => ({ delivery: distribution(r.delivery), afterResponse: distribution(r.afterResponse), rest: distribution(r.rest), missing: r.missing, connectMs: r.connectMs });

/**
 * What Shoal's PATCH costs in the engine alone: `findOne` by `_id`, `updateOne` by `_id` and
 * `version`, `insertOne` of an event, one after the other through the raw driver, on a
 * customer the benchmark does not otherwise touch and a scratch events collection.
 */
async function measureEngineFloor(db: Db, customerId: ObjectId, times: number): Promise<Distribution> {
  const customers = db.collection('customers');
  const events = db.collection('bench_floor_events');
  const samples: number[] = [];
  try {
    for (let i = 0; i < times + 2; i++) {
      const t0 = performance.now();
      const doc = await customers.findOne({ _id: customerId });
      if (!doc) throw new Error('the engine-floor customer is missing');
      const { _id: _ignored, ...data } = doc;
      const version = (doc.version as number) + 1;
      await customers.updateOne({ _id: customerId, version: doc.version }, { $set: { phone: `+1 303 555 ${String(i).padStart(4, '0')}`, version, updatedAt: new Date() } });
      await events.insertOne({ seq: i + 1, entity: 'customer', op: 'updated', recordId: customerId.toHexString(), data, version, at: new Date() });
      if (i >= 2) samples.push(performance.now() - t0);
    }
  } finally {
    await events.drop().catch(() => undefined);
  }
  return distribution(samples);
}

/**
 * The baseline: bare express + socket.io (default options) whose `POST /change` broadcasts
 * the posted JSON to every socket and answers 200.
 */
async function startBaseline(): Promise<{ url: string; stop(): Promise<void> }> {
  const app = express();
  app.use(express.json());
  const server = http.createServer(app);
  const io = new Server(server);
  app.post('/change', (req, res) => {
    io.emit('change', req.body);
    res.sendStatus(200);
  });
  const url = await listen(server);
  return {
    url,
    stop: async () => {
      await io.close();
      await close(server);
    },
  };
}

/**
 * Scenario 2 of SPEC section 8: a change reaching 200 connected clients, Shoal (PATCH of a
 * customer) against the baseline (POST of an event of the same shape), measured the same way
 * by a worker thread holding the client sockets.
 */
export async function runFanoutScenario(options: {
  shoalUrl: string;
  db: Db;
  customerId: string;
  /** A customer no other step touches, for the engine-floor measurement. */
  floorCustomerId: ObjectId;
  template: ChangeEvent;
  /** Shoal's bearer token. */
  token: string;
  /** A deal to move back and forth, for the move scenario. */
  opportunityId?: string;
  sockets: number;
  rounds: number;
  log: (line: string) => void;
}): Promise<FanoutScenarioResult> {
  const { shoalUrl, db, customerId, floorCustomerId, template, sockets, rounds, log } = options;
  const common = { sockets, rounds, warmupRounds: 5, pauseMs: 25, timeoutMs: 5_000 };
  const worker = new URL('./clients-worker.ts', import.meta.url);

  const baselineServer = await startBaseline();
  let baseline: FanoutResult;
  try {
    log(`  baseline (express + socket.io): ${sockets} sockets, ${rounds} changes...`);
    baseline = await runWorker<FanoutResult>(worker, { ...common, url: baselineServer.url, target: { kind: 'baseline', event: template } } satisfies FanoutJob);
  } finally {
    await baselineServer.stop();
  }
  log(`  Shoal: ${sockets} sockets, ${rounds} PATCHes...`);
  const shoal = await runWorker<FanoutResult>(worker, { ...common, url: shoalUrl, token: options.token, target: { kind: 'shoal', customerId } } satisfies FanoutJob);
  let move: FanoutResult | undefined;
  if (options.opportunityId) {
    log(`  Shoal: ${sockets} sockets, ${rounds} moves of a deal between two columns...`);
    move = await runWorker<FanoutResult>(worker, { ...common, url: shoalUrl, token: options.token, target: { kind: 'move', opportunityId: options.opportunityId } } satisfies FanoutJob);
  }
  log('  engine floor: the three operations of a PATCH through the raw driver, 20 times...');
  const engineFloor = await measureEngineFloor(db, floorCustomerId, 20);
  if (process.env.BENCH_DEBUG) {
    log(`    Shoal REST per change (ms): ${shoal.rest.map((x) => x.toFixed(0)).join(' ')}`);
    log(`    baseline REST per change (ms): ${baseline.rest.map((x) => x.toFixed(0)).join(' ')}`);
  }
  return { sockets, rounds, engineFloor, shoal: summarize(shoal), baseline: summarize(baseline), ...(move ? { move: summarize(move) } : {}) };
}
