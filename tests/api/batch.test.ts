import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BatchResult } from '../../shared/batch.js';
import { Customer } from '../../shared/customer.js';
import { ChangeEvent } from '../../shared/events.js';
import { Opportunity, Pipeline } from '../../shared/opportunity.js';
import { bodyOf, call, problemOf } from '../support/call.js';
import { connectSocket, startShoal, waitFor, type TestShoal, type TestUser } from '../support/shoal.js';

let t: TestShoal;
let watcher: TestUser;
const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(t.url, method, path, body, headers);
const customer = (n: number | string) => ({ name: `Batch Co ${n}`, email: `batch${n}@example.com` });

beforeAll(async () => {
  t = await startShoal();
  watcher = await t.addUser('Wendy Watcher');
});
afterAll(async () => {
  await t.close();
});

describe('POST /api/R/batch', () => {
  it('creates, changes and deletes, each item on its own: 207 with a result per item when some fail', async () => {
    const keep = bodyOf(await api('POST', '/api/customers', customer('keep')), Customer);
    const stale = bodyOf(await api('POST', '/api/customers', customer('stale')), Customer);
    bodyOf(await api('PATCH', `/api/customers/${stale.id}`, { phone: '+1 555 0100' }), Customer);
    const gone = bodyOf(await api('POST', '/api/customers', customer('gone')), Customer);

    const res = await api('POST', '/api/customers/batch', {
      create: [customer(1), { name: 'No email' }, customer('keep'), customer(2), customer(2)],
      update: [
        { id: keep.id, phone: '+44 20 7946 0000' },
        { id: stale.id, version: 1, phone: '+1 555 0199' },
        { id: keep.id, industry: 42 },
        { id: 'ffffffffffffffffffffffff', phone: '1' },
      ],
      delete: [gone.id, '000000000000000000000000'],
    });
    expect(res.status).toBe(207);
    const result = bodyOf(res, BatchResult);
    expect(result).toMatchObject({ succeeded: 4, failed: 7 });
    expect(result.create.map((r) => r.status)).toEqual([201, 422, 409, 201, 409]);
    expect(result.create[0]).toMatchObject({ index: 0, record: { name: 'Batch Co 1', email: 'batch1@example.com', version: 1 } });
    expect(Customer.parse(result.create[0]!.record)).toMatchObject({ name: 'Batch Co 1' });
    expect(result.create[1]!.error?.errors).toEqual([{ path: 'email', message: expect.any(String) }]);
    expect(result.create[2]!.error).toMatchObject({ status: 409, errors: [{ path: 'email' }] });
    expect(result.update.map((r) => r.status)).toEqual([200, 412, 422, 404]);
    expect(Customer.parse(result.update[0]!.record)).toMatchObject({ id: keep.id, phone: '+44 20 7946 0000', version: 2 });
    expect(result.update[1]!.error).toMatchObject({ status: 412, conflicts: ['phone'] });
    expect(result.update[2]!.error?.errors).toEqual([{ path: 'industry', message: expect.any(String) }]);
    expect(result.delete).toEqual([
      { index: 0, status: 204, id: gone.id },
      expect.objectContaining({ index: 1, status: 404, id: '000000000000000000000000' }),
    ]);
    // What the answer says is what is stored.
    expect((await api('GET', `/api/customers/${result.create[0]!.id}`)).status).toBe(200);
    expect(bodyOf(await api('GET', `/api/customers/${stale.id}`), Customer).phone).toBe('+1 555 0100');
    expect((await api('GET', `/api/customers/${gone.id}`)).status).toBe(404);
    expect((await api('GET', '/api/customers?q=batch2')).headers.get('x-total-count')).toBe('1');
  });

  it('answers 200 when every item succeeds, and replays the first answer for a repeated Idempotency-Key', async () => {
    const body = { create: [customer('idem-a'), customer('idem-b')] };
    const first = await api('POST', '/api/customers/batch', body, { 'idempotency-key': 'batch-once' });
    expect(first.status).toBe(200);
    expect(bodyOf(first, BatchResult)).toMatchObject({ succeeded: 2, failed: 0, update: [], delete: [] });
    const again = await api('POST', '/api/customers/batch', body, { 'idempotency-key': 'batch-once' });
    expect(again.status).toBe(200);
    expect(bodyOf(again, BatchResult)).toEqual(bodyOf(first, BatchResult));
    expect(again.body).toEqual(first.body);
    expect((await api('GET', '/api/customers?q=idem')).headers.get('x-total-count')).toBe('2');
  });

  it('refuses a malformed batch as a whole, naming what is wrong', async () => {
    const tooMany = await api('POST', '/api/customers/batch', { create: Array.from({ length: 600 }, (_, i) => customer(`x${i}`)), delete: Array.from({ length: 401 }, () => 'x') });
    expect(tooMany.status).toBe(422);
    expect(problemOf(tooMany).errors).toEqual([{ path: 'create', message: expect.stringContaining('1,001 operations') }]);
    expect(problemOf(await api('POST', '/api/customers/batch', { create: {} })).errors).toEqual([{ path: 'create', message: 'must be an array of records to create' }]);
    expect(problemOf(await api('POST', '/api/customers/batch', { update: [{ phone: '1' }] })).errors).toEqual([{ path: 'update.0.id', message: 'must be the id of the record to change' }]);
    expect(problemOf(await api('POST', '/api/customers/batch', { remove: [] })).errors).toEqual([{ path: 'remove', message: 'is not a known field' }]);
    expect(bodyOf(await api('POST', '/api/customers/batch', { create: [{ name: { $gt: '' }, email: 'op@example.com' }] }), BatchResult).create[0]!.status).toBe(422);
    expect((await api('POST', '/api/customers/batch', '{"create": [')).status).toBe(400);
    expect((await api('POST', '/api/customers/batch', { create: [] }, { authorization: '' })).status).toBe(401);
    expect((await api('GET', '/api/customers?q=x1')).headers.get('x-total-count')).toBe('0');
  });

  it('creates deals one after the other at the bottom of their columns, with references checked per item', async () => {
    const owner = bodyOf(await api('POST', '/api/customers', customer('deals')), Customer);
    const res = await api('POST', '/api/opportunities/batch', {
      create: [
        { customerId: owner.id, name: 'First', stage: 'proposal', amount: 100 },
        { customerId: '000000000000000000000000', name: 'Orphan', stage: 'proposal', amount: 1 },
        { customerId: owner.id, name: 'Second', stage: 'Proposal', amount: 200 },
      ],
    });
    expect(res.status).toBe(207);
    const result = bodyOf(res, BatchResult);
    expect(result.create.map((r) => r.status)).toEqual([201, 422, 201]);
    expect(result.create[1]!.error?.errors?.[0]?.path).toBe('customerId');
    const [first, second] = [result.create[0], result.create[2]].map((r) => Opportunity.parse(r?.record)) as [Opportunity, Opportunity];
    expect(first.rank < second.rank).toBe(true);
    const column = bodyOf(await api('GET', '/api/pipeline'), Pipeline).stages.find((s) => s.key === 'proposal');
    expect(column?.opportunities.map((o) => o.name)).toEqual(['First', 'Second']);
  });
});

