import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Customer } from '../../shared/customer.js';
import { ChangeEvent } from '../../shared/events.js';
import { bodyOf, call } from '../support/call.js';
import type { TestShoal } from '../support/shoal.js';
import { startPair, type ShoalPair } from '../support/pair.js';

// Issue 11: two Shoal processes on one database and one Redis, as the README's scale-out
// describes. FerretDB updates by read-then-write, so the per-record lock must hold across
// processes (through Redis), or two processes overwrite each other's changes.
let a: TestShoal;
let b: TestShoal;
const on = (shoal: TestShoal, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  call(shoal.url, method, path, body, { authorization: `Bearer ${a.admin.token}`, ...headers });

let pair: ShoalPair;
beforeAll(async () => {
  pair = await startPair();
  ({ a, b } = pair);
});
afterAll(async () => {
  await pair?.close();
});

/** The events of one record, from the log. */
async function eventsOf(id: string): Promise<ChangeEvent[]> {
  const res = await on(a, 'GET', '/api/events?after=0&limit=1000');
  return bodyOf(res, z.array(ChangeEvent)).filter((e) => e.id === id);
}

describe('two processes writing one record', () => {
  it('40 PATCHes of one field with the same If-Match, split across both, give exactly one 200', async () => {
    const customer = bodyOf(await on(a, 'POST', '/api/customers', { name: 'Contested', email: 'contested@example.com' }), Customer);
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => on(i % 2 ? b : a, 'PATCH', `/api/customers/${customer.id}`, { phone: `+1 555 01${String(i).padStart(2, '0')}` }, { 'if-match': `"${customer.version}"` })),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(39);
    const winner = bodyOf(answers.find((r) => r.status === 200)!, Customer);
    expect(bodyOf(await on(b, 'GET', `/api/customers/${customer.id}`), Customer)).toMatchObject({ phone: winner.phone, version: 2 });
  });

  it('60 concurrent edits of different fields, split across both, are all kept with no duplicate versions', async () => {
    const customer = bodyOf(await on(a, 'POST', '/api/customers', { name: 'Busy', email: 'busy@example.com' }), Customer);
    const fields = ['phone', 'address', 'website', 'industry'] as const;
    const value = (field: (typeof fields)[number], i: number) => (field === 'website' ? `https://busy${i}.example.com` : `${field} ${i}`);
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => {
        const field = fields[i % fields.length]!;
        return on(i % 2 ? b : a, 'PATCH', `/api/customers/${customer.id}`, { [field]: value(field, i) });
      }),
    );
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 200));
    const versions = (await eventsOf(customer.id)).map((e) => e.version);
    expect(versions).toEqual(Array.from({ length: 61 }, (_, i) => i + 1));
    // The last edit of each field is the one stored: none was overwritten by another process.
    const stored = bodyOf(await on(a, 'GET', `/api/customers/${customer.id}`), Customer);
    expect(stored.version).toBe(61);
    const patched = answers.map((r) => bodyOf(r, Customer));
    for (const field of fields) {
      const last = patched.filter((c) => c[field] !== undefined).sort((x, y) => x.version - y.version).at(-1)!;
      expect(stored[field]).toBe(last[field]);
    }
  });
});
