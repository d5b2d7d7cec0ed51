import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ChangeEvent } from '../../shared/events.js';
import { SavedView } from '../../shared/view.js';
import { call, pathsOf } from '../support/call.js';
import { collectChanges, connectSocket, startShoal, waitFor, type ClientSocket, type TestShoal, type TestUser } from '../support/shoal.js';

// Saved views (SPEC section 12): personal views are their owner's alone (others get 404), team
// views are seen by everyone and changed by their owner or an admin; filters are checked
// against the list's query parameters; changes are live, a personal view's to its owner only.

let t: TestShoal;
let ann: TestUser;
let bob: TestUser;
const as = (user: TestUser) => ({ authorization: `Bearer ${user.token}` });
const Views = z.array(SavedView);
const view = (over: Record<string, unknown> = {}) => ({ entity: 'customer', name: 'Gold accounts', filters: { 'custom.tier': 'gold' }, sort: '-custom.seats', columns: ['name', 'ownerId', 'custom.tier'], ...over });

beforeAll(async () => {
  t = await startShoal();
  ann = await t.addUser('Ann Rep');
  bob = await t.addUser('Bob Rep');
  await call(t.url, 'POST', '/api/fields', { entity: 'customer', key: 'tier', label: 'Tier', type: 'select', options: [{ key: 'gold', label: 'Gold' }] });
  await call(t.url, 'POST', '/api/fields', { entity: 'customer', key: 'seats', label: 'Seats', type: 'number' });
});
afterAll(async () => {
  await t.close();
});

describe('saved views', () => {
  it('a personal view is its owner\'s alone: others (admins too) get 404 for it and never list it', async () => {
    const made = await call(t.url, 'POST', '/api/views', view({ filters: { 'custom.tier': 'gold', ownerId: ann.id } }), as(ann), SavedView);
    expect(made.status).toBe(201);
    expect(made.headers.get('location')).toBe(`/api/views/${made.body.id}`);
    expect(made.body).toMatchObject({ entity: 'customer', name: 'Gold accounts', filters: { 'custom.tier': 'gold', ownerId: ann.id }, sort: '-custom.seats', columns: ['name', 'ownerId', 'custom.tier'], shared: 'me', ownerId: ann.id, version: 1 });
    const id = made.body.id;
    expect((await call(t.url, 'GET', `/api/views/${id}`, undefined, as(ann), SavedView)).body).toEqual(made.body);
    for (const other of [as(bob), {}]) {
      expect((await call(t.url, 'GET', `/api/views/${id}`, undefined, other)).status).toBe(404);
      expect((await call(t.url, 'PATCH', `/api/views/${id}`, { name: 'Mine now' }, other)).status).toBe(404);
      expect((await call(t.url, 'DELETE', `/api/views/${id}`, undefined, other)).status).toBe(404);
      expect((await call(t.url, 'GET', '/api/views', undefined, other, Views)).body.map((v) => v.id)).not.toContain(id);
    }
    const mine = await call(t.url, 'GET', '/api/views?entity=customer', undefined, as(ann), Views);
    expect(mine.body.map((v) => v.id)).toContain(id);
    expect((await call(t.url, 'GET', '/api/views?entity=contact', undefined, as(ann), Views)).body).toEqual([]);
    // Its owner changes it (If-Match honoured) and deletes it.
    expect((await call(t.url, 'PATCH', `/api/views/${id}`, { name: 'Stale' }, { ...as(ann), 'if-match': '"7"' })).status).toBe(412);
    const renamed = await call(t.url, 'PATCH', `/api/views/${id}`, { name: 'Gold, mine', sort: null }, { ...as(ann), 'if-match': '"1"' }, SavedView);
    expect([renamed.status, renamed.body.name, renamed.body.sort, renamed.body.version]).toEqual([200, 'Gold, mine', undefined, 2]);
    expect((await call(t.url, 'DELETE', `/api/views/${id}`, undefined, as(ann))).status).toBe(204);
    expect((await call(t.url, 'GET', `/api/views/${id}`, undefined, as(ann))).status).toBe(404);
  });

  it('a team view is seen by everyone and changed by its owner or an admin; another rep gets 403', async () => {
    const made = (await call(t.url, 'POST', '/api/views', view({ name: 'Team gold', shared: 'team' }), as(ann), SavedView)).body;
    expect((await call(t.url, 'GET', `/api/views/${made.id}`, undefined, as(bob))).status).toBe(200);
    expect((await call(t.url, 'GET', '/api/views', undefined, as(bob), Views)).body.map((v) => v.id)).toContain(made.id);
    const byBob = await call(t.url, 'PATCH', `/api/views/${made.id}`, { name: 'Bob was here' }, as(bob));
    expect(byBob.status).toBe(403);
    expect((await call(t.url, 'DELETE', `/api/views/${made.id}`, undefined, as(bob))).status).toBe(403);
    const byAdmin = await call(t.url, 'PATCH', `/api/views/${made.id}`, { columns: ['name'] }, undefined, SavedView);
    expect([byAdmin.status, byAdmin.body.columns, byAdmin.body.ownerId]).toEqual([200, ['name'], ann.id]);
    expect((await call(t.url, 'DELETE', `/api/views/${made.id}`)).status).toBe(204);
  });

  it('checks filters against the list\'s query parameters, naming filters.<name>; the sort and columns against the list', async () => {
    const bad = async (body: Record<string, unknown>) => {
      const res = await call(t.url, 'POST', '/api/views', body, as(ann));
      return [res.status, pathsOf(res)];
    };
    expect(await bad(view({ filters: { nosuch: '1' } }))).toEqual([422, ['filters.nosuch']]);
    expect(await bad(view({ filters: { 'custom.nosuch': 'x' } }))).toEqual([422, ['filters.custom.nosuch']]);
    expect(await bad(view({ filters: { 'custom.seats': 'many' } }))).toEqual([422, ['filters.custom.seats']]);
    expect(await bad(view({ filters: { 'custom.tier.gte': 'a' } }))).toEqual([422, ['filters.custom.tier.gte']]);
    expect(await bad(view({ filters: { limit: '5', cursor: 'x', sort: 'name' } }))).toEqual([422, ['filters.limit', 'filters.cursor', 'filters.sort']]);
    expect(await bad(view({ filters: { ownerId: 7 } }))).toEqual([422, ['filters.ownerId']]);
    expect(await bad(view({ sort: 'colour' }))).toEqual([422, ['sort']]);
    expect(await bad(view({ sort: '-custom.nosuch' }))).toEqual([422, ['sort']]);
    expect(await bad(view({ columns: ['name', 'nosuch', 'custom.nosuch'] }))).toEqual([422, ['columns.1', 'columns.2']]);
    expect(await bad(view({ entity: 'widget' }))).toEqual([422, ['entity']]);
    expect(await bad(view({ shared: 'world' }))).toEqual([422, ['shared']]);
    // Another list's parameters: a customer list's `tag` is not a contact list's.
    expect(await bad({ entity: 'contact', name: 'Tagged', filters: { tag: 'vip' } })).toEqual([422, ['filters.tag']]);
    // What every list takes is fine.
    const ok = await call(t.url, 'POST', '/api/views', { entity: 'task', name: 'My overdue', filters: { assigneeId: ann.id, overdue: 'true', q: 'call' }, sort: 'dueAt', columns: ['title', 'dueAt'] }, as(ann), SavedView);
    expect(ok.status).toBe(201);
    // A PATCH is checked the same way.
    const patched = await call(t.url, 'PATCH', `/api/views/${ok.body.id}`, { filters: { stage: 'won' } }, as(ann));
    expect([patched.status, pathsOf(patched)]).toEqual([422, ['filters.stage']]);
  });
});

