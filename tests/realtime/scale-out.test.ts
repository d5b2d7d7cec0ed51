import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchResult } from '../../shared/batch.js';
import { Customer } from '../../shared/customer.js';
import type { ChangeEvent, PresenceEntry } from '../../shared/events.js';
import { Opportunity, Pipeline } from '../../shared/opportunity.js';
import { bodyOf, call } from '../support/call.js';
import { connectSocket, waitFor, type TestShoal } from '../support/shoal.js';
import { startPair, type ShoalPair } from '../support/pair.js';
import { roomOf } from '../../shared/rooms.js';

// SPEC section 5, scale-out: two Shoal processes on one database and one Redis.

/** Reads until `ok` holds (5 s at most). */
async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, message: string): Promise<T> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${message}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let pair: ShoalPair;
let a: TestShoal;
let b: TestShoal;
const onA = (method: string, path: string, body?: unknown) => call(a.url, method, path, body, { authorization: `Bearer ${a.admin.token}` });
const onB = (method: string, path: string, body?: unknown) => call(b.url, method, path, body, { authorization: `Bearer ${a.admin.token}` });

beforeAll(async () => {
  pair = await startPair();
  ({ a, b } = pair);
});
afterAll(async () => {
  await pair?.close();
});

describe('two Shoal processes sharing Redis', () => {
  it('a change made through process A reaches a client of process B, and B numbers its own changes after it', async () => {
    const rep = await a.addUser('Bea Remote');
    const socket = await connectSocket(b.url, { token: rep.token });
    const seen: ChangeEvent[] = [];
    socket.on('change', (e) => seen.push(e));
    socket.on('changes', (list) => seen.push(...list));

    const created = await onA('POST', '/api/customers', { name: 'Across Co', email: 'across@example.com' });
    expect(created.status).toBe(201);
    const made = bodyOf(created, Customer);
    await waitFor(() => seen.some((e) => e.id === made.id), 'the change made on A, at a client of B');
    const fromA = seen.find((e) => e.id === made.id)!;
    expect(fromA).toMatchObject({ entity: 'customer', op: 'created', actor: { name: 'Test Admin' } });

    // B's next change takes the seq after A's, without a clash.
    const onBCreated = await onB('POST', '/api/customers', { name: 'Bee Co', email: 'bee@example.com' });
    expect(onBCreated.status).toBe(201);
    const madeOnB = bodyOf(onBCreated, Customer);
    await waitFor(() => seen.some((e) => e.id === madeOnB.id), 'the change made on B');
    expect(seen.find((e) => e.id === madeOnB.id)!.seq).toBe(fromA.seq + 1);

    // A batch made on A reaches B's client grouped, as on one process.
    seen.length = 0;
    let messages = 0;
    socket.on('changes', () => messages++);
    const batch = await onA('POST', '/api/customers/batch', { create: Array.from({ length: 600 }, (_, i) => ({ name: `Many ${i}`, email: `many${i}@example.com` })) });
    expect(batch.status).toBe(200);
    expect(bodyOf(batch, BatchResult).succeeded).toBe(600);
    await waitFor(() => seen.length >= 600, 'the batch at B', 10_000);
    expect(messages).toBe(2);
    socket.disconnect();
  });

  it("keeps B's board current with deals created and moved through A", async () => {
    const customerId = bodyOf(await onA('POST', '/api/customers', { name: 'Board Across', email: 'board-across@example.com' }), Customer).id;
    const board = async () => bodyOf(await onB('GET', '/api/pipeline'), Pipeline);
    const count = (p: Pipeline, stage: string) => p.stages.find((s) => s.key === stage)!.count;
    expect(count(await board(), 'proposal')).toBe(0); // B loads its facts now, from the database
    const deal = bodyOf(await onA('POST', '/api/opportunities', { customerId, name: 'Across the wire', stage: 'proposal', amount: 5000 }), Opportunity);
    // From here B learns of A's changes only through Redis.
    const created = await eventually(board, (p) => count(p, 'proposal') === 1, "the new deal in B's board");
    expect(created.stages.find((s) => s.key === 'proposal')).toMatchObject({ total: 5000, opportunities: [expect.objectContaining({ id: deal.id, name: 'Across the wire' })] });
    expect(created.customers[customerId]).toBe('Board Across');
    await onA('POST', `/api/opportunities/${deal.id}/move`, { stage: 'negotiation' });
    const moved = await eventually(board, (p) => count(p, 'negotiation') === 1, "the move in B's board");
    expect(count(moved, 'proposal')).toBe(0);
  });

  it('a process with no socket of its own still broadcasts: the other process has the listeners', async () => {
    const cy = await a.addUser('Cy on B');
    const socket = await connectSocket(b.url, { token: cy.token });
    const seen: ChangeEvent[] = [];
    socket.on('change', (e) => seen.push(e));
    socket.on('changes', (list) => seen.push(...list));
    await waitFor(() => a.shoal.io.of('/').sockets.size === 0, 'no socket on A');
    expect((await a.shoal.io.local.fetchSockets()).length).toBe(0);
    // Cy's personal view (to Cy's room alone) and a batch (to the team room), both made on A.
    const view = await call(a.url, 'POST', '/api/views', { entity: 'customer', name: 'Cy only', filters: {}, columns: ['name'] }, { authorization: `Bearer ${cy.token}` });
    expect(view.status).toBe(201);
    const viewId = (view.body as { id: string }).id;
    const batch = await onA('POST', '/api/customers/batch', { create: Array.from({ length: 3 }, (_, i) => ({ name: `Unseen on A ${i}`, email: `unseen-a${i}@example.com` })) });
    expect(bodyOf(batch, BatchResult).succeeded).toBe(3);
    await waitFor(() => seen.some((e) => e.id === viewId) && seen.filter((e) => e.entity === 'customer').length === 3, "the view's change and the batch at B's client");
    socket.disconnect();
  });

  it('lists who is online on either process in the team room', async () => {
    const ana = await a.addUser('Ana on A');
    const ben = await a.addUser('Ben on B');
    const onAsocket = await connectSocket(a.url, { token: ana.token });
    const onBsocket = await connectSocket(b.url, { token: ben.token });
    let team: PresenceEntry[] = [];
    onAsocket.on('presence', (room, entries) => {
      if (room === roomOf({ kind: 'team' })) team = entries;
    });
    await new Promise((r) => onBsocket.emit('presence', { view: 'customers' }, r));
    await waitFor(() => team.some((e) => e.actor.name === 'Ben on B') && team.some((e) => e.actor.name === 'Ana on A'), 'both in the team room at A');
    onAsocket.disconnect();
    onBsocket.disconnect();
  });
});