describe('live', () => {
  it('a batch of 1,000 changes reaches another client as two messages, every change once and in seq order', async () => {
    const socket = await connectSocket(t.url, { token: watcher.token });
    const messages: ChangeEvent[][] = [];
    socket.on('change', (event) => messages.push([event]));
    socket.on('changes', (events) => messages.push(events));
    /**
     * A later change (one more customer) waited for: changes arrive in seq order, so once it is
     * in, every message of the batch before it has arrived. Answers that change's message.
     */
    let later = 0;
    const laterChange = async () => {
      const made = bodyOf(await api('POST', '/api/customers', customer(`later-${++later}`)), Customer);
      await waitFor(() => messages.flat().some((e) => e.id === made.id), 'the later change');
      return messages.pop()!;
    };
    const res = await api('POST', '/api/customers/batch', { create: Array.from({ length: 1_000 }, (_, i) => customer(`live${i}`)) });
    expect(res.status).toBe(200);
    const result = bodyOf(res, BatchResult);
    await waitFor(() => messages.flat().length >= 1_000, 'the 1,000 changes', 15_000);
    expect(await laterChange()).toHaveLength(1);
    expect(messages.length).toBe(2);
    const seqs = messages.flat().map((e) => e.seq);
    expect(seqs).toHaveLength(1_000);
    expect(seqs.every((s, i) => i === 0 || s === seqs[i - 1]! + 1)).toBe(true);
    expect(new Set(messages.flat().map((e) => e.id))).toEqual(new Set(result.create.map((r) => r.id)));
    expect(messages.flat().every((e) => e.entity === 'customer' && e.op === 'created' && e.actor.name === 'Test Admin')).toBe(true);

    // The log gives the batch's changes back from any point in it, like any others.
    const middle = await api('GET', `/api/events?after=${seqs[499]}&limit=10`);
    expect(bodyOf(middle, z.array(ChangeEvent)).map((e) => e.seq)).toEqual(seqs.slice(500, 510));
    expect(bodyOf(middle, z.array(z.unknown()))[0]).toEqual(messages.flat()[500]);
    const whole = await api('GET', `/api/events?after=${seqs[0]! - 1}&limit=1000`);
    expect(bodyOf(whole, z.array(ChangeEvent))).toHaveLength(1_000);
    expect(whole.body).toEqual(messages.flat());

    // A batch of changes made one record at a time (updates) is grouped too.
    messages.length = 0;
    const ids = result.create.slice(0, 600).map((r) => r.id!);
    const changed = await api('POST', '/api/customers/batch', { update: ids.map((id) => ({ id, industry: 'Logistics' })) });
    expect(changed.status).toBe(200);
    expect(bodyOf(changed, BatchResult).succeeded).toBe(600);
    await waitFor(() => messages.flat().length >= 600, 'the 600 changes', 15_000);
    expect(await laterChange()).toHaveLength(1);
    expect(messages.map((m) => m.length)).toEqual([500, 100]);
    socket.disconnect();
  }, 60_000);
});

