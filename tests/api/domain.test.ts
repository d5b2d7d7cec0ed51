import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Contact } from '../../shared/contact.js';
import { Customer } from '../../shared/customer.js';
import type { ChangeEvent, PresenceEntry } from '../../shared/events.js';
import { Interaction } from '../../shared/interaction.js';
import { Opportunity, StageChange } from '../../shared/opportunity.js';
import { Stage } from '../../shared/stage.js';
import { bodyOf, call, pathsOf, problemOf } from '../support/call.js';
import { collectChanges, connectSocket, startShoal, waitFor, type TestShoal, type TestUser } from '../support/shoal.js';
import { roomOf } from '../../shared/rooms.js';

let t: TestShoal;
let rep: TestUser;
const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(t.url, method, path, body, headers);
let customerId = '';
let otherCustomerId = '';
let later = 0;

/**
 * Makes a later change (of another customer) and waits for it at each of `seen`: changes arrive
 * in seq order, so once it is in, anything sent before it has arrived too. Answers what each
 * received before it, and empties them.
 */
async function untilLater(...seen: ChangeEvent[][]): Promise<ChangeEvent[][]> {
  const change = bodyOf(await api('PATCH', `/api/customers/${otherCustomerId}`, { phone: `+1 555 ${String(++later).padStart(4, '0')}` }), Customer);
  const at = (list: ChangeEvent[]) => list.findIndex((e) => e.id === change.id && e.version === change.version);
  await waitFor(() => seen.every((list) => at(list) >= 0), 'a later change at every socket');
  return seen.map((list) => {
    const before = list.slice(0, at(list));
    list.length = 0;
    return before;
  });
}

beforeAll(async () => {
  t = await startShoal();
  rep = await t.addUser('Riley Rep');
  customerId = bodyOf(await api('POST', '/api/customers', { name: 'Northwind', email: 'hello@northwind.test' }), Customer).id;
  otherCustomerId = bodyOf(await api('POST', '/api/customers', { name: 'Contoso', email: 'hello@contoso.test' }), Customer).id;
});
afterAll(async () => {
  await t.close();
});

describe('contacts', () => {
  it('belong to an existing customer, have a unique email, and list by customer', async () => {
    const orphan = await api('POST', '/api/contacts', { customerId: '0123456789abcdef01234567', name: 'Nobody', email: 'nobody@x.test' });
    expect(orphan.status).toBe(422);
    expect(problemOf(orphan).errors).toEqual([{ path: 'customerId', message: 'is not an existing customer' }]);
    const bad = await api('POST', '/api/contacts', { customerId: 'nope', name: '', email: 'x' });
    expect(pathsOf(bad).sort()).toEqual(['customerId', 'email', 'name']);

    const ann = await api('POST', '/api/contacts', { customerId, name: 'Ann Lee', email: 'ann@northwind.test', position: 'CFO' });
    expect(ann.status).toBe(201);
    const annBody = bodyOf(ann, Contact);
    expect(annBody).toMatchObject({ customerId, name: 'Ann Lee', position: 'CFO', version: 1 });
    const clash = await api('POST', '/api/contacts', { customerId: otherCustomerId, name: 'Ann Again', email: 'ANN@northwind.test' });
    expect(clash.status).toBe(409);
    expect(pathsOf(clash)[0]).toBe('email');
    bodyOf(await api('POST', '/api/contacts', { customerId: otherCustomerId, name: 'Carl', email: 'carl@contoso.test' }), Contact);
    const mine = await api('GET', `/api/contacts?customerId=${customerId}`);
    expect(bodyOf(mine, z.array(Contact)).map((c) => c.name)).toEqual(['Ann Lee']);
    const moved = await api('PATCH', `/api/contacts/${annBody.id}`, { customerId: '0123456789abcdef01234567' });
    expect(moved.status).toBe(422);
  });
});

