import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BatchResult } from '../../shared/batch.js';
import { ChangeEvent } from '../../shared/events.js';
import { call } from '../support/call.js';
import { startShoal, type TestShoal } from '../support/shoal.js';

// A batch's events are one document of the log, its changes deflated (server/db/packed.ts);
// groups stored before that hold them as JSON text. Both read back the same, from the database
// (a fresh process has none of them in memory).
let t: TestShoal | undefined;
afterAll(async () => {
  await t?.close();
});

describe('the event log as stored', () => {
  it("keeps a batch's events as one deflated document, and reads groups stored as JSON text as before", async () => {
    t = await startShoal();
    const batch = await call(t.url, 'POST', '/api/customers/batch', { create: [1, 2, 3].map((i) => ({ name: `Packed ${i}`, email: `packed-${i}@example.com` })) }, undefined, BatchResult);
    expect(batch.status).toBe(200);
    const group = await t.connection.collection('events').findOne({ last: { $exists: true } }, { sort: { seq: -1 } });
    expect(group).toMatchObject({ last: group!.seq + 2 });
    expect(group!.packed).toBeDefined();
    expect(group!.group).toBeUndefined();
    // Far smaller than the JSON text of its three changes.
    expect(group!.packed.length()).toBeLessThan(JSON.stringify(batch.body.create).length);

    // A group in the earlier form, after the packed one.
    const first = group!.last + 1;
    const at = new Date();
    const actor = { id: t.admin.id, name: 'Older Shoal' };
    const older = ['a', 'b'].map((x) => ({ entity: 'customer', op: 'updated', recordId: batch.body.create[0]!.id, data: { ...batch.body.create[0]!.record, industry: x }, version: 2, fields: ['industry'], actor }));
    const { dbName } = t;
    await t.close(true);
    t = await startShoal({ dbName, setup: false });
    await t.connection.collection('events').insertOne({ seq: first, last: first + 1, at, group: JSON.stringify(older) });

    const res = await call(t.url, 'GET', `/api/events?after=${group!.seq - 1}`, undefined, { authorization: `Bearer ${(await t.shoal.auth.createToken(actor.id, 'events')).token}` }, z.array(ChangeEvent));
    expect(res.status).toBe(200);
    const events = res.body;
    expect(events.map((e) => e.seq)).toEqual([group!.seq, group!.seq + 1, group!.seq + 2, first, first + 1]);
    expect(events.slice(0, 3).map((e) => `${e.op} ${String(e.entity === 'customer' ? e.data?.name : e.entity)}`)).toEqual(['created Packed 1', 'created Packed 2', 'created Packed 3']);
    expect(events.slice(0, 3).map((e) => e.id)).toEqual(batch.body.create.map((c) => c.id));
    expect(events.slice(3).map((e) => `${e.op} v${e.version} ${String(e.entity === 'customer' ? e.data?.industry : e.entity)} ${e.at}`)).toEqual([`updated v2 a ${at.toISOString()}`, `updated v2 b ${at.toISOString()}`]);
  }, 60_000);
});