describe('reference checks', () => {
  it('a batch of 300 interactions finds its customers and contacts in the read model: no read per item, before its first load and for records created a moment before', async () => {
    // A Shoal of its own: nothing has read through its read model yet (main.ts loads it at start; a bare app on first use).
    const s = await startShoal();
    try {
      const customers = (await call(s.url, 'POST', '/api/customers/batch', { create: Array.from({ length: 10 }, (_, i) => customer(`refs-${i}`)) }, undefined, BatchResult)).body.create.map((r) => r.id!);
      const contacts = (await call(s.url, 'POST', '/api/contacts/batch', { create: customers.map((customerId, i) => ({ customerId, name: `Ref Contact ${i}`, email: `ref-contact-${i}@example.com` })) }, undefined, BatchResult)).body.create.map((r) => r.id!);
      expect(contacts).toHaveLength(10);
      const reads: string[] = [];
      s.connection.set('debug', (collection: string, method: string) => {
        if (collection === 'customers' || collection === 'contacts') reads.push(`${collection}.${method}`);
      });
      const create = Array.from({ length: 300 }, (_, i) => ({ customerId: customers[i % 10], ...(i % 2 ? { contactId: contacts[i % 10] } : {}), type: 'call', date: new Date(Date.UTC(2026, 0, 1, 9, i)).toISOString(), subject: `Call ${i}` }));
      // Two that are wrong: a customer that does not exist, a contact of another customer.
      create.push({ customerId: '0123456789abcdef01234567', type: 'call', date: new Date().toISOString(), subject: 'Nobody' });
      create.push({ customerId: customers[0], contactId: contacts[1], type: 'call', date: new Date().toISOString(), subject: 'Wrong contact' });
      const res = await call(s.url, 'POST', '/api/interactions/batch', { create });
      s.connection.set('debug', false);
      expect(res.status).toBe(207);
      const result = bodyOf(res, BatchResult);
      expect(result.create.slice(0, 300).every((r) => r.status === 201)).toBe(true);
      expect(result.create.slice(300).map((r) => `${r.status} ${r.error?.errors?.[0]?.path}`)).toEqual(['422 customerId', '422 contactId']);
      // Only the customer the read model does not hold is looked for in the database.
      expect(reads).toEqual(['customers.findOne']);
    } finally {
      await s.close();
    }
  }, 60_000);
});
