import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Customer } from '../../shared/customer.js';
import { ChangeEvent } from '../../shared/events.js';
import { Opportunity, Pipeline } from '../../shared/opportunity.js';
import { DEFAULT_PIPELINE_ID } from '../../shared/stage.js';
import { call } from '../support/call.js';
import { startShoal, type TestShoal } from '../support/shoal.js';

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const open: TestShoal[] = [];
afterAll(async () => {
  const last = open.pop();
  for (const s of open) await s.close(true).catch(() => undefined);
  await last?.close();
});

/** Every event in the log (one page is enough here). */
async function events(t: TestShoal): Promise<ChangeEvent[]> {
  return (await call(t.url, 'GET', '/api/events?after=0&limit=1000', undefined, { authorization: `Bearer ${t.admin.token}` }, z.array(ChangeEvent))).body;
}

/** Turns the database back into one from before pipelines: deals without a pipeline, no pipelines, no marker. */
async function unmigrate(t: TestShoal): Promise<void> {
  const db = t.connection.db!;
  await db.collection('opportunities').updateMany({}, { $unset: { pipelineId: '', changedAt: '' } });
  await db.collection('pipelines').deleteMany({});
  await db.collection('shoal_meta').deleteMany({ _id: 'migration:deal-pipelines' as never });
}

describe('the start migrates a database from before pipelines, once', () => {
  it('gives every deal the default pipeline with one event each; a restart and two processes do it only once', async () => {
    const first = await startShoal();
    const customerId = (await call(first.url, 'POST', '/api/customers', { name: 'Old Co', email: 'old@co.test' }, undefined, Customer)).body.id;
    const ids: string[] = [];
    for (const stage of ['prospecting', 'proposal', 'won']) ids.push((await call(first.url, 'POST', '/api/opportunities', { customerId, name: `Old ${stage}`, stage, amount: 10 }, undefined, Opportunity)).body.id);
    await unmigrate(first);
    const before = (await events(first)).at(-1)!.seq;
    const { admin, dbName } = first;
    await first.close(true);

    // Two processes start on that database at once (sharing Redis, as scale-out does).
    const [a, b] = await Promise.all([startShoal({ dbName, setup: false, redisUrl }), startShoal({ dbName, setup: false, redisUrl })]);
    open.push(a, b);
    a.admin = admin;
    b.admin = admin;
    const log = await events(a);
    const migration = log.filter((e) => e.entity === 'opportunity' && e.fields?.includes('pipelineId'));
    expect(migration.map((e) => e.id).sort()).toEqual([...ids].sort());
    expect(migration.every((e) => e.actor.name === 'Shoal' && e.version === 2 && e.entity === 'opportunity' && e.data?.pipelineId === DEFAULT_PIPELINE_ID)).toBe(true);
    // The default pipeline made again (its document was removed), once.
    expect(log.filter((e) => e.entity === 'pipeline' && e.seq > before)).toHaveLength(1);
    for (const id of ids) {
      const deal = (await call(b.url, 'GET', `/api/opportunities/${id}`, undefined, { authorization: `Bearer ${admin.token}` }, Opportunity)).body;
      expect(deal).toMatchObject({ pipelineId: DEFAULT_PIPELINE_ID, version: 2 });
    }
    const stored = await a.connection.db!.collection('opportunities').find({}).toArray();
    expect(stored.every((d) => d.pipelineId === DEFAULT_PIPELINE_ID)).toBe(true);
    // Both processes' read models have them in the default pipeline's board.
    for (const s of [a, b]) {
      const board = (await call(s.url, 'GET', '/api/pipeline', undefined, { authorization: `Bearer ${admin.token}` }, Pipeline)).body;
      expect(board.stages.reduce((n, c) => n + c.count, 0)).toBe(3);
    }

    // A restart migrates nothing again.
    const seq = log.at(-1)!.seq;
    await b.close(true);
    open.pop();
    const c = await startShoal({ dbName, setup: false, redisUrl });
    open.push(c);
    c.admin = admin;
    expect((await events(c)).filter((e) => e.seq > seq)).toEqual([]);
    const redis = createClient({ url: redisUrl });
    await redis.connect();
    const keys = await redis.keys(`shoal:${dbName}:*`);
    if (keys.length) await redis.del(keys);
    await redis.quit();
  });
});