describe('opportunities', () => {
  let annId = '';
  beforeAll(async () => {
    annId = bodyOf(await api('GET', `/api/contacts?customerId=${customerId}`), z.array(Contact))[0]!.id;
  });

  it('take a stage by key or name in any case, refuse a bare "Closed", and default the probability', async () => {
    const stages = await api('GET', '/api/stages');
    expect(bodyOf(stages, z.array(Stage)).map((s) => s.key)).toEqual(['prospecting', 'qualification', 'proposal', 'negotiation', 'won', 'lost']);
    for (const stage of ['proposal', 'Proposal', ' PROPOSAL ']) {
      const res = await api('POST', '/api/opportunities', { customerId, name: `Deal ${stage}`, stage, amount: 1000 });
      expect(res.status).toBe(201);
      expect(bodyOf(res, Opportunity)).toMatchObject({ stage: 'proposal', probability: 50, currency: 'USD' });
    }
    const closed = await api('POST', '/api/opportunities', { customerId, name: 'Closed?', stage: 'Closed', amount: 1 });
    expect(closed.status).toBe(422);
    const [stageError] = problemOf(closed).errors ?? [];
    expect(stageError?.path).toBe('stage');
    expect(stageError?.message).toContain('Closed Won');
    expect(stageError?.message).toContain('Closed Lost');
    const unknown = await api('POST', '/api/opportunities', { customerId, name: 'Odd', stage: 'Dreaming', amount: 1 });
    expect(problemOf(unknown).errors?.[0]?.message).toContain('"Prospecting"');
  });

  it('keep money exact to the cent, with a currency, and refuse fractions of cents and negatives', async () => {
    const res = await api('POST', '/api/opportunities', { customerId, name: 'Exact', stage: 'qualification', amount: 1234567.89, currency: 'eur' });
    expect(bodyOf(res, Opportunity)).toMatchObject({ amount: 1234567.89, currency: 'EUR' });
    const stored = await t.connection.db!.collection('opportunities').findOne({ name: 'Exact' });
    expect(stored!.amountCents).toBe(123456789);
    const cents = await api('POST', '/api/opportunities', { customerId, name: 'Too fine', stage: 'qualification', amount: 1.234, currency: 'EURO' });
    expect(pathsOf(cents).sort()).toEqual(['amount', 'currency']);
    expect((await api('POST', '/api/opportunities', { customerId, name: 'Negative', stage: 'qualification', amount: -1 })).status).toBe(422);
  });

  it('check that a contact belongs to the same customer', async () => {
    const wrong = await api('POST', '/api/opportunities', { customerId: otherCustomerId, contactId: annId, name: 'Wrong', stage: 'prospecting', amount: 1 });
    expect(wrong.status).toBe(422);
    expect(problemOf(wrong).errors).toEqual([{ path: 'contactId', message: 'is a contact of another customer' }]);
    const right = await api('POST', '/api/opportunities', { customerId, contactId: annId, name: 'Right', stage: 'prospecting', amount: 1 });
    expect(right.status).toBe(201);
    expect(bodyOf(right, Opportunity).contactId).toBe(annId);
  });

  it('set closedAt when won or lost, take a lost reason only when lost, and record every stage change', async () => {
    const asRep = { authorization: `Bearer ${rep.token}` };
    const deal = bodyOf(await api('POST', '/api/opportunities', { customerId, name: 'Journey', stage: 'prospecting', amount: 5000 }, asRep), Opportunity);
    expect(deal.closedAt).toBeUndefined();
    const reasonTooEarly = await api('PATCH', `/api/opportunities/${deal.id}`, { lostReason: 'price' });
    expect(reasonTooEarly.status).toBe(422);
    expect(pathsOf(reasonTooEarly)[0]).toBe('lostReason');

    const negotiation = await api('PATCH', `/api/opportunities/${deal.id}`, { stage: 'Negotiation' }, asRep);
    expect(bodyOf(negotiation, Opportunity)).toMatchObject({ stage: 'negotiation', probability: 75 });
    const lost = await api('PATCH', `/api/opportunities/${deal.id}`, { stage: 'Closed Lost', lostReason: 'Chose a competitor' });
    expect(bodyOf(lost, Opportunity)).toMatchObject({ stage: 'lost', probability: 0, lostReason: 'Chose a competitor' });
    expect(Date.parse(bodyOf(lost, Opportunity).closedAt!)).toBeGreaterThan(0);
    // Back to an open stage (a deal that moved backwards): no longer closed, no lost reason.
    const reopened = await api('PATCH', `/api/opportunities/${deal.id}`, { stage: 'proposal', probability: 40 });
    expect(bodyOf(reopened, Opportunity)).toMatchObject({ stage: 'proposal', probability: 40 });
    expect(bodyOf(reopened, Opportunity).closedAt).toBeUndefined();
    expect(bodyOf(reopened, Opportunity).lostReason).toBeUndefined();
    const won = await api('PATCH', `/api/opportunities/${deal.id}`, { stage: 'won' });
    expect(bodyOf(won, Opportunity)).toMatchObject({ stage: 'won', probability: 100 });

    const history = await api('GET', `/api/opportunities/${deal.id}/history`);
    expect(history.status).toBe(200);
    const changes = bodyOf(history, z.array(StageChange));
    expect(changes.map((h) => [h.from, h.to])).toEqual([
      [null, 'prospecting'],
      ['prospecting', 'negotiation'],
      ['negotiation', 'lost'],
      ['lost', 'proposal'],
      ['proposal', 'won'],
    ]);
    expect(changes[1]?.actor).toEqual({ id: rep.id, name: 'Riley Rep' });
    expect(changes[2]?.actor.name).toBe('Test Admin');
    expect((await api('GET', '/api/opportunities/0123456789abcdef01234567/history')).status).toBe(404);
  });

  it('follow the field-level If-Match rule and filter by stage and customer', async () => {
    const deal = bodyOf(await api('POST', '/api/opportunities', { customerId: otherCustomerId, name: 'Shared', stage: 'prospecting', amount: 10 }), Opportunity);
    expect((await api('PATCH', `/api/opportunities/${deal.id}`, { amount: 20 }, { 'If-Match': '"1"' })).status).toBe(200);
    expect((await api('PATCH', `/api/opportunities/${deal.id}`, { name: 'Shared deal' }, { 'If-Match': '"1"' })).status).toBe(200);
    const conflict = await api('PATCH', `/api/opportunities/${deal.id}`, { amount: 30 }, { 'If-Match': '"1"' });
    expect(conflict.status).toBe(412);
    expect(problemOf(conflict).conflicts).toEqual(['amount']);
    const list = await api('GET', `/api/opportunities?customerId=${otherCustomerId}&stage=Prospecting`);
    expect(bodyOf(list, z.array(Opportunity)).map((o) => o.name)).toEqual(['Shared deal']);
  });
});