describe('saved views live', () => {
  let sockets: ClientSocket[] = [];
  afterAll(() => {
    for (const s of sockets) s.disconnect();
  });
  const views = (seen: ChangeEvent[]) => seen.filter((e) => e.entity === 'view').map((e) => `${e.op} ${(e.data as { name: string }).name}`);

  it("reach open clients as change events, a personal view's only its owner's sockets; GET /api/events leaves out others' personal views", async () => {
    const [annSocket, bobSocket] = await Promise.all([connectSocket(t.url, { token: ann.token }), connectSocket(t.url, { token: bob.token })]);
    sockets = [annSocket, bobSocket];
    const annSees = collectChanges(annSocket);
    const bobSees = collectChanges(bobSocket);
    const after = Number((await call(t.url, 'GET', '/api/events?after=0&limit=1')).headers.get('x-latest-seq'));

    const personal = (await call(t.url, 'POST', '/api/views', view({ name: 'Secret' }), as(ann), SavedView)).body;
    await call(t.url, 'PATCH', `/api/views/${personal.id}`, { name: 'Secret 2' }, as(ann));
    // The team view is the sentinel: when Bob has it, he would have had the earlier ones.
    const team = (await call(t.url, 'POST', '/api/views', view({ name: 'Shared' , shared: 'team' }), as(ann), SavedView)).body;
    await waitFor(() => views(bobSees).includes('created Shared'), 'Bob to get the team view');
    await waitFor(() => views(annSees).includes('created Shared'), 'Ann to get the team view');
    expect(views(annSees)).toEqual(['created Secret', 'updated Secret 2', 'created Shared']);
    expect(views(bobSees)).toEqual(['created Shared']);

    // Shared with the team and back: the team hears both, so its lists add it and drop it again.
    await call(t.url, 'PATCH', `/api/views/${personal.id}`, { shared: 'team' }, as(ann));
    await call(t.url, 'PATCH', `/api/views/${personal.id}`, { shared: 'me' }, as(ann));
    await call(t.url, 'DELETE', `/api/views/${personal.id}`, undefined, as(ann));
    await call(t.url, 'DELETE', `/api/views/${team.id}`, undefined, as(ann));
    await waitFor(() => views(bobSees).includes('deleted Shared'), 'Bob to get the team view deleted');
    expect(views(bobSees)).toEqual(['created Shared', 'updated Secret 2', 'updated Secret 2', 'deleted Shared']);
    await waitFor(() => views(annSees).includes('deleted Shared'), 'Ann to get the team view deleted');
    expect(views(annSees)).toEqual(['created Secret', 'updated Secret 2', 'created Shared', 'updated Secret 2', 'updated Secret 2', 'deleted Secret 2', 'deleted Shared']);

    // The replay tells each what their sockets heard.
    const replay = async (user: TestUser) => views((await call(t.url, 'GET', `/api/events?after=${after}`, undefined, as(user), z.array(ChangeEvent))).body);
    expect(await replay(ann)).toEqual(views(annSees));
    expect(await replay(bob)).toEqual(views(bobSees));
  });
});
