import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Customer } from '../../shared/customer.js';
import { JobProgress, type ChangeEvent } from '../../shared/events.js';
import { Opportunity, StageChange } from '../../shared/opportunity.js';
import { call, pathsOf } from '../support/call.js';
import { connectSocket, startShoal, waitFor, type TestShoal } from '../support/shoal.js';

// CSV export and import of deals (opportunities) and interactions, as customers, contacts and
// tasks have it: the list's filters on export (from the read model), the batch path on import,
// per-row errors naming the column, progress live at the importer's socket, custom.<key> columns.

let t: TestShoal;
let acme: string;
let globex: string;
beforeAll(async () => {
  t = await startShoal();
  acme = (await call(t.url, 'POST', '/api/customers', { name: 'Acme', email: 'buyer@acme.test' }, undefined, Customer)).body.id;
  globex = (await call(t.url, 'POST', '/api/customers', { name: 'Globex', email: 'ops@globex.test' }, undefined, Customer)).body.id;
  const defs = [
    { entity: 'opportunity', key: 'source', label: 'Source', type: 'select', options: [{ key: 'web', label: 'Website' }, { key: 'referral', label: 'Referral' }] },
    { entity: 'opportunity', key: 'seats', label: 'Seats', type: 'number' },
    { entity: 'interaction', key: 'mood', label: 'Mood', type: 'select', options: [{ key: 'happy', label: 'Happy' }, { key: 'upset', label: 'Upset' }] },
  ];
  for (const def of defs) expect((await call(t.url, 'POST', '/api/fields', def)).status).toBe(201);
});
afterAll(async () => {
  await t.close();
});

const exported = async (path: string) => {
  const res = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${t.admin.token}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  const text = (await res.text()).replace(/^\ufeff/, '');
  return { header: text.split('\n')[0]!, rows: parse(text, { columns: true }) as Record<string, string>[], text };
};

/** Imports a file, following its progress at the importer's socket, and gives the job events seen. */
async function imported(path: string, text: string): Promise<{ done: JobProgress; events: JobProgress[] }> {
  const socket = await connectSocket(t.url, { token: t.admin.token });
  const events: JobProgress[] = [];
  socket.on('job', (j) => events.push(j));
  try {
    const res = await call(t.url, 'POST', path, text, { 'content-type': 'text/csv' }, JobProgress);
    expect(res.status).toBe(202);
    await waitFor(() => events.some((e) => e.id === res.body.id && e.state !== 'running'), 'the import to finish', 20_000);
    const done = events.filter((e) => e.id === res.body.id).at(-1)!;
    expect((await call(t.url, 'GET', `/api/imports/${res.body.id}`, undefined, undefined, JobProgress)).body).toEqual(done);
    return { done, events: events.filter((e) => e.id === res.body.id) };
  } finally {
    socket.disconnect();
  }
}

