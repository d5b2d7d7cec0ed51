import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Customer } from '../../shared/customer.js';
import type { ChangeEvent } from '../../shared/events.js';
import { Opportunity, Pipeline, StageChange } from '../../shared/opportunity.js';
import { Task } from '../../shared/task.js';
import { bodyOf, call, pathsOf, problemOf } from '../support/call.js';
import { collectChanges, connectSocket, startShoal, waitFor, type TestShoal, type TestUser } from '../support/shoal.js';

let t: TestShoal;
let rep: TestUser;
let customerId = '';
const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(t.url, method, path, body, headers);
const deal = async (name: string, stage = 'prospecting', amount = 1000, headers?: Record<string, string>) =>
  bodyOf(await api('POST', '/api/opportunities', { customerId, name, stage, amount }, headers), Opportunity);
const column = async (stage: string) => bodyOf(await api('GET', '/api/pipeline'), Pipeline).stages.find((s) => s.key === stage)!;
const names = async (stage: string) => (await column(stage)).opportunities.map((o) => o.name);
const move = (id: string, body: Record<string, unknown>, headers?: Record<string, string>) => api('POST', `/api/opportunities/${id}/move`, body, headers);

beforeAll(async () => {
  t = await startShoal();
  rep = await t.addUser('Morgan Mover');
  customerId = bodyOf(await api('POST', '/api/customers', { name: 'Board Co', email: 'board@co.test' }), Customer).id;
});
afterAll(async () => {
  await t.close();
});

describe('GET /api/pipeline', () => {
  it('lists every stage in order with its count, total and cards in board order; filters by owner and "mine"', async () => {
    const a = await deal('A', 'prospecting', 1000.5);
    await deal('B', 'prospecting', 2000);
    await deal('Mine', 'qualification', 300, { authorization: `Bearer ${rep.token}` });
    await api('PATCH', `/api/opportunities/${a.id}`, { ownerId: rep.id });
    const board = bodyOf(await api('GET', '/api/pipeline'), Pipeline);
    expect(board.stages.map((s) => s.key)).toEqual(['prospecting', 'qualification', 'proposal', 'negotiation', 'won', 'lost']);
    expect(board.stages[0]).toMatchObject({ name: 'Prospecting', count: 2, total: 3000.5, kind: 'open', probability: 10 });
    expect(board.stages[0]!.opportunities.map((o) => o.name)).toEqual(['A', 'B']);
    expect(board.stages[4]).toMatchObject({ count: 0, total: 0, opportunities: [] });
    // The cards' customers' names come with the board, and follow a rename.
    expect(board.customers).toEqual({ [customerId]: 'Board Co' });
    await api('PATCH', `/api/customers/${customerId}`, { name: 'Board Company' });
    expect(bodyOf(await api('GET', '/api/pipeline'), Pipeline).customers).toEqual({ [customerId]: 'Board Company' });
    const owned = bodyOf(await api('GET', `/api/pipeline?ownerId=${rep.id}`), Pipeline);
    expect(owned.stages.flatMap((s) => s.opportunities.map((o) => o.name))).toEqual(['A']);
    expect((await api('GET', '/api/pipeline?limit=0')).status).toBe(422);
  });

  it('bounds each column and says where the rest is', async () => {
    for (const n of ['P1', 'P2', 'P3']) await deal(n, 'proposal');
    const board = bodyOf(await api('GET', '/api/pipeline?limit=2'), Pipeline);
    const proposal = board.stages.find((s) => s.key === 'proposal')!;
    expect(proposal.count).toBe(3);
    expect(proposal.opportunities.map((o) => o.name)).toEqual(['P1', 'P2']);
    const rest = await api('GET', `/api/opportunities?stage=proposal&sort=rank&limit=2&cursor=${proposal.nextCursor}`);
    expect(bodyOf(rest, z.array(Opportunity)).map((o) => o.name)).toEqual(['P3']);
  });
});

