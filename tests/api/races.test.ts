import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Contact } from '../../shared/contact.js';
import { Customer } from '../../shared/customer.js';
import { Interaction } from '../../shared/interaction.js';
import { Opportunity } from '../../shared/opportunity.js';
import { Task } from '../../shared/task.js';
import { bodyOf, call, problemOf } from '../support/call.js';
import { startShoal, type TestShoal } from '../support/shoal.js';

// Issue 11: cascades and guards that hold under races (SPEC section 3: deleting a customer
// removes it with everything that belongs to it; SPEC section 6: one order of cards per column).
let t: TestShoal;

beforeAll(async () => {
  t = await startShoal();
});
afterAll(async () => {
  await t.close();
});

const children = ['contacts', 'opportunities', 'interactions', 'tasks'] as const;
const schemaOf = { contacts: Contact, opportunities: Opportunity, interactions: Interaction, tasks: Task } satisfies Record<(typeof children)[number], z.ZodType<{ id: string }>>;
const count = (collection: string, customerId: string) => t.connection.collection(collection).countDocuments({ customerId });

describe('a customer deleted while records are added to it', () => {
  it('leaves no orphans: each child either went with the customer (and comes back with it) or was refused, in 8 rounds', async () => {
    let orphans = 0;
    let taken = 0;
    let refused = 0;
    for (let round = 0; round < 8; round++) {
      const customer = (await call(t.url, 'POST', '/api/customers', { name: `Doomed ${round}`, email: `doomed-${round}@example.com` }, undefined, Customer)).body;
      const bodies = (i: number) => ({
        contacts: { customerId: customer.id, name: `Person ${round}-${i}`, email: `person-${round}-${i}@example.com` },
        opportunities: { customerId: customer.id, name: `Deal ${round}-${i}`, stage: 'proposal', amount: 100 },
        interactions: { customerId: customer.id, type: 'call', date: '2026-01-02T10:00:00.000Z', notes: `Call ${round}-${i}` },
        tasks: { customerId: customer.id, title: `Follow up ${round}-${i}`, type: 'todo', dueAt: '2026-02-01' },
      });
      const creates = Array.from({ length: 6 }, (_, i) => children.map((kind) => ({ kind, res: call(t.url, 'POST', `/api/${kind}`, bodies(i)[kind]) }))).flat();
      // The delete starts among the creates.
      const removed = call(t.url, 'DELETE', `/api/customers/${customer.id}`);
      const more = Array.from({ length: 6 }, (_, i) => children.map((kind) => ({ kind, res: call(t.url, 'POST', `/api/${kind}`, bodies(6 + i)[kind]) }))).flat();
      expect((await removed).status).toBe(204);
      const answers = await Promise.all([...creates, ...more].map(async ({ kind, res }) => ({ kind, ...(await res) })));
      for (const a of answers) {
        if (a.status === 201) taken++;
        else {
          expect(a.status, JSON.stringify(a.body)).toBe(422);
          expect(problemOf(a).errors).toEqual([{ path: 'customerId', message: 'is not an existing customer' }]);
          refused++;
        }
      }
      for (const kind of children) orphans += await count(kind, customer.id);

      // Every child that was created went into the trash with the customer: restore brings each back.
      expect((await call(t.url, 'POST', `/api/customers/${customer.id}/restore`)).status).toBe(200);
      for (const kind of children) {
        const created = answers.filter((a) => a.kind === kind && a.status === 201).map((a) => bodyOf(a, schemaOf[kind]).id);
        const back = await t.connection.collection(kind).find({ customerId: customer.id }).toArray();
        expect(back.map((d) => d._id.toHexString()).sort(), kind).toEqual(created.sort());
      }
    }
    expect(orphans).toBe(0);
    // Both outcomes happened (the race was real).
    expect(taken).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });
});

describe('deals created at once in one column', () => {
  it('20 concurrent creates get 20 distinct ranks, and a move between two neighbours lands between them', async () => {
    const customerId = (await call(t.url, 'POST', '/api/customers', { name: 'Ranked', email: 'ranked@example.com' }, undefined, Customer)).body.id;
    const created = await Promise.all(Array.from({ length: 20 }, (_, i) => call(t.url, 'POST', '/api/opportunities', { customerId, name: `Card ${i}`, stage: 'negotiation', amount: 10 })));
    expect(created.map((c) => c.status)).toEqual(created.map(() => 201));
    const deals = created.map((c) => bodyOf(c, Opportunity));
    const ranks = deals.map((d) => d.rank);
    expect(new Set(ranks).size).toBe(20);

    const ordered = [...deals].sort((a, b) => (a.rank < b.rank ? -1 : 1));
    const [first, second] = ordered as [Opportunity, Opportunity];
    const last = ordered.at(-1)!;
    const moved = await call(t.url, 'POST', `/api/opportunities/${last.id}/move`, { stage: 'negotiation', afterId: first.id, beforeId: second.id }, undefined, Opportunity);
    expect(moved.status).toBe(200);
    expect(moved.body.rank > first.rank && moved.body.rank < second.rank).toBe(true);
  });
});
