import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BatchResult } from '../../shared/batch.js';
import { Customer } from '../../shared/customer.js';
import { Dashboard } from '../../shared/dashboard.js';
import type { ChangeEvent } from '../../shared/events.js';
import { Opportunity, Pipeline, StageChange } from '../../shared/opportunity.js';
import { PipelineDefinition } from '../../shared/pipeline.js';
import { DEFAULT_PIPELINE_ID, DEFAULT_STAGES, Stage } from '../../shared/stage.js';
import { bodyOf, call, pathsOf, problemOf, type Answer } from '../support/call.js';
import { collectChanges, connectSocket, startShoal, waitFor, type ClientSocket, type TestShoal, type TestUser } from '../support/shoal.js';

let t: TestShoal;
let rep: TestUser;
let socket: ClientSocket;
let seen: ChangeEvent[];
let customerId = '';
const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(t.url, method, path, body, headers);
const asRep = { authorization: '' } as Record<string, string>;
const paths = (res: Answer) => pathsOf(res);
const Pipelines = z.array(PipelineDefinition);

const SERVICE = [
  { key: 'new', name: 'New request', probability: 10, kind: 'open', rotDays: 3 },
  { key: 'quoted', name: 'Quoted', probability: 50, kind: 'open' },
  { key: 'won', name: 'Booked', probability: 100, kind: 'won' },
  { key: 'lost', name: 'Declined', probability: 0, kind: 'lost' },
];

beforeAll(async () => {
  t = await startShoal();
  rep = await t.addUser('Rita Rep');
  asRep.authorization = `Bearer ${rep.token}`;
  customerId = bodyOf(await api('POST', '/api/customers', { name: 'Pipe Co', email: 'pipe@co.test' }), Customer).id;
  socket = await connectSocket(t.url, { token: rep.token });
  seen = collectChanges(socket);
});
afterAll(async () => {
  socket?.close();
  await t.close();
});