describe('POST /api/opportunities/:id/move', () => {
  it('moves within a column: to the top, to the bottom, between two cards', async () => {
    const [x, y, z] = [await deal('X', 'negotiation'), await deal('Y', 'negotiation'), await deal('Z', 'negotiation')];
    expect(await names('negotiation')).toEqual(['X', 'Y', 'Z']);
    expect((await move(z.id, { stage: 'negotiation', beforeId: x.id })).status).toBe(200);
    expect(await names('negotiation')).toEqual(['Z', 'X', 'Y']);
    await move(z.id, { stage: 'negotiation' });
    expect(await names('negotiation')).toEqual(['X', 'Y', 'Z']);
    await move(z.id, { stage: 'negotiation', afterId: x.id, beforeId: y.id });
    expect(await names('negotiation')).toEqual(['X', 'Z', 'Y']);
    await move(x.id, { stage: 'negotiation', afterId: y.id });
    expect(await names('negotiation')).toEqual(['Z', 'Y', 'X']);
  });

  it('moves between columns in one change with op "moved", the mover as actor, and the stage history', async () => {
    const card = await deal('Traveller', 'qualification');
    const watcher = await connectSocket(t.url);
    const seen = collectChanges(watcher);
    const res = await move(card.id, { stage: 'Proposal', afterId: (await column('proposal')).opportunities[0]!.id }, { authorization: `Bearer ${rep.token}` });
    expect(res.status).toBe(200);
    expect(bodyOf(res, Opportunity)).toMatchObject({ stage: 'proposal', probability: 50, version: 2 });
    expect(res.headers.get('etag')).toBe('"2"');
    expect(await names('proposal')).toEqual(['P1', 'Traveller', 'P2', 'P3']);
    await waitFor(() => seen.length >= 1, 'the move event');
    // A later change is the barrier: changes arrive in seq order, so once it is in, a second
    // change of the move would have arrived before it.
    const later = bodyOf(await api('PATCH', `/api/customers/${customerId}`, { phone: '+1 555 0100' }), Customer);
    await waitFor(() => seen.some((e) => e.id === later.id), 'the later change');
    expect(seen.map((e) => e.id)).toEqual([card.id, later.id]);
    expect(seen[0]).toMatchObject({ entity: 'opportunity', op: 'moved', id: card.id, actor: { id: rep.id, name: 'Morgan Mover' } });
    expect(seen[0]!.fields).toEqual(expect.arrayContaining(['stage', 'rank', 'probability']));
    const history = bodyOf(await api('GET', `/api/opportunities/${card.id}/history`), z.array(StageChange));
    expect(history.at(-1)).toMatchObject({ from: 'qualification', to: 'proposal', actor: { name: 'Morgan Mover' } });
    watcher.disconnect();
  });

  it('into won and lost stages: closedAt, probability and the lost reason', async () => {
    const w = await deal('Winner', 'negotiation');
    const won = await move(w.id, { stage: 'Closed Won' });
    expect(bodyOf(won, Opportunity)).toMatchObject({ stage: 'won', probability: 100 });
    expect(bodyOf(won, Opportunity).closedAt).toBeDefined();
    const l = await deal('Loser', 'proposal');
    const lost = await move(l.id, { stage: 'lost', lostReason: 'Budget cut' });
    expect(bodyOf(lost, Opportunity)).toMatchObject({ stage: 'lost', probability: 0, lostReason: 'Budget cut' });
    expect((await move(l.id, { stage: 'Closed' })).status).toBe(422);
  });

  it('refuses a neighbour from another column, itself, or an unknown card, with 422 naming it; unknown deal 404', async () => {
    const card = await deal('Picky', 'prospecting');
    const other = (await column('proposal')).opportunities[0]!;
    const wrong = await move(card.id, { stage: 'prospecting', afterId: other.id });
    expect(wrong.status).toBe(422);
    expect(problemOf(wrong).errors?.[0]).toMatchObject({ path: 'afterId', message: expect.stringContaining('another column') });
    expect(pathsOf(await move(card.id, { stage: 'prospecting', beforeId: card.id }))[0]).toBe('beforeId');
    expect((await move(card.id, { stage: 'prospecting', beforeId: '0123456789abcdef01234567' })).status).toBe(422);
    expect((await move('0123456789abcdef01234567', { stage: 'prospecting' })).status).toBe(404);
    expect((await move(card.id, { stage: 'prospecting', extra: 1 })).status).toBe(422);
  });

  it('honours If-Match: a stale move answers 412 when the card moved since', async () => {
    const card = await deal('Contested', 'prospecting');
    expect((await move(card.id, { stage: 'qualification' }, { 'If-Match': '"1"' })).status).toBe(200);
    const stale = await move(card.id, { stage: 'proposal' }, { 'If-Match': '"1"' });
    expect(stale.status).toBe(412);
    expect(Opportunity.parse(problemOf(stale).current).stage).toBe('qualification');
    // A colleague's edit of another field does not block a move made from the latest card.
    await api('PATCH', `/api/opportunities/${card.id}`, { amount: 5 });
    expect((await move(card.id, { stage: 'proposal' }, { 'If-Match': '"2"' })).status).toBe(200);
  });
});