describe('deals as CSV', () => {
  it('export writes every deal matching the list filters, amounts as decimals, custom.<key> columns last', async () => {
    await call(t.url, 'POST', '/api/opportunities', { customerId: acme, name: 'Acme renewal', stage: 'proposal', amount: 1200.5, custom: { source: 'web', seats: 40 } });
    await call(t.url, 'POST', '/api/opportunities', { customerId: acme, name: '=cmd()', stage: 'won', amount: 99 });
    await call(t.url, 'POST', '/api/opportunities', { customerId: globex, name: 'Globex pilot', stage: 'prospecting', amount: 0 });
    const all = await exported(`/api/opportunities/export?customerId=${acme}&sort=name`);
    expect(all.header).toBe(
      'id,customerId,contactId,pipelineId,name,stage,amount,currency,probability,expectedCloseDate,ownerId,lostReason,closedAt,rotting,createdAt,updatedAt,custom.source,custom.seats',
    );
    expect(all.rows.map((r) => [r.name, r.stage, r.amount, r.currency, r.probability, r['custom.source'], r['custom.seats']])).toEqual([
      ["'=cmd()", 'won', '99', 'USD', '100', '', ''],
      ['Acme renewal', 'proposal', '1200.5', 'USD', '50', 'web', '40'],
    ]);
    expect(all.rows[0]!.closedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    // The list's filters: a stage by name, a custom value; bad ones are a 422 as on the list.
    expect((await exported('/api/opportunities/export?stage=Prospecting')).rows.map((r) => r.name)).toEqual(['Globex pilot']);
    expect((await exported('/api/opportunities/export?custom.source=web')).rows.map((r) => r.name)).toEqual(['Acme renewal']);
    expect((await call(t.url, 'GET', '/api/opportunities/export?stage=Closed')).status).toBe(422);
    expect((await call(t.url, 'GET', '/api/opportunities/export?limit=5')).status).toBe(422);
    expect((await call(t.url, 'GET', '/api/opportunities/export', undefined, { authorization: '' })).status).toBe(401);
  });

  it('import takes a stage by key or name, decimal amounts, a customer by email; refuses bad rows naming the column; progress live', async () => {
    const watcher = await connectSocket(t.url, { token: t.admin.token });
    const changes: ChangeEvent[] = [];
    watcher.on('change', (e) => changes.push(e));
    watcher.on('changes', (list) => changes.push(...list));
    const file = [
      'Customer Email,Name,Stage,Amount,Expected Close Date,custom.source,custom.seats',
      'buyer@acme.test,By key,negotiation,"1,250.75",2027-03-31,Referral,12',
      'ops@globex.test,By name,closed won,300,,,',
      'ops@globex.test,Bare closed,Closed,10,,,',
      'ops@globex.test,No such stage,Signed,10,,,',
      'ops@globex.test,Bad amount,proposal,ten,,,',
      'ops@globex.test,Cents,proposal,1.005,,,',
      'ops@globex.test,Negative,proposal,-5,,,',
      'nobody@nowhere.test,Unknown customer,proposal,5,,,',
      'ops@globex.test,Bad custom,proposal,5,,Billboard,many',
    ].join('\n');
    const { done, events } = await imported('/api/opportunities/import', file);
    expect(done).toMatchObject({ state: 'done', done: 9, total: 9, result: { created: 2, failed: 7 } });
    expect(events[0]).toMatchObject({ state: 'running' });
    const byRow = new Map(done.result!.errors.map((e) => [e.row, e.errors]));
    expect([...byRow.keys()]).toEqual([4, 5, 6, 7, 8, 9, 10]);
    expect(byRow.get(4)).toEqual([{ path: 'stage', message: expect.stringMatching(/Closed Won.*Closed Lost/) }]);
    expect(byRow.get(5)).toEqual([{ path: 'stage', message: expect.stringContaining('must be one of') }]);
    expect(byRow.get(6)!.map((e) => e.path)).toEqual(['amount']);
    expect(byRow.get(7)).toEqual([{ path: 'amount', message: 'must have at most 2 decimals' }]);
    expect(byRow.get(8)).toEqual([{ path: 'amount', message: 'must be 0 or more' }]);
    expect(byRow.get(9)).toEqual([{ path: 'customerEmail', message: 'is not the email of an existing customer' }]);
    expect(byRow.get(10)!.map((e) => e.path)).toEqual(['custom.source', 'custom.seats']);

    const made = (await call(t.url, 'GET', '/api/opportunities?q=by&sort=name', undefined, undefined, z.array(Opportunity))).body;
    expect(made.map((d) => [d.name, d.customerId, d.stage, d.amount, d.probability, d.expectedCloseDate ?? null, d.custom ?? null])).toEqual([
      ['By key', acme, 'negotiation', 1250.75, 75, '2027-03-31', { source: 'referral', seats: 12 }],
      ['By name', globex, 'won', 300, 100, null, null],
    ]);
    // Each created deal reached open clients as a change, with its stage history.
    await waitFor(() => changes.filter((e) => e.entity === 'opportunity' && e.op === 'created').length === 2, 'the two new deals live');
    expect((await call(t.url, 'GET', `/api/opportunities/${made[0]!.id}/history`, undefined, undefined, z.array(StageChange))).body).toEqual([expect.objectContaining({ from: null, to: 'negotiation' })]);
    watcher.disconnect();
  });

  it('an exported file imports back to the same deals', async () => {
    const { text } = await exported('/api/opportunities/export?q=renewal');
    const { done } = await imported('/api/opportunities/import', text.replace('Acme renewal', 'Acme renewal copy'));
    expect(done.result).toMatchObject({ created: 1, failed: 0 });
    const [copy] = (await call(t.url, 'GET', '/api/opportunities?q=copy', undefined, undefined, z.array(Opportunity))).body;
    expect(copy).toMatchObject({ customerId: acme, stage: 'proposal', amount: 1200.5, probability: 50, currency: 'USD', custom: { source: 'web', seats: 40 } });
  });

  it('a file without the required columns is refused as a whole', async () => {
    const res = await call(t.url, 'POST', '/api/opportunities/import', 'name,amount\nX,1\n', { 'content-type': 'text/csv' });
    expect(res.status).toBe(422);
    expect(pathsOf(res)).toEqual(['customerId or customerEmail', 'stage']);
  });
});

describe('interactions as CSV', () => {
  it('imports calls and meetings (a day alone is midnight UTC, the type in any case) and exports them with the list filters', async () => {
    const file = [
      'customerEmail,type,date,subject,notes,durationMinutes,custom.mood',
      'buyer@acme.test,Call,2026-11-02T09:30:00Z,Kick-off,"Talked about seats, pricing",30,happy',
      'ops@globex.test,meeting,2026-11-03,On site,,90,Upset',
      'ops@globex.test,fax,2026-11-04,Old school,,,',
      'ops@globex.test,note,yesterday,No date,,,',
      'ops@globex.test,call,2026-11-05T10:00:00Z,Too long,,2000,',
      'ops@globex.test,note,2026-11-06T10:00:00Z,Bad mood,,,grumpy',
    ].join('\n');
    const { done } = await imported('/api/interactions/import', file);
    expect(done.result).toMatchObject({ created: 2, failed: 4 });
    expect(done.result!.errors.map((e) => [e.row, e.errors.map((x) => x.path)])).toEqual([
      [4, ['type']],
      [5, ['date']],
      [6, ['durationMinutes']],
      [7, ['custom.mood']],
    ]);
    const { header, rows } = await exported('/api/interactions/export?sort=date');
    expect(header).toBe('id,customerId,contactId,type,date,subject,notes,durationMinutes,userId,createdAt,updatedAt,custom.mood');
    expect(rows.map((r) => [r.customerId, r.type, r.date, r.subject, r.notes, r.durationMinutes, r.userId, r['custom.mood']])).toEqual([
      [acme, 'call', '2026-11-02T09:30:00.000Z', 'Kick-off', 'Talked about seats, pricing', '30', t.admin.id, 'happy'],
      [globex, 'meeting', '2026-11-03T00:00:00.000Z', 'On site', '', '90', t.admin.id, 'upset'],
    ]);
    expect((await exported(`/api/interactions/export?customerId=${globex}&type=meeting`)).rows.map((r) => r.subject)).toEqual(['On site']);
    expect((await exported('/api/interactions/export?from=2026-11-03T00:00:00Z')).rows.map((r) => r.subject)).toEqual(['On site']);
    expect((await call(t.url, 'GET', '/api/interactions/export?type=fax')).status).toBe(422);
  });
});
