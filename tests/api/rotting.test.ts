import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Customer } from '../../shared/customer.js';
import type { ChangeEvent } from '../../shared/events.js';
import { Opportunity, Pipeline } from '../../shared/opportunity.js';
import { PipelineDefinition } from '../../shared/pipeline.js';
import { Task } from '../../shared/task.js';
import { bodyOf, call, pathsOf } from '../support/call.js';
import { collectChanges, connectSocket, startShoal, waitFor, type ClientSocket, type TestShoal } from '../support/shoal.js';

const DAY = 24 * 60 * 60 * 1000;
let now = Date.parse('2026-11-02T09:00:00Z');
let t: TestShoal;
let socket: ClientSocket;
let seen: ChangeEvent[];
let pipeline: PipelineDefinition;
const api = (method: string, path: string, body?: unknown) => call(t.url, method, path, body);
const read = async <S extends z.ZodType>(path: string, schema: S) => bodyOf(await api('GET', path), schema);
const rottingIds = async () => (await read(`/api/opportunities?pipelineId=${pipeline.id}&rotting=true&sort=name`, z.array(Opportunity))).map((o) => o.name);
const marks = (id: string) => seen.filter((e) => e.entity === 'opportunity' && e.id === id && e.fields?.includes('rotting')).map((e) => (e.entity === 'opportunity' ? e.data?.rotting : e.entity));

beforeAll(async () => {
  t = await startShoal({ clock: () => new Date(now) });
  socket = await connectSocket(t.url);
  seen = collectChanges(socket);
  pipeline = bodyOf(
    await api('POST', '/api/pipelines', {
      name: 'Rot',
      stages: [
        { key: 'lead', name: 'Lead', probability: 10, kind: 'open', rotDays: 3 },
        { key: 'calm', name: 'Calm', probability: 50, kind: 'open' },
        { key: 'won', name: 'Won', probability: 100, kind: 'won' },
      ],
    }),
    PipelineDefinition,
  );
});
afterAll(async () => {
  socket?.close();
  await t.close();
});

describe('rotting deals', () => {
  it('rot after rotDays without a change, interaction or task, live, filterable, and stop at the next activity', async () => {
    const customer = async (n: string) => bodyOf(await api('POST', '/api/customers', { name: n, email: `${n}@rot.test` }), Customer).id;
    const [c1, c2, c3] = [await customer('quiet'), await customer('talked'), await customer('tasked')];
    const deal = async (customerId: string, name: string, stage = 'lead') => bodyOf(await api('POST', '/api/opportunities', { customerId, pipelineId: pipeline.id, name, stage, amount: 1 }), Opportunity);
    const quiet = await deal(c1, 'Quiet');
    const talked = await deal(c2, 'Talked');
    const tasked = await deal(c3, 'Tasked');
    const calm = await deal(c1, 'Calm', 'calm');
    const closed = await deal(c1, 'Closed', 'won');
    const plain = bodyOf(await api('POST', '/api/opportunities', { customerId: c1, name: 'Default pipeline', stage: 'prospecting', amount: 1 }), Opportunity);
    expect(quiet.rotting).toBe(false);

    // Two days on: a call with one customer, a task on another's deal.
    now += 2 * DAY;
    await api('POST', '/api/interactions', { customerId: c2, type: 'call', date: new Date(now).toISOString() });
    await api('POST', '/api/tasks', { title: 'Follow up', dueAt: '2026-11-20', customerId: c3, opportunityId: tasked.id });
    // Four days after creation: only the quiet deal has had nothing for more than 3 days.
    now += 2 * DAY;
    expect(await t.shoal.rotting.check()).toBe(1);
    await waitFor(() => marks(quiet.id).length === 1, 'the mark reaches the client');
    const mark = seen.find((e) => e.entity === 'opportunity' && e.id === quiet.id && e.fields?.includes('rotting'))!;
    expect(mark).toMatchObject({ op: 'updated', version: 2, fields: ['rotting'], actor: { name: 'Shoal' } });
    expect(mark.data).toMatchObject({ rotting: true, changedAt: quiet.changedAt });
    expect(await read(`/api/opportunities/${quiet.id}`, Opportunity)).toMatchObject({ rotting: true, version: 2 });
    expect(await rottingIds()).toEqual(['Quiet']);
    const notRotting = (await read(`/api/opportunities?pipelineId=${pipeline.id}&rotting=false&sort=name`, z.array(Opportunity))).map((o) => o.name);
    expect(notRotting).toEqual(['Calm', 'Closed', 'Talked', 'Tasked']);
    const board = await read(`/api/pipeline?pipelineId=${pipeline.id}`, Pipeline);
    expect(board.stages[0]!.opportunities.filter((o) => o.rotting).map((o) => o.name)).toEqual(['Quiet']);
    // A second check marks nothing more.
    expect(await t.shoal.rotting.check()).toBe(0);

    // Two more days: the talked-to and tasked deals rot too; calm, closed and default-pipeline deals never do.
    now += 2 * DAY;
    expect(await t.shoal.rotting.check()).toBe(2);
    expect(await rottingIds()).toEqual(['Quiet', 'Talked', 'Tasked']);
    for (const d of [calm, closed, plain]) expect((await read(`/api/opportunities/${d.id}`, Opportunity)).rotting).toBe(false);

    // Activity ends it at once, without waiting for the next check: a call, a task change, an edit.
    await api('POST', '/api/interactions', { customerId: c2, type: 'email', date: new Date(now).toISOString() });
    await waitFor(() => marks(talked.id).at(-1) === false, 'the talked-to deal stops rotting');
    const task = (await read(`/api/tasks?opportunityId=${tasked.id}`, z.array(Task)))[0]!;
    await api('PATCH', `/api/tasks/${task.id}`, { done: true });
    await waitFor(() => marks(tasked.id).at(-1) === false, 'the tasked deal stops rotting');
    const edited = await api('PATCH', `/api/opportunities/${quiet.id}`, { amount: 2 });
    expect(bodyOf(edited, Opportunity)).toMatchObject({ rotting: false, version: 3 });
    expect(await rottingIds()).toEqual([]);
    expect(pathsOf(await api('GET', '/api/opportunities?rotting=maybe'))).toEqual(['rotting']);

    // Rot again, then a pipeline change that lengthens rotDays ends it for the deals it covers.
    now += 4 * DAY;
    expect(await t.shoal.rotting.check()).toBe(3);
    await api('PATCH', `/api/pipelines/${pipeline.id}`, { stages: [{ key: 'lead', name: 'Lead', probability: 10, kind: 'open', rotDays: 30 }, pipeline.stages[1], pipeline.stages[2]] });
    await waitFor(() => [quiet, talked, tasked].every((d) => marks(d.id).at(-1) === false), 'the longer rotDays end the rotting');
    expect(await rottingIds()).toEqual([]);
  });
});
