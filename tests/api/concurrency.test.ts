import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Customer } from '../../shared/customer.js';
import { ChangeEvent } from '../../shared/events.js';
import { bodyOf, call } from '../support/call.js';
import { collectChanges, connectSocket, startShoal, waitFor, type TestShoal } from '../support/shoal.js';

let t: TestShoal;
beforeAll(async () => {
  t = await startShoal();
});
afterAll(async () => {
  await t.close();
});

describe('no lost updates on the engine under test (SPEC section 9)', () => {
  it('50 simultaneous PATCHes of one field with the same If-Match: exactly one 200 and 49 answers of 412', async () => {
    const { body: customer } = await call(t.url, 'POST', '/api/customers', { name: 'Contended', email: 'contended@example.com' }, undefined, Customer);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => call(t.url, 'PATCH', `/api/customers/${customer.id}`, { phone: `555-${i}` }, { 'If-Match': '"1"' })),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(49);
    const winner = answers.find((a) => a.status === 200)!;
    const now = await call(t.url, 'GET', `/api/customers/${customer.id}`, undefined, undefined, Customer);
    expect(now.body.phone).toBe(bodyOf(winner, Customer).phone);
    expect(now.body.version).toBe(2);
  });

  it('100 simultaneous edits of one record without If-Match: every one applied, versions 2..101, events in seq order without duplicates', async () => {
    const { body: customer } = await call(t.url, 'POST', '/api/customers', { name: 'Busy', email: 'busy@example.com' }, undefined, Customer);
    const watcher = await connectSocket(t.url);
    const seen = collectChanges(watcher);
    // Without the per-document lock, edits read the same version and overwrite each other.
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        call(t.url, 'PATCH', `/api/customers/${customer.id}`, i % 2 ? { phone: `p-${i}` } : { website: `https://w${i}.test` }),
      ),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const versions = answers.map((a) => bodyOf(a, Customer).version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 100 }, (_, i) => i + 2));
    await waitFor(() => seen.filter((e) => e.id === customer.id).length === 100, '100 change events');
    const mine = seen.filter((e) => e.id === customer.id);
    expect(mine.map((e) => e.version)).toEqual(Array.from({ length: 100 }, (_, i) => i + 2));
    const seqs = seen.map((e) => e.seq);
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe(seqs[i - 1]! + 1);
    const final = await call(t.url, 'GET', `/api/customers/${customer.id}`, undefined, undefined, Customer);
    expect(final.body.version).toBe(101);
    // The last event of each field holds the field's final value.
    const customerChanges = mine.filter((e) => e.entity === 'customer');
    const lastPhone = customerChanges.filter((e) => e.fields?.includes('phone')).at(-1)!;
    const lastWebsite = customerChanges.filter((e) => e.fields?.includes('website')).at(-1)!;
    expect(final.body.phone).toBe(lastPhone.entity === 'customer' ? lastPhone.data!.phone : lastPhone.entity);
    expect(final.body.website).toBe(lastWebsite.entity === 'customer' ? lastWebsite.data!.website : lastWebsite.entity);
    watcher.disconnect();
  });

  it('allocates strictly increasing seq values without duplicates across concurrent changes to many records', async () => {
    const before = Number((await call(t.url, 'GET', '/api/events?after=0&limit=1')).headers.get('x-latest-seq'));
    await Promise.all(Array.from({ length: 60 }, (_, i) => call(t.url, 'POST', '/api/customers', { name: `Parallel ${i}`, email: `parallel${i}@example.com` })));
    const { body: events } = await call(t.url, 'GET', `/api/events?after=${before}&limit=1000`, undefined, undefined, z.array(ChangeEvent));
    expect(events).toHaveLength(60);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 60 }, (_, i) => before + 1 + i));
  });

  it('two simultaneous creates with one email: one 201, one 409', async () => {
    const [a, b] = await Promise.all([
      call(t.url, 'POST', '/api/customers', { name: 'Twin A', email: 'twin@example.com' }),
      call(t.url, 'POST', '/api/customers', { name: 'Twin B', email: 'TWIN@example.com' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
  });
});