describe('concurrent moves', () => {
  it('three clients moving one card at once all end with the order GET /api/pipeline returns', async () => {
    const cards = [await deal('C1', 'qualification'), await deal('C2', 'qualification'), await deal('C3', 'qualification')];
    const target = cards[1]!;
    const clients = await Promise.all([rep.token, t.admin.token, (await t.addUser('Third')).token].map((token) => connectSocket(t.url, { token })));
    const start = bodyOf(await api('GET', '/api/pipeline'), Pipeline);
    // Each client keeps its own board: the cards it was given, then every change it hears.
    const boards = clients.map(() => new Map(start.stages.flatMap((s) => s.opportunities.map((o) => [o.id, { stage: o.stage, rank: o.rank, version: o.version }]))));
    const heard: ChangeEvent[][] = clients.map(() => []);
    clients.forEach((socket, i) =>
      socket.on('change', (e) => {
        heard[i]!.push(e);
        if (e.entity !== 'opportunity') return;
        const data = e.data!;
        const mine = boards[i]!.get(e.id);
        if (!mine || mine.version < e.version) boards[i]!.set(e.id, { stage: data.stage, rank: data.rank, version: e.version });
      }),
    );
    const answers = await Promise.all([
      move(target.id, { stage: 'proposal' }, { authorization: `Bearer ${rep.token}` }),
      move(target.id, { stage: 'qualification', beforeId: cards[0]!.id }),
      move(target.id, { stage: 'negotiation' }),
    ]);
    expect(answers.every((a) => a.status === 200)).toBe(true);
    await waitFor(() => heard.every((h) => h.filter((e) => e.id === target.id).length === 3), 'three moves at every client');
    const order = (board: Map<string, { stage: string; rank: string }>) =>
      [...board.entries()].sort(([ia, a], [ib, b]) => a.stage.localeCompare(b.stage) || (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : ia < ib ? -1 : 1)).map(([id, c]) => `${c.stage}:${id}`);
    const server = bodyOf(await api('GET', '/api/pipeline?limit=200'), Pipeline);
    const serverBoard = new Map(server.stages.flatMap((s) => s.opportunities.map((o) => [o.id, { stage: o.stage, rank: o.rank }])));
    for (const board of boards) expect(order(board)).toEqual(order(serverBoard));
    // The three moves were applied one after the other: versions 2, 3, 4.
    expect(heard[0]!.filter((e) => e.id === target.id).map((e) => e.version)).toEqual([2, 3, 4]);
    for (const socket of clients) socket.disconnect();
  });
});