describe('interactions', () => {
  it('are logged with type, date and notes by the signed-in user, and list newest first with filters', async () => {
    const asRep = { authorization: `Bearer ${rep.token}` };
    const call1 = await api('POST', '/api/interactions', { customerId, type: 'call', date: '2026-11-20T10:00:00+01:00', subject: 'Intro', notes: 'Budget in Q1', durationMinutes: 30 }, asRep);
    expect(call1.status).toBe(201);
    const logged1 = bodyOf(call1, Interaction);
    expect(logged1).toMatchObject({ type: 'call', date: '2026-11-20T09:00:00.000Z', userId: rep.id, durationMinutes: 30 });
    bodyOf(await api('POST', '/api/interactions', { customerId, type: 'email', date: '2026-11-22T09:00:00Z', subject: 'Proposal sent' }), Interaction);
    bodyOf(await api('POST', '/api/interactions', { customerId, type: 'note', date: '2026-11-18T09:00:00Z', notes: 'Met at the fair' }), Interaction);
    const bad = await api('POST', '/api/interactions', { customerId, type: 'fax', date: 'yesterday', durationMinutes: -5 });
    expect(pathsOf(bad).sort()).toEqual(['date', 'durationMinutes', 'type']);

    const interactions = async (query: string) => bodyOf(await api('GET', `/api/interactions?${query}`), z.array(Interaction));
    expect((await interactions(`customerId=${customerId}`)).map((i) => i.type)).toEqual(['email', 'call', 'note']);
    expect(await interactions(`customerId=${customerId}&type=call`)).toHaveLength(1);
    expect((await interactions('from=2026-11-19T00:00:00Z&to=2026-11-21T00:00:00Z')).map((i) => i.subject)).toEqual(['Intro']);
    expect(await interactions(`userId=${rep.id}`)).toHaveLength(1);
    // Editing someone else's interaction keeps who logged it.
    const edited = await api('PATCH', `/api/interactions/${logged1.id}`, { notes: 'Budget confirmed' });
    expect(bodyOf(edited, Interaction)).toMatchObject({ notes: 'Budget confirmed', userId: rep.id });
  });

  it('reach a socket in the team room and one in the customer room exactly once; presence shows both viewers', async () => {
    const a = await connectSocket(t.url, { token: rep.token });
    const b = await connectSocket(t.url);
    const seenA = collectChanges(a);
    const seenB = collectChanges(b);
    const viewers: PresenceEntry[][] = [];
    b.on('presence', (room, present) => {
      if (room === roomOf({ kind: 'presence', view: 'customer', recordId: customerId })) viewers.push(present);
    });
    await new Promise((r) => a.emit('presence', { view: 'customer', recordId: customerId }, r));
    await new Promise((r) => b.emit('presence', { view: 'customer', recordId: customerId }, r));
    await waitFor(() => viewers.some((v) => v.length === 2), 'two viewers');
    expect(viewers.at(-1)!.map((v) => v.actor.name).sort()).toEqual(['Riley Rep', 'Test Admin']);

    const logged = bodyOf(await api('POST', '/api/interactions', { customerId, type: 'meeting', date: '2026-11-24T15:00:00Z', subject: 'Demo' }), Interaction);
    for (const seen of await untilLater(seenA, seenB)) {
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ entity: 'interaction', op: 'created', id: logged.id, actor: { name: 'Test Admin' } });
    }
    a.disconnect();
    b.disconnect();
  });
});