describe('/api/pipelines', () => {
  it('starts with the default pipeline holding the stages of SPEC section 3', async () => {
    const list = await api('GET', '/api/pipelines', undefined, asRep);
    expect(list.status).toBe(200);
    expect(bodyOf(list, Pipelines)).toHaveLength(1);
    const [only] = bodyOf(list, Pipelines);
    expect(only).toMatchObject({ id: DEFAULT_PIPELINE_ID, default: true, version: 1 });
    expect(only!.stages).toEqual(DEFAULT_STAGES.map((s) => ({ key: s.key, name: s.name, probability: s.probability, kind: s.kind })));
    expect(bodyOf(await api('GET', `/api/pipelines/${DEFAULT_PIPELINE_ID}`, undefined, asRep), PipelineDefinition)).toEqual(only);
    expect((await api('GET', '/api/pipelines/ffffffffffffffffffffffff')).status).toBe(404);
    expect((await api('GET', '/api/pipelines/nope')).status).toBe(404);
    // GET /api/stages is still the default pipeline's stages.
    expect(bodyOf(await api('GET', '/api/stages'), z.array(Stage))).toEqual(only!.stages);
  });

  it('lets admins add a pipeline (reps get a 403), live for everyone', async () => {
    expect((await api('POST', '/api/pipelines', { name: 'Service', stages: SERVICE }, asRep)).status).toBe(403);
    const answer = await api('POST', '/api/pipelines', { name: 'Service', stages: SERVICE });
    expect(answer.status).toBe(201);
    const created = { body: bodyOf(answer, PipelineDefinition) };
    expect(answer.headers.get('location')).toBe(`/api/pipelines/${created.body.id}`);
    expect(created.body).toMatchObject({ name: 'Service', default: false, version: 1, stages: SERVICE });
    await waitFor(() => seen.some((e) => e.entity === 'pipeline' && e.op === 'created' && e.id === created.body.id), 'the rep sees the new pipeline');
    const event = seen.find((e) => e.entity === 'pipeline' && e.id === created.body.id)!;
    expect(event.data).toEqual(answer.body);
    expect(bodyOf(await api('GET', '/api/pipelines', undefined, asRep), Pipelines).map((p) => p.name)).toEqual(['Sales', 'Service']);
    // The same name twice is a 409 naming it.
    const twice = await api('POST', '/api/pipelines', { name: 'service', stages: SERVICE });
    expect(twice.status).toBe(409);
    expect(paths(twice)).toEqual(['name']);
  });

  it('refuses bad input with a 422 naming each field', async () => {
    const bad = async (body: unknown) => {
      const res = await api('POST', '/api/pipelines', body);
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      return [...new Set(paths(res))];
    };
    expect(await bad({ stages: SERVICE })).toEqual(['name']);
    expect(await bad({ name: 'X', stages: [] })).toEqual(['stages']);
    expect(await bad({ name: 'X' })).toEqual(['stages']);
    expect(await bad({ name: 'X', stages: 'open' })).toEqual(['stages']);
    expect(await bad({ name: 'X', stages: [{ key: 'Bad Key', name: 'A', probability: 10, kind: 'open' }] })).toEqual(['stages.0.key']);
    expect(await bad({ name: 'X', stages: [{ key: 'a', name: 'A', probability: 101, kind: 'open' }] })).toEqual(['stages.0.probability']);
    expect(await bad({ name: 'X', stages: [{ key: 'a', name: 'A', probability: 10, kind: 'maybe' }] })).toEqual(['stages.0.kind']);
    expect(await bad({ name: 'X', stages: [{ key: 'a', name: 'A', probability: 10, kind: 'open', rotDays: 0 }] })).toEqual(['stages.0.rotDays']);
    expect(await bad({ name: 'X', stages: [{ key: 'a', name: 'A', probability: 10, kind: 'open', colour: 'red' }] })).toEqual(['stages.0.colour']);
    expect(await bad({ name: 'X', stages: [{ key: 'a', name: 'A', probability: 10, kind: 'open' }, { key: 'a', name: 'a ', probability: 10, kind: 'open' }] })).toEqual(['stages.1.key', 'stages.1.name']);
    expect(await bad({ name: 'X', stages: [{ key: 'a', name: 'A', probability: 10, kind: 'open' }, { key: 'w', name: 'W', probability: 100, kind: 'won', rotDays: 5 }] })).toEqual(['stages.1.rotDays']);
    expect(await bad({ name: 'X', stages: [{ key: 'w', name: 'W', probability: 100, kind: 'won' }] })).toEqual(['stages']);
    expect(await bad({ name: { $gt: '' }, stages: SERVICE })).toEqual(['name']);
    expect(await bad({ name: 'X', stages: SERVICE, default: true })).toEqual(['default']);
    const patch = await api('PATCH', `/api/pipelines/${DEFAULT_PIPELINE_ID}`, {});
    expect(patch.status).toBe(422);
    expect((await api('PATCH', '/api/pipelines/ffffffffffffffffffffffff', { name: 'Y' })).status).toBe(404);
  });

  it('renames and reorders stages, keeping their deals; a stage holding deals keeps its kind', async () => {
    const created = bodyOf(await api('POST', '/api/pipelines', { name: 'Renames', stages: SERVICE }), PipelineDefinition);
    const d = bodyOf(await api('POST', '/api/opportunities', { customerId, pipelineId: created.id, name: 'Kept', stage: 'quoted', amount: 10 }), Opportunity);
    expect((await api('PATCH', `/api/pipelines/${created.id}`, { name: 'Renamed' }, asRep)).status).toBe(403);
    const reordered = [SERVICE[1], { ...SERVICE[0], name: 'Fresh' }, SERVICE[2], SERVICE[3]];
    const res = await api('PATCH', `/api/pipelines/${created.id}`, { name: 'Renamed', stages: reordered });
    expect(res.status).toBe(200);
    expect(bodyOf(res, PipelineDefinition)).toMatchObject({ name: 'Renamed', version: 2, stages: reordered });
    await waitFor(() => seen.some((e) => e.entity === 'pipeline' && e.id === created.id && e.version === 2), 'the rep sees the change');
    expect(seen.find((e) => e.entity === 'pipeline' && e.id === created.id && e.version === 2)!.fields).toEqual(['name', 'stages']);
    const after = bodyOf(await api('GET', `/api/opportunities/${d.id}`), Opportunity);
    expect(after).toMatchObject({ stage: 'quoted', version: 1 });
    const board = bodyOf(await api('GET', `/api/pipeline?pipelineId=${created.id}`), Pipeline);
    expect(board.stages.map((s) => [s.key, s.name, s.count])).toEqual([['quoted', 'Quoted', 1], ['new', 'Fresh', 0], ['won', 'Booked', 0], ['lost', 'Declined', 0]]);
    const kind = await api('PATCH', `/api/pipelines/${created.id}`, { stages: [{ ...SERVICE[1], kind: 'won' }, SERVICE[0], SERVICE[2], SERVICE[3]] });
    expect(kind.status).toBe(422);
    expect(paths(kind)).toEqual(['stages.0.kind']);
  });
});