describe('next steps on the board', () => {
  const board = async (query = '') => bodyOf(await api('GET', `/api/pipeline${query}`), Pipeline);
  const task = async (body: Record<string, unknown>) => bodyOf(await api('POST', '/api/tasks', { type: 'call', customerId, ...body }), Task);

  it("gives each card its deal's open task due first; none for a deal without an open task; follows completing, moving and deleting tasks", async () => {
    const withTasks = await deal('With tasks', 'qualification');
    const without = await deal('Without tasks', 'qualification');
    const later = await task({ title: 'Send the deck', type: 'email', dueAt: '2099-05-20', opportunityId: withTasks.id });
    const sooner = await task({ title: 'Call Ana', dueAt: '2099-05-12T15:00:00.000Z', opportunityId: withTasks.id });
    // A done task, and a task of the customer with no deal, are nobody's next step.
    await task({ title: 'Already done', dueAt: '2099-01-01', done: true, opportunityId: withTasks.id });
    await task({ title: 'Customer only', dueAt: '2099-01-01' });
    const first = await board();
    expect(first.nextSteps[withTasks.id]).toEqual({ id: sooner.id, title: 'Call Ana', type: 'call', dueAt: '2099-05-12T15:00:00.000Z', assigneeId: expect.any(String) });
    expect(first.nextSteps[without.id]).toBeUndefined();
    // Completing the first makes the next one the next step.
    expect((await api('PATCH', `/api/tasks/${sooner.id}`, { done: true })).status).toBe(200);
    expect((await board()).nextSteps[withTasks.id]).toMatchObject({ id: later.id, title: 'Send the deck', type: 'email', dueAt: '2099-05-20' });
    // Moved to the other deal: it is that deal's next step now, and the first has none.
    expect((await api('PATCH', `/api/tasks/${later.id}`, { opportunityId: without.id })).status).toBe(200);
    const moved = await board();
    expect(moved.nextSteps[without.id]).toMatchObject({ id: later.id });
    expect(moved.nextSteps[withTasks.id]).toBeUndefined();
    expect((await api('DELETE', `/api/tasks/${later.id}`)).status).toBe(204);
    expect((await board()).nextSteps[without.id]).toBeUndefined();
  });

  it('gives one column\'s next page with its next steps (stage and cursor); bad ones are 422 naming the field', async () => {
    // One owner's deals: a column of exactly these three.
    const pager = await t.addUser('Paige Pager');
    const owned = async (name: string) => bodyOf(await api('POST', '/api/opportunities', { customerId, name, stage: 'negotiation', amount: 10, ownerId: pager.id }), Opportunity);
    const cards = [await owned('N1'), await owned('N2'), await owned('N3')];
    const planned = await task({ title: 'Close it', dueAt: '2099-02-02', opportunityId: cards[2]!.id });
    const top = (await board(`?limit=2&ownerId=${pager.id}`)).stages.find((s) => s.key === 'negotiation')!;
    expect(top.opportunities.map((o) => o.name)).toEqual(['N1', 'N2']);
    const rest = await board(`?limit=2&ownerId=${pager.id}&stage=negotiation&cursor=${encodeURIComponent(top.nextCursor!)}`);
    expect(rest.stages.map((s) => s.key)).toEqual(['negotiation']);
    expect(rest.stages[0]!.opportunities.map((o) => o.name)).toEqual(['N3']);
    expect(rest.stages[0]!.count).toBe(3);
    expect(rest.nextSteps[cards[2]!.id]).toMatchObject({ id: planned.id, title: 'Close it' });
    expect(rest.customers).toEqual({ [customerId]: expect.any(String) });
    for (const [query, path] of [
      ['?stage=nope', 'stage'],
      ['?cursor=abc', 'cursor'],
      ['?stage=negotiation&cursor=abc', 'cursor'],
    ] as const) {
      const answer = await api('GET', `/api/pipeline${query}`);
      expect(answer.status, query).toBe(422);
      expect(pathsOf(answer), query).toContain(path);
    }
  });

  it('is in the OpenAPI document', async () => {
    const OpenApiDocument = z.looseObject({
      paths: z.record(z.string(), z.looseObject({ get: z.looseObject({ parameters: z.array(z.looseObject({ name: z.string() })).optional() }).optional() })),
      components: z.looseObject({ schemas: z.record(z.string(), z.unknown()) }),
    });
    const doc = bodyOf(await api('GET', '/api/openapi.json'), OpenApiDocument);
    const boardSchema = JSON.stringify(doc.components.schemas.Board);
    expect(boardSchema).toContain('nextSteps');
    const params = (doc.paths['/api/pipeline']?.get?.parameters ?? []).map((p) => p.name);
    expect(params).toEqual(expect.arrayContaining(['pipelineId', 'stage', 'cursor']));
  });
});