describe('deleting a customer', () => {
  it('removes its contacts, deals and interactions as one change, and restore brings all of it back', async () => {
    const c = bodyOf(await api('POST', '/api/customers', { name: 'Fleeting', email: 'hi@fleeting.test' }), Customer);
    const contactAnswer = await api('POST', '/api/contacts', { customerId: c.id, name: 'Fay', email: 'fay@fleeting.test' });
    const contact = bodyOf(contactAnswer, Contact);
    const deal = bodyOf(await api('POST', '/api/opportunities', { customerId: c.id, contactId: contact.id, name: 'Fleeting deal', stage: 'proposal', amount: 99.5 }), Opportunity);
    const touchAnswer = await api('POST', '/api/interactions', { customerId: c.id, type: 'call', date: '2026-11-01T10:00:00Z' });
    const touch = bodyOf(touchAnswer, Interaction);
    const watcher = await connectSocket(t.url);
    const seen = collectChanges(watcher);

    expect((await api('DELETE', `/api/customers/${c.id}`)).status).toBe(204);
    const [deleted] = (await untilLater(seen)) as [ChangeEvent[]];
    expect(deleted).toHaveLength(1);
    expect(deleted[0]).toMatchObject({ entity: 'customer', op: 'deleted', id: c.id, data: { removed: { contacts: 1, opportunities: 1, interactions: 1 } } });
    for (const path of [`/api/customers/${c.id}`, `/api/contacts/${contact.id}`, `/api/opportunities/${deal.id}`, `/api/interactions/${touch.id}`]) {
      expect((await api('GET', path)).status).toBe(404);
    }

    const restored = await api('POST', `/api/customers/${c.id}/restore`);
    expect(restored.status).toBe(200);
    expect(bodyOf(restored, Customer)).toMatchObject({ id: c.id, name: 'Fleeting' });
    const [back] = (await untilLater(seen)) as [ChangeEvent[]];
    expect(back).toHaveLength(1);
    expect(back[0]).toMatchObject({ op: 'restored', id: c.id, data: { restored: { contacts: 1, opportunities: 1, interactions: 1 } } });
    const contactNow = await api('GET', `/api/contacts/${contact.id}`);
    expect(bodyOf(contactNow, Contact)).toEqual(contact);
    expect(contactNow.body).toEqual(contactAnswer.body);
    expect(bodyOf(await api('GET', `/api/opportunities/${deal.id}`), Opportunity)).toMatchObject({ name: 'Fleeting deal', amount: 99.5, contactId: contact.id });
    const touchNow = await api('GET', `/api/interactions/${touch.id}`);
    expect(bodyOf(touchNow, Interaction)).toEqual(touch);
    expect(touchNow.body).toEqual(touchAnswer.body);
    expect((await api('POST', `/api/customers/${c.id}/restore`)).status).toBe(404);
    watcher.disconnect();
  });

  it('can be restored for 30 days, not after', async () => {
    const c = bodyOf(await api('POST', '/api/customers', { name: 'Ancient', email: 'old@ancient.test' }), Customer);
    await api('DELETE', `/api/customers/${c.id}`);
    await t.shoal.customers.prune(new Date(Date.now() + 29 * 24 * 60 * 60 * 1000));
    await t.shoal.customers.prune(new Date(Date.now() + 31 * 24 * 60 * 60 * 1000));
    const res = await api('POST', `/api/customers/${c.id}/restore`);
    expect(res.status).toBe(404);
    expect(problemOf(res).detail).toContain('30 days');
  });

  it('refuses a restore whose email was taken meanwhile', async () => {
    const c = bodyOf(await api('POST', '/api/customers', { name: 'Twice', email: 'twice@x.test' }), Customer);
    await api('DELETE', `/api/customers/${c.id}`);
    await api('POST', '/api/customers', { name: 'Usurper', email: 'twice@x.test' });
    const res = await api('POST', `/api/customers/${c.id}/restore`);
    expect(res.status).toBe(409);
    expect(pathsOf(res)[0]).toBe('email');
  });
});
