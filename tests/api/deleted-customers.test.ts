import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Customer, DeletedCustomer } from '../../shared/customer.js';
import { bodyOf, call, pathsOf } from '../support/call.js';
import { collectChanges, connectSocket, startShoal, waitFor, type TestShoal, type TestUser } from '../support/shoal.js';

// SPEC section 6: a "Recently deleted" list that restores (GET /api/customers/deleted).
let t: TestShoal;
let rep: TestUser;
const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(t.url, method, path, body, headers);
const asRep = () => ({ authorization: `Bearer ${rep.token}` });

beforeAll(async () => {
  t = await startShoal();
  rep = await t.addUser('Rhea Rep', 'rep');
});
afterAll(async () => {
  await t.close();
});

async function customerWithParts(name: string) {
  const id = (await call(t.url, 'POST', '/api/customers', { name, email: `${name.toLowerCase().replace(/\W+/g, '')}@deleted.test` }, undefined, Customer)).body.id;
  await api('POST', '/api/contacts', { customerId: id, name: `${name} contact`, email: `c.${id}@deleted.test` });
  await api('POST', '/api/opportunities', { customerId: id, name: `${name} deal`, stage: 'proposal', amount: 10 });
  for (const subject of ['One', 'Two']) await api('POST', '/api/interactions', { customerId: id, type: 'call', date: '2026-01-20T15:00:00Z', subject });
  return id;
}

describe('GET /api/customers/deleted', () => {
  it('lists the customers deleted in the last 30 days, latest first, with who, when, until when and what went with them; a restored one leaves the list', async () => {
    const first = await customerWithParts('First Gone');
    const second = await customerWithParts('Second Gone');
    expect((await api('DELETE', `/api/customers/${first}`)).status).toBe(204);
    expect((await api('DELETE', `/api/customers/${second}`, undefined, asRep())).status).toBe(204);

    // A rep sees the list too: anyone may delete and restore a customer.
    const list = await api('GET', '/api/customers/deleted', undefined, asRep());
    expect(list.status).toBe(200);
    const entries = bodyOf(list, z.array(DeletedCustomer));
    expect(entries.map((e) => e.customer.id)).toEqual([second, first]);
    const [latest] = entries;
    expect(latest!.customer.name).toBe('Second Gone');
    expect(latest!.deletedBy).toEqual({ id: rep.id, name: 'Rhea Rep' });
    expect(latest!.removed).toEqual({ contacts: 1, opportunities: 1, interactions: 2, tasks: 0 });
    expect(Date.parse(latest!.restorableUntil) - Date.parse(latest!.deletedAt)).toBe(30 * 24 * 60 * 60 * 1000);
    expect(Date.now() - Date.parse(latest!.deletedAt)).toBeLessThan(60_000);

    // Restoring brings it back for everyone, live, and it leaves the list.
    const watcher = await connectSocket(t.url, { token: t.admin.token });
    const changes = collectChanges(watcher);
    const restored = await api('POST', `/api/customers/${second}/restore`, undefined, asRep());
    expect(restored.status).toBe(200);
    await waitFor(() => changes.some((c) => c.entity === 'customer' && c.op === 'restored' && c.id === second), 'the restore event');
    watcher.disconnect();
    expect((await call(t.url, 'GET', '/api/customers/deleted', undefined, undefined, z.array(DeletedCustomer))).body.map((e) => e.customer.id)).toEqual([first]);
    expect((await api('GET', `/api/interactions?customerId=${second}`)).headers.get('x-total-count')).toBe('2');
  });

  it('takes a limit (1 to 200) and refuses anything else by name', async () => {
    expect((await call(t.url, 'GET', '/api/customers/deleted?limit=1', undefined, undefined, z.array(DeletedCustomer))).body).toHaveLength(1);
    const bad = await api('GET', '/api/customers/deleted?limit=0');
    expect(bad.status).toBe(422);
    expect(pathsOf(bad)).toEqual(['limit']);
    const unknown = await api('GET', '/api/customers/deleted?deletedBy=x');
    expect(unknown.status).toBe(422);
  });

  it('404 restoring an id that was never deleted, or is not an id', async () => {
    expect((await api('POST', `/api/customers/${'f'.repeat(24)}/restore`)).status).toBe(404);
    expect((await api('POST', '/api/customers/nope/restore')).status).toBe(404);
  });

  it('needs a signed-in user', async () => {
    expect((await api('GET', '/api/customers/deleted', undefined, { authorization: 'Bearer wrong' })).status).toBe(401);
  });
});
