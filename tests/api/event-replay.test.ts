import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventModel } from '../../server/events/event.model.js';
import { createEventLog } from '../../server/events/event.service.js';
import { createLogger } from '../../server/logger.js';
import { BatchResult } from '../../shared/batch.js';
import { Customer } from '../../shared/customer.js';
import { call } from '../support/call.js';
import { startShoal, type TestShoal } from '../support/shoal.js';

/**
 * SPEC section 10: the event replay costs time independent of the log's size. FerretDB answers
 * any query on `events` but by `_id` by reading every event, so after a start the log reads
 * itself once and replays from memory from then on.
 */
describe('event replay after a start', () => {
  let t: TestShoal;
  beforeAll(async () => {
    t = await startShoal();
  });
  afterAll(async () => {
    t.connection.set('debug', false);
    await t.close();
  });

  it('reads the log from the database once, then answers replays (and the newest seq) from memory, in order and without gaps', async () => {
    for (let i = 0; i < 30; i++) {
      const res = await call(t.url, 'POST', '/api/customers', { name: `Replay ${i}`, email: `replay${i}@replay.test` }, undefined, Customer);
      expect(res.status).toBe(201);
    }
    // A batch is stored as one document holding its events: those come back one by one too.
    const batch = await call(t.url, 'POST', '/api/customers/batch', { create: Array.from({ length: 5 }, (_, i) => ({ name: `Batch ${i}`, email: `batch${i}@replay.test` })) }, undefined, BatchResult);
    expect(batch.status).toBe(200);

    const queries: string[] = [];
    t.connection.set('debug', (collection: string, method: string) => {
      if (collection === 'events') queries.push(method);
    });
    // A new log on the same database: the one a restarted process starts with.
    const log = createEventLog({ model: eventModel(t.connection), logger: createLogger('silent'), clock: () => new Date(), retentionDays: 30 });
    const latest = await log.latest();
    expect(queries).toHaveLength(1);
    queries.length = 0;

    const { events } = await log.since(latest - 20, 1000);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => latest - 19 + i));
    expect(events.slice(-5).map((e) => (e.data as { name: string }).name)).toEqual(['Batch 0', 'Batch 1', 'Batch 2', 'Batch 3', 'Batch 4']);
    const page = await log.since(latest - 30, 7);
    expect(page.events.map((e) => e.seq)).toEqual(Array.from({ length: 7 }, (_, i) => latest - 29 + i));
    expect(await log.latest()).toBe(latest);
    expect(queries).toEqual([]);
  });
});

describe('batches and the broadcast', () => {
  let t: TestShoal;
  beforeAll(async () => {
    t = await startShoal();
  });
  afterAll(async () => {
    await t.close();
  });

  it('groups a batch’s changes, and broadcasts at once a change that work a batch left running appends after it ended', async () => {
    // A log of its own, on a database of its own: Shoal's log does not see its seqs.
    const db = t.connection.useDb(`${t.dbName}_batches`);
    const log = createEventLog({ model: eventModel(db), logger: createLogger('silent'), clock: () => new Date(), retentionDays: 30 });
    const sent: number[][] = [];
    log.subscribeBroadcast((group) => sent.push(group.map((e) => e.seq)));
    const actor = { id: t.admin.id, name: 'Batch Probe' };
    const change = (name: string) => ({ entity: 'customer' as const, op: 'created' as const, id: new Types.ObjectId().toHexString(), data: { name }, version: 1, actor });

    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let late: Promise<{ seq: number }> | undefined;
    const [a, b] = await log.batch(async () => {
      const first = await log.append(change('Inside 1'));
      const second = await log.append(change('Inside 2'));
      // Not awaited by the batch: it appends once the batch has ended.
      late = gate.then(() => log.append(change('After the batch')));
      return [first, second];
    });
    expect(sent, 'the batch’s changes in one group, once it ends').toEqual([[a!.seq, b!.seq]]);
    release();
    const after = await late!;
    expect(sent, 'the late change on its own, at once').toEqual([[a!.seq, b!.seq], [after.seq]]);

    // A change outside any batch goes out alone, and a later batch groups its own again.
    const alone = await log.append(change('Alone'));
    const [c, d] = await log.batch(async () => [await log.append(change('Next 1')), await log.append(change('Next 2'))]);
    expect(sent.slice(2)).toEqual([[alone.seq], [c!.seq, d!.seq]]);
    await db.dropDatabase();
  });
});