describe('If-Match on PATCH /api/pipelines/:id', () => {
  it('a stale version of a field the change writes is a 412 with the current pipeline, and changes nothing; a stale version of a field nobody changed since passes', async () => {
    const created = await api('POST', '/api/pipelines', { name: 'Guarded', stages: SERVICE });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    const id = bodyOf(created, PipelineDefinition).id;
    expect((await api('GET', `/api/pipelines/${id}`)).headers.get('etag')).toBe('"1"');

    // Two admins open the settings at version 1; the first saves new stages.
    const first = [{ ...SERVICE[0], rotDays: 5 }, SERVICE[1], SERVICE[2], SERVICE[3]];
    const saved = await api('PATCH', `/api/pipelines/${id}`, { stages: first }, { 'if-match': '"1"' });
    expect(saved.status).toBe(200);
    expect(saved.headers.get('etag')).toBe('"2"');

    // The second saves other stages from version 1: refused, with what is there now; nothing written, no event.
    const stale = await api('PATCH', `/api/pipelines/${id}`, { stages: [SERVICE[1], SERVICE[0], SERVICE[2], SERVICE[3]] }, { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    expect(problemOf(stale).conflicts).toEqual(['stages']);
    expect(PipelineDefinition.parse(problemOf(stale).current)).toMatchObject({ id, version: 2, stages: first });
    const now = bodyOf(await api('GET', `/api/pipelines/${id}`), PipelineDefinition);
    expect(now).toMatchObject({ version: 2, stages: first });

    // Renaming from version 1 passes: nobody changed the name since.
    const renamed = await api('PATCH', `/api/pipelines/${id}`, { name: 'Guarded too' }, { 'if-match': '"1"' });
    expect(renamed.status).toBe(200);
    expect(bodyOf(renamed, PipelineDefinition)).toMatchObject({ name: 'Guarded too', version: 3, stages: first });
    // But the name, from version 2, is stale now.
    expect((await api('PATCH', `/api/pipelines/${id}`, { name: 'Again' }, { 'if-match': '"2"' })).status).toBe(412);
    expect((await api('PATCH', `/api/pipelines/${id}`, { name: 'Again' }, { 'if-match': '*' })).status).toBe(200);
    const bad = await api('PATCH', `/api/pipelines/${id}`, { name: 'Bad' }, { 'if-match': 'three' });
    expect(bad.status).toBe(400);
    expect(paths(bad)).toEqual(['If-Match']);
    await waitFor(() => seen.some((e) => e.entity === 'pipeline' && e.id === id && e.version === 4), 'the last change live');
    expect(seen.filter((e) => e.entity === 'pipeline' && e.id === id).map((e) => e.version)).toEqual([1, 2, 3, 4]);
  });
});

describe('If-Match on PATCH /api/pipelines/:id across a restart', () => {
  it('keeps each field’s version with the pipeline: after a restart a stale version of an untouched field passes, of a changed one is a 412', async () => {
    let s = await startShoal();
    const { dbName, admin } = s;
    const as = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(s.url, method, path, body, { authorization: `Bearer ${admin.token}`, ...headers });
    try {
      const id = bodyOf(await as('POST', '/api/pipelines', { name: 'Restarted', stages: SERVICE }), PipelineDefinition).id;
      const stages = [{ ...SERVICE[0], rotDays: 9 }, SERVICE[1], SERVICE[2], SERVICE[3]];
      expect((await as('PATCH', `/api/pipelines/${id}`, { stages }, { 'if-match': '"1"' })).status).toBe(200);
      await s.close(true);
      s = await startShoal({ dbName, setup: false });

      // The stages changed at version 2; the name never did: from version 1, a rename passes.
      const renamed = await as('PATCH', `/api/pipelines/${id}`, { name: 'Restarted twice' }, { 'if-match': '"1"' });
      expect(renamed.status).toBe(200);
      expect(bodyOf(renamed, PipelineDefinition)).toMatchObject({ name: 'Restarted twice', version: 3, stages });
      const stale = await as('PATCH', `/api/pipelines/${id}`, { stages: SERVICE }, { 'if-match': '"1"' });
      expect(stale.status).toBe(412);
      expect(problemOf(stale).conflicts).toEqual(['stages']);

      // Again after another restart: the rename at version 3 is kept too.
      await s.close(true);
      s = await startShoal({ dbName, setup: false });
      expect(problemOf(await as('PATCH', `/api/pipelines/${id}`, { name: 'Late' }, { 'if-match': '"2"' })).conflicts).toEqual(['name']);
      expect((await as('PATCH', `/api/pipelines/${id}`, { stages: SERVICE }, { 'if-match': '"2"' })).status).toBe(200);
      expect(bodyOf(await as('GET', `/api/pipelines/${id}`), PipelineDefinition)).toMatchObject({ name: 'Restarted twice', version: 4, stages: SERVICE });
    } finally {
      await s.close();
    }
  });
});

describe('deals in pipelines', () => {
  let service: PipelineDefinition;
  beforeAll(async () => {
    service = bodyOf(await api('POST', '/api/pipelines', { name: 'Field service', stages: SERVICE }), PipelineDefinition);
  });

  it('go to the default pipeline unless they name one; a stage is a key or a name of their pipeline, any case', async () => {
    const plain = await api('POST', '/api/opportunities', { customerId, name: 'Plain', stage: 'Prospecting', amount: 5 });
    expect(plain.status).toBe(201);
    expect(bodyOf(plain, Opportunity)).toMatchObject({ pipelineId: DEFAULT_PIPELINE_ID, stage: 'prospecting', probability: 10, rotting: false });
    const named = await api('POST', '/api/opportunities', { customerId, pipelineId: service.id, name: 'Boiler', stage: 'new request', amount: 100 }, asRep);
    expect(named.status).toBe(201);
    expect(bodyOf(named, Opportunity)).toMatchObject({ pipelineId: service.id, stage: 'new', probability: 10 });
    const booked = await api('POST', '/api/opportunities', { customerId, pipelineId: service.id, name: 'Booked one', stage: 'WON', amount: 100 });
    expect(bodyOf(booked, Opportunity)).toMatchObject({ stage: 'won', probability: 100 });
    expect(bodyOf(booked, Opportunity).closedAt).toBeDefined();
  });

  it('refuses a stage of another pipeline (422 naming stage) and an unknown pipeline (422 naming pipelineId)', async () => {
    const other = await api('POST', '/api/opportunities', { customerId, pipelineId: service.id, name: 'X', stage: 'proposal', amount: 1 });
    expect(other.status).toBe(422);
    expect(paths(other)).toEqual(['stage']);
    expect(problemOf(other).errors?.[0]?.message).toContain('Sales');
    const back = await api('POST', '/api/opportunities', { customerId, name: 'Y', stage: 'quoted', amount: 1 });
    expect(paths(back)).toEqual(['stage']);
    const unknown = await api('POST', '/api/opportunities', { customerId, pipelineId: 'ffffffffffffffffffffffff', name: 'Z', stage: 'new', amount: 1 });
    expect(unknown.status).toBe(422);
    expect(paths(unknown)).toEqual(['pipelineId']);
    expect(paths(await api('POST', '/api/opportunities', { customerId, pipelineId: 'nope', name: 'Z', stage: 'new', amount: 1 }))).toEqual(['pipelineId']);
    // The seed's bare "Closed" is still refused naming both closed stages.
    const closed = await api('POST', '/api/opportunities', { customerId, name: 'C', stage: 'Closed', amount: 1 });
    expect(problemOf(closed).errors).toEqual([{ path: 'stage', message: 'is ambiguous: say "Closed Won" or "Closed Lost"' }]);
    // In a batch, each item alone.
    const batch = await api('POST', '/api/opportunities/batch', { create: [{ customerId, pipelineId: service.id, name: 'B1', stage: 'quoted', amount: 1 }, { customerId, pipelineId: service.id, name: 'B2', stage: 'negotiation', amount: 1 }] });
    expect(batch.status).toBe(207);
    const result = bodyOf(batch, BatchResult);
    expect(result.create.map((r) => r.status)).toEqual([201, 422]);
    expect(result.create[1]?.error?.errors?.map((e) => e.path)).toEqual(['stage']);
  });

  it('keep their pipeline on PATCH and PUT; changing pipelines needs a stage of the new one', async () => {
    const d = bodyOf(await api('POST', '/api/opportunities', { customerId, pipelineId: service.id, name: 'Mover', stage: 'quoted', amount: 7 }), Opportunity);
    const renamed = await api('PATCH', `/api/opportunities/${d.id}`, { name: 'Mover 2', stage: 'New Request' });
    expect(bodyOf(renamed, Opportunity)).toMatchObject({ pipelineId: service.id, stage: 'new', name: 'Mover 2' });
    const put = await api('PUT', `/api/opportunities/${d.id}`, { customerId, name: 'Mover 3', stage: 'quoted', amount: 8 });
    expect(put.status).toBe(200);
    expect(bodyOf(put, Opportunity)).toMatchObject({ pipelineId: service.id, stage: 'quoted' });
    const stranded = await api('PATCH', `/api/opportunities/${d.id}`, { pipelineId: DEFAULT_PIPELINE_ID });
    expect(stranded.status).toBe(422);
    expect(paths(stranded)).toEqual(['stage']);
    const moved = await api('PATCH', `/api/opportunities/${d.id}`, { pipelineId: DEFAULT_PIPELINE_ID, stage: 'proposal' });
    expect(bodyOf(moved, Opportunity)).toMatchObject({ pipelineId: DEFAULT_PIPELINE_ID, stage: 'proposal', probability: 50 });
    expect(bodyOf(await api('GET', `/api/opportunities/${d.id}/history`), z.array(StageChange)).map((c) => c.to)).toEqual(['quoted', 'new', 'quoted', 'proposal']);
  });

  it('have a board per pipeline, lists filtered by pipeline, and moves within their pipeline', async () => {
    const boards = bodyOf(await api('POST', '/api/pipelines', { name: 'Boards', stages: SERVICE }), PipelineDefinition);
    const a = bodyOf(await api('POST', '/api/opportunities', { customerId, pipelineId: boards.id, name: 'Board A', stage: 'quoted', amount: 1 }), Opportunity);
    const b = bodyOf(await api('POST', '/api/opportunities', { customerId, pipelineId: boards.id, name: 'Board B', stage: 'quoted', amount: 2 }), Opportunity);
    const board = await api('GET', `/api/pipeline?pipelineId=${boards.id}&limit=1`, undefined, asRep);
    expect(board.status).toBe(200);
    expect(board.headers.get('shoal-seq')).toMatch(/^\d+$/);
    const body = bodyOf(board, Pipeline);
    expect(body.pipelineId).toBe(boards.id);
    expect(body.stages.map((s) => s.key)).toEqual(['new', 'quoted', 'won', 'lost']);
    expect(body.stages[0]!.rotDays).toBe(3);
    const quoted = body.stages[1]!;
    expect(quoted.opportunities.map((o) => o.name)).toEqual(['Board A']);
    const rest = await api('GET', `/api/opportunities?pipelineId=${boards.id}&stage=quoted&sort=rank&limit=1&cursor=${quoted.nextCursor}`);
    expect(bodyOf(rest, z.array(Opportunity)).map((o) => o.name)).toEqual(['Board B']);
    // The default board has none of them; its columns are the default stages.
    const main = bodyOf(await api('GET', '/api/pipeline'), Pipeline);
    expect(main.pipelineId).toBe(DEFAULT_PIPELINE_ID);
    expect(main.stages.map((s) => s.key)).toEqual(DEFAULT_STAGES.map((s) => s.key));
    expect(main.stages.flatMap((s) => s.opportunities).some((o) => o.pipelineId !== DEFAULT_PIPELINE_ID)).toBe(false);
    expect(paths(await api('GET', '/api/pipeline?pipelineId=ffffffffffffffffffffffff'))).toEqual(['pipelineId']);
    const listed = await api('GET', `/api/opportunities?pipelineId=${boards.id}&sort=name`);
    expect(bodyOf(listed, z.array(Opportunity)).every((o) => o.pipelineId === boards.id)).toBe(true);
    expect(paths(await api('GET', `/api/opportunities?pipelineId=${boards.id}&stage=proposal`))).toEqual(['stage']);
    expect(paths(await api('GET', '/api/opportunities?pipelineId=zzz'))).toEqual(['pipelineId']);
    // A stage without a pipeline is the default pipeline's.
    expect((await api('GET', '/api/opportunities?stage=Quoted')).status).toBe(422);
    // Moves: within the pipeline, by key or name; another pipeline's stage is a 422 naming stage.
    const moved = await api('POST', `/api/opportunities/${b.id}/move`, { stage: 'Quoted', beforeId: a.id });
    expect(moved.status).toBe(200);
    expect(bodyOf(await api('GET', `/api/pipeline?pipelineId=${boards.id}`), Pipeline).stages[1]!.opportunities.map((o) => o.name).slice(0, 2)).toEqual(['Board B', 'Board A']);
    const wrong = await api('POST', `/api/opportunities/${b.id}/move`, { stage: 'proposal' });
    expect(wrong.status).toBe(422);
    expect(paths(wrong)).toEqual(['stage']);
    const won = await api('POST', `/api/opportunities/${b.id}/move`, { stage: 'booked' });
    expect(bodyOf(won, Opportunity)).toMatchObject({ stage: 'won', probability: 100 });
  });
});

describe('removing a stage', () => {
  it('that holds deals needs moveDeals (422 naming it); with it, its deals move to the bottom of the target as one change', async () => {
    const p = bodyOf(await api('POST', '/api/pipelines', { name: 'Removals', stages: SERVICE }), PipelineDefinition);
    const make = async (name: string, stage: string) => bodyOf(await api('POST', '/api/opportunities', { customerId, pipelineId: p.id, name, stage, amount: 1, probability: 33 }), Opportunity);
    const first = await make('Quoted first', 'quoted');
    const [n1, n2, n3] = [await make('New 1', 'new'), await make('New 2', 'new'), await make('New 3', 'new')];
    const kept = SERVICE.filter((s) => s.key !== 'new');
    // Without saying where its deals go: a 422 naming moveDeals, and nothing changed.
    const refused = await api('PATCH', `/api/pipelines/${p.id}`, { stages: kept });
    expect(refused.status).toBe(422);
    expect(paths(refused)).toEqual(['moveDeals']);
    expect(bodyOf(await api('GET', `/api/pipelines/${p.id}`), PipelineDefinition).version).toBe(1);
    const badTarget = await api('PATCH', `/api/pipelines/${p.id}`, { stages: kept, moveDeals: { new: 'new' } });
    expect(paths(badTarget)).toEqual(['moveDeals.new']);
    const notRemoved = await api('PATCH', `/api/pipelines/${p.id}`, { stages: kept, moveDeals: { new: 'quoted', quoted: 'won' } });
    expect(paths(notRemoved)).toEqual(['moveDeals.quoted']);
    expect(paths(await api('PATCH', `/api/pipelines/${p.id}`, { stages: kept, moveDeals: { new: 'Bad Key' } }))).toEqual(['moveDeals.new']);
    expect((await api('PATCH', `/api/pipelines/${p.id}`, { stages: kept, moveDeals: { new: 'quoted' } }, asRep)).status).toBe(403);

    // The rep's socket counts messages from here; a sentinel change after marks the end.
    const messages: ChangeEvent[][] = [];
    const one = (e: ChangeEvent) => messages.push([e]);
    const many = (group: ChangeEvent[]) => messages.push(group);
    socket.on('change', one);
    socket.on('changes', many);
    const res = await api('PATCH', `/api/pipelines/${p.id}`, { stages: kept, moveDeals: { new: 'quoted' } });
    expect(res.status).toBe(200);
    expect(bodyOf(res, PipelineDefinition).stages.map((s) => s.key)).toEqual(['quoted', 'won', 'lost']);
    const sentinel = bodyOf(await api('POST', '/api/customers', { name: 'Sentinel', email: 'sentinel@pipe.test' }), Customer).id;
    await waitFor(() => messages.flat().some((e) => e.id === sentinel), 'the sentinel');
    socket.off('change', one);
    socket.off('changes', many);
    // One message for the three moves and the pipeline's change (then the sentinel's).
    expect(messages).toHaveLength(2);
    const [group] = messages;
    expect(group!.map((e) => `${e.entity} ${e.op} ${e.id}`)).toEqual([...[n1, n2, n3].map((d) => `opportunity moved ${d.id}`), `pipeline updated ${p.id}`]);
    expect(group!.map((e) => e.seq)).toEqual(group!.map((_, i) => group![0]!.seq + i));
    expect(group![0]!.data).toMatchObject({ stage: 'quoted', probability: 50, version: 2 });
    expect(group![0]!.fields).toEqual(expect.arrayContaining(['stage', 'rank', 'probability']));
    // They land at the bottom of the target in their order; the board and the histories agree.
    const board = bodyOf(await api('GET', `/api/pipeline?pipelineId=${p.id}`), Pipeline);
    expect(board.stages.map((s) => s.key)).toEqual(['quoted', 'won', 'lost']);
    expect(board.stages[0]!.opportunities.map((o) => o.name)).toEqual([first.name, 'New 1', 'New 2', 'New 3']);
    expect(bodyOf(await api('GET', `/api/opportunities/${n2.id}`), Opportunity)).toMatchObject({ stage: 'quoted', version: 2 });
    expect(bodyOf(await api('GET', `/api/opportunities/${n2.id}/history`), z.array(StageChange)).map((c) => [c.from, c.to])).toEqual([[null, 'new'], ['new', 'quoted']]);
    // A deal can no longer enter the removed stage.
    expect(paths(await api('POST', '/api/opportunities', { customerId, pipelineId: p.id, name: 'Late', stage: 'new', amount: 1 }))).toEqual(['stage']);
    // A removed stage without deals needs no moveDeals; moving into a closed stage closes the deals.
    const closing = await api('PATCH', `/api/pipelines/${p.id}`, { stages: [{ key: 'quoted', name: 'Quoted', probability: 50, kind: 'open' }, SERVICE[2], SERVICE[3], { key: 'spare', name: 'Spare', probability: 5, kind: 'open' }] });
    expect(closing.status).toBe(200);
    const done = await api('PATCH', `/api/pipelines/${p.id}`, { stages: [SERVICE[2], SERVICE[3], { key: 'spare', name: 'Spare', probability: 5, kind: 'open' }], moveDeals: { quoted: 'won' } });
    expect(done.status).toBe(200);
    const won = bodyOf(await api('GET', `/api/opportunities/${n3.id}`), Opportunity);
    expect(won).toMatchObject({ stage: 'won', probability: 100 });
    expect(won.closedAt).toBeDefined();
  });
});

describe('the dashboard by pipeline', () => {
  it('filters every figure by pipelineId; without it, covers every pipeline, stage rows naming theirs', async () => {
    const dash = bodyOf(await api('POST', '/api/pipelines', { name: 'Dash', stages: SERVICE }), PipelineDefinition);
    const add = async (stage: string, amount: number) => bodyOf(await api('POST', '/api/opportunities', { customerId, pipelineId: dash.id, name: `Dash ${stage} ${amount}`, stage, amount }), Opportunity);
    await add('new', 100);
    await add('quoted', 200);
    await add('quoted', 300);
    await add('won', 400);
    const oneAnswer = await api('GET', `/api/dashboard?pipelineId=${dash.id}`, undefined, asRep);
    expect(oneAnswer.status).toBe(200);
    const one = { body: bodyOf(oneAnswer, Dashboard) };
    expect(one.body.pipelineId).toBe(dash.id);
    expect(one.body.figures).toMatchObject({ openDeals: 3, openPipelineValue: 600, wonDeals: 1, wonValue: 400, weightedForecast: 10 + 100 + 150 });
    expect(one.body.byStage.map((s) => [s.stage, s.name, s.count])).toEqual([['new', 'New request', 1], ['quoted', 'Quoted', 2], ['won', 'Booked', 1], ['lost', 'Declined', 0]]);
    expect(one.body.timeInStage.map((s) => s.stage)).toEqual(['new', 'quoted']);
    expect(one.body.conversion.map((c) => [c.from, c.to, c.entered, c.advanced])).toEqual([['new', 'quoted', 4, 3], ['quoted', 'won', 3, 1]]);
    // Without a pipeline: the sum of each pipeline's figures, and every pipeline's stages.
    const all = bodyOf(await api('GET', '/api/dashboard'), Dashboard);
    expect(all.pipelineId).toBeNull();
    const each = await Promise.all(bodyOf(await api('GET', '/api/pipelines'), Pipelines).map(async (p) => bodyOf(await api('GET', `/api/dashboard?pipelineId=${p.id}`), Dashboard)));
    expect(all.figures.openDeals).toBe(each.reduce((n, d) => n + d.figures.openDeals, 0));
    expect(all.byStage.filter((s) => s.pipelineId === DEFAULT_PIPELINE_ID).map((s) => s.stage)).toEqual(DEFAULT_STAGES.map((s) => s.key));
    expect(all.byStage.filter((s) => s.pipelineId === dash.id)).toEqual(one.body.byStage);
    // Bad input names the field.
    expect(paths(await api('GET', '/api/dashboard?pipelineId=ffffffffffffffffffffffff'))).toEqual(['pipelineId']);
    expect(paths(await api('GET', '/api/dashboard?pipelineId=x'))).toEqual(['pipelineId']);
    // The maintained facts equal a fresh computation from the database, per pipeline too.
    const maintained = await t.shoal.dashboard.facts();
    const fresh = await t.shoal.dashboard.recompute();
    const to = Date.now() + 60_000;
    for (const pipelineId of [undefined, dash.id, DEFAULT_PIPELINE_ID]) expect(maintained.compute({ from: to - 30 * 86_400_000, to, pipelineId })).toEqual(fresh.compute({ from: to - 30 * 86_400_000, to, pipelineId }));
  });
});

describe('the OpenAPI document', () => {
  it('describes the pipelines, the board, moves and the dashboard, every reference resolving', async () => {
    // The parts of the OpenAPI document read here; the rest is kept as it came.
    const Operation = z.looseObject({
      parameters: z.array(z.looseObject({ name: z.string() })).optional(),
      requestBody: z.looseObject({ content: z.record(z.string(), z.looseObject({ schema: z.looseObject({ $ref: z.string().optional() }) })) }).optional(),
    });
    const OpenApiDocument = z.looseObject({
      paths: z.record(z.string(), z.looseObject({ get: Operation.optional(), post: Operation.optional() })),
      components: z.looseObject({ schemas: z.record(z.string(), z.looseObject({ properties: z.record(z.string(), z.unknown()).optional() })) }),
    });
    const answer = await api('GET', '/api/openapi.json');
    const doc = bodyOf(answer, OpenApiDocument);
    // Each path's keys in the order the document has them (a record keeps it; a schema's keys come first).
    const methods = bodyOf(answer, z.looseObject({ paths: z.record(z.string(), z.record(z.string(), z.unknown())) })).paths;
    const names = (op: z.infer<typeof Operation> | undefined) => (op?.parameters ?? []).map((p) => p.name);
    expect(Object.keys(methods['/api/pipelines'] ?? {})).toEqual(['get', 'post']);
    expect(Object.keys(methods['/api/pipelines/{id}'] ?? {})).toEqual(['parameters', 'get', 'patch']);
    expect(names(doc.paths['/api/pipeline']?.get)).toEqual(expect.arrayContaining(['pipelineId', 'ownerId', 'mine', 'limit']));
    expect(names(doc.paths['/api/dashboard']?.get)).toEqual(expect.arrayContaining(['pipelineId', 'from', 'to', 'ownerId']));
    expect(doc.paths['/api/opportunities/{id}/move']?.post?.requestBody?.content['application/json']?.schema.$ref).toBe('#/components/schemas/MoveInput');
    expect(names(doc.paths['/api/opportunities']?.get)).toEqual(expect.arrayContaining(['pipelineId', 'rotting']));
    expect(doc.components.schemas.PipelineDefinition?.properties?.stages).toBeDefined();
    const refs = JSON.stringify(doc).match(/#\/components\/schemas\/[A-Za-z]+/g) ?? [];
    for (const ref of new Set(refs)) expect(doc.components.schemas[ref.split('/').at(-1)!], ref).toBeDefined();
  });
});
