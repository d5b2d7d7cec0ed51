import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Customer } from '../../shared/customer.js';
import { Dashboard } from '../../shared/dashboard.js';
import { Interaction } from '../../shared/interaction.js';
import { Opportunity } from '../../shared/opportunity.js';
import { bodyOf, call, pathsOf, problemOf } from '../support/call.js';
import { connectSocket, startShoal, waitFor, type TestShoal, type TestUser } from '../support/shoal.js';

// A small fixed data set whose figures are worked out by hand below. The server's clock is set
// before each change, so deals move through their stages on known days.
let now = new Date('2026-08-01T00:00:00Z');
let t: TestShoal;
let ana: TestUser;
let ben: TestUser;
const at = (iso: string) => (now = new Date(iso));
const as = (u: TestUser) => ({ authorization: `Bearer ${u.token}` });
const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(t.url, method, path, body, headers);
const october = 'from=2026-10-01T00:00:00Z&to=2026-10-31T00:00:00Z';

beforeAll(async () => {
  // Dashboard notices gathered over 2 s rather than 500 ms: the burst's ten concurrent writes
  // then fall in one window even on a loaded machine (at 500 ms a loaded CI run split it in two).
  t = await startShoal({ clock: () => now, dashboardCoalesceMs: 2_000 });
  ana = await t.addUser('Ana');
  ben = await t.addUser('Ben');
  const acme = bodyOf(await api('POST', '/api/customers', { name: 'Acme', email: 'acme@x.test' }), Customer).id;
  const beta = bodyOf(await api('POST', '/api/customers', { name: 'Beta', email: 'beta@x.test' }), Customer).id;
  const deal = async (when: string, who: TestUser, customerId: string, name: string, stage: string, amount: number) => {
    at(when);
    return bodyOf(await api('POST', '/api/opportunities', { customerId, name, stage, amount, ownerId: who.id }, as(who)), Opportunity).id;
  };
  const move = async (when: string, id: string, stage: string, extra: Record<string, unknown> = {}) => {
    at(when);
    const res = await api('POST', `/api/opportunities/${id}/move`, { stage, ...extra });
    expect(res.status).toBe(200);
  };
  const touch = async (when: string, who: TestUser, customerId: string, type: string) => {
    at('2026-11-01T00:00:00Z');
    bodyOf(await api('POST', '/api/interactions', { customerId, type, date: when }, as(who)), Interaction);
  };
  const d5 = await deal('2026-08-01T00:00:00Z', ana, beta, 'D5', 'negotiation', 4000);
  const d4 = await deal('2026-09-05T00:00:00Z', ben, beta, 'D4', 'prospecting', 300);
  const d1 = await deal('2026-09-10T00:00:00Z', ana, acme, 'D1', 'prospecting', 1000);
  await move('2026-09-15T00:00:00Z', d5, 'won');
  await move('2026-09-20T00:00:00Z', d1, 'proposal');
  const d2 = await deal('2026-10-02T00:00:00Z', ben, acme, 'D2', 'qualification', 2000);
  const d3 = await deal('2026-10-03T00:00:00Z', ana, beta, 'D3', 'proposal', 500);
  await move('2026-10-05T00:00:00Z', d1, 'won');
  await move('2026-10-08T00:00:00Z', d3, 'negotiation');
  await move('2026-10-12T00:00:00Z', d2, 'negotiation');
  await move('2026-10-15T00:00:00Z', d3, 'qualification'); // a deal that moved backwards
  await move('2026-10-20T00:00:00Z', d2, 'lost', { lostReason: 'Price too high' });
  void d4;
  await touch('2026-10-01T10:00:00Z', ana, acme, 'call');
  await touch('2026-10-01T12:00:00Z', ben, beta, 'email');
  await touch('2026-10-10T09:00:00Z', ana, acme, 'meeting');
  await touch('2026-09-20T09:00:00Z', ana, beta, 'note');
  at('2026-11-01T00:00:00Z');
});
afterAll(async () => {
  await t.close();
});

describe('GET /api/dashboard: every metric against hand-computed figures', () => {
  let d: Dashboard;
  beforeAll(async () => {
    d = bodyOf(await api('GET', `/api/dashboard?${october}`), Dashboard);
  });

  it('compares the period with the previous one of the same length', () => {
    expect(d.period).toEqual({ from: '2026-10-01T00:00:00.000Z', to: '2026-10-31T00:00:00.000Z' });
    expect(d.previousPeriod).toEqual({ from: '2026-09-01T00:00:00.000Z', to: '2026-10-01T00:00:00.000Z' });
    expect(d.figures).toEqual({
      openDeals: 2, // D3 (qualification), D4 (prospecting)
      wonDeals: 1, // D1
      lostDeals: 1, // D2
      openPipelineValue: 800,
      weightedForecast: 155, // 500 x 25% + 300 x 10%
      winRate: 0.5,
      averageDealSize: 1000,
      wonValue: 1000,
      averageSalesCycleDays: 25, // Sep 10 -> Oct 5
      interactions: 3,
    });
    expect(d.previous).toEqual({
      openDeals: 2, // D1 (proposal), D4
      wonDeals: 1, // D5
      lostDeals: 0,
      openPipelineValue: 1300,
      weightedForecast: 530, // 1000 x 50% (proposal) + 300 x 10%
      winRate: 1,
      averageDealSize: 4000,
      wonValue: 4000,
      averageSalesCycleDays: 45, // Aug 1 -> Sep 15
      interactions: 1,
    });
  });

  it('counts and values deals by stage: open ones at the end, won and lost in the period', () => {
    expect(d.byStage.map((s) => [s.stage, s.count, s.value])).toEqual([
      ['prospecting', 1, 300],
      ['qualification', 1, 500],
      ['proposal', 0, 0],
      ['negotiation', 0, 0],
      ['won', 1, 1000],
      ['lost', 1, 2000],
    ]);
  });

  it('averages the time in each stage over stays that ended in the period', () => {
    expect(d.timeInStage.map((s) => [s.stage, s.averageDays, s.stays])).toEqual([
      ['prospecting', null, 0],
      ['qualification', 10, 1], // D2 Oct 2 -> 12
      ['proposal', 10, 2], // D1 Sep 20 -> Oct 5 (15), D3 Oct 3 -> 8 (5)
      ['negotiation', 7.5, 2], // D2 Oct 12 -> 20 (8), D3 Oct 8 -> 15 (7)
    ]);
  });

  it('measures stage-to-stage conversion of the deals created in the period, lost reasons, top customers', () => {
    expect(d.conversion.map((c) => [c.from, c.to, c.entered, c.advanced, c.rate])).toEqual([
      ['prospecting', 'qualification', 2, 2, 1],
      ['qualification', 'proposal', 2, 2, 1],
      ['proposal', 'negotiation', 2, 2, 1],
      ['negotiation', 'won', 2, 0, 0],
    ]);
    expect(d.lostReasons).toEqual([{ reason: 'Price too high', count: 1 }]);
    expect(d.topCustomers).toEqual([{ customerId: expect.any(String), name: 'Beta', openValue: 800, openDeals: 2 }]);
  });

  it('counts interactions per day and type, and activity by rep', () => {
    expect(d.interactionsOverTime.bucket).toBe('day');
    expect(d.interactionsOverTime.series).toHaveLength(30);
    expect(d.interactionsOverTime.series[0]).toEqual({ start: '2026-10-01T00:00:00.000Z', counts: { call: 1, meeting: 0, email: 1, note: 0 } });
    expect(d.interactionsOverTime.series[9]!.counts).toEqual({ call: 0, meeting: 1, email: 0, note: 0 });
    expect(d.interactionsOverTime.series.reduce((n, s) => n + s.counts.call + s.counts.email + s.counts.meeting + s.counts.note, 0)).toBe(3);
    expect(d.activityByRep).toEqual([
      { userId: ana.id, name: 'Ana', interactions: 2, dealsWon: 1, wonValue: 1000 },
      { userId: ben.id, name: 'Ben', interactions: 1, dealsWon: 0, wonValue: 0 },
    ]);
  });

  it('filters by owner', async () => {
    const mine = bodyOf(await api('GET', `/api/dashboard?${october}&ownerId=${ben.id}`), Dashboard);
    expect(mine.figures).toEqual({
      openDeals: 1,
      wonDeals: 0,
      lostDeals: 1,
      openPipelineValue: 300,
      weightedForecast: 30,
      winRate: 0,
      averageDealSize: null,
      wonValue: 0,
      averageSalesCycleDays: null,
      interactions: 1,
    });
    expect(mine.activityByRep.map((r) => r.name)).toEqual(['Ben']);
  });

  it('answers an empty period with zeros, and weekly buckets for a long one', async () => {
    const empty = bodyOf(await api('GET', '/api/dashboard?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z'), Dashboard);
    expect(empty.figures).toMatchObject({ openDeals: 0, wonDeals: 0, winRate: null, averageDealSize: null, interactions: 0 });
    expect(empty.conversion.every((c) => c.rate === null)).toBe(true);
    expect(empty.topCustomers).toEqual([]);
    const year = bodyOf(await api('GET', '/api/dashboard?from=2026-01-05T00:00:00Z&to=2026-12-28T00:00:00Z'), Dashboard);
    expect(year.interactionsOverTime.bucket).toBe('week');
    expect(year.interactionsOverTime.series).toHaveLength(51);
  });

  it('refuses a bad period', async () => {
    const res = await api('GET', '/api/dashboard?from=2026-10-31T00:00:00Z&to=2026-10-01T00:00:00Z');
    expect(res.status).toBe(422);
    expect(pathsOf(res)[0]).toBe('from');
    expect((await api('GET', '/api/dashboard?from=yesterday')).status).toBe(422);
  });

  it('caps the period at ten years, naming from and to, so one request cannot ask for millennia of buckets', async () => {
    for (const query of ['from=0001-01-01T00:00:00Z&to=9999-12-31T00:00:00Z', 'from=1900-01-01T00:00:00Z', 'to=9999-01-01T00:00:00Z&from=2000-01-01T00:00:00Z']) {
      const res = await api('GET', `/api/dashboard?${query}`);
      expect(res.status, query).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(pathsOf(res)).toEqual(['from', 'to']);
      expect(problemOf(res).errors?.[0]?.message).toMatch(/10 years/);
    }
    // Ten years is allowed, in weekly buckets: about 520 of them, not one a day.
    const decade = await api('GET', '/api/dashboard?from=2016-08-01T00:00:00Z&to=2026-08-01T00:00:00Z');
    expect(decade.status).toBe(200);
    expect(bodyOf(decade, Dashboard).interactionsOverTime.series.length).toBeLessThanOrEqual(523);
  });
});

describe('roll-ups', () => {
  it('equal a full recomputation after a random sequence of creates, moves, edits, deletes and restores', async () => {
    at('2026-11-02T00:00:00Z');
    await api('GET', '/api/dashboard'); // the maintained facts exist from here on
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff) / 0x7fffffff);
    const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)]!;
    const customers = bodyOf(await api('GET', '/api/customers?limit=200'), z.array(Customer)).map((c) => c.id);
    const deals = bodyOf(await api('GET', '/api/opportunities?limit=200'), z.array(Opportunity)).map((o) => o.id);
    const touches: string[] = [];
    const deleted: string[] = [];
    const stages = ['prospecting', 'qualification', 'proposal', 'negotiation', 'won', 'lost'];
    for (let step = 0; step < 120; step++) {
      now = new Date(now.getTime() + Math.floor(random() * 3 * 86_400_000));
      const r = random();
      const who = pick([ana, ben]);
      if (r < 0.08 || customers.length === 0) {
        customers.push(bodyOf(await api('POST', '/api/customers', { name: `Random ${step}`, email: `r${step}@x.test` }), Customer).id);
      } else if (r < 0.28) {
        const res = await api('POST', '/api/opportunities', { customerId: pick(customers), name: `R${step}`, stage: pick(stages), amount: Math.floor(random() * 10_000), ownerId: who.id }, as(who));
        if (res.status === 201) deals.push(bodyOf(res, Opportunity).id);
      } else if (r < 0.5 && deals.length) {
        await api('POST', `/api/opportunities/${pick(deals)}/move`, { stage: pick(stages) });
      } else if (r < 0.62 && deals.length) {
        await api('PATCH', `/api/opportunities/${pick(deals)}`, random() < 0.5 ? { amount: Math.floor(random() * 9_000) } : { ownerId: pick([ana, ben]).id });
      } else if (r < 0.8) {
        const res = await api('POST', '/api/interactions', { customerId: pick(customers), type: pick(['call', 'email', 'meeting', 'note']), date: new Date(now.getTime() - random() * 40 * 86_400_000).toISOString() }, as(who));
        if (res.status === 201) touches.push(bodyOf(res, Interaction).id);
      } else if (r < 0.86 && touches.length) {
        await api('DELETE', `/api/interactions/${touches.splice(Math.floor(random() * touches.length), 1)[0]}`);
      } else if (r < 0.9 && deals.length) {
        await api('DELETE', `/api/opportunities/${deals.splice(Math.floor(random() * deals.length), 1)[0]}`);
      } else if (r < 0.95 && customers.length > 2) {
        const id = customers.splice(Math.floor(random() * customers.length), 1)[0]!;
        if ((await api('DELETE', `/api/customers/${id}`)).status === 204) deleted.push(id);
      } else if (deleted.length) {
        const id = deleted.pop()!;
        if ((await api('POST', `/api/customers/${id}/restore`)).status === 200) customers.push(id);
      }
    }
    const queries = [
      { from: Date.parse('2026-08-01T00:00:00Z'), to: now.getTime() },
      { from: now.getTime() - 30 * 86_400_000, to: now.getTime() },
      { from: now.getTime() - 30 * 86_400_000, to: now.getTime(), ownerId: ana.id },
    ];
    const maintained = await t.shoal.dashboard.facts();
    const fresh = await t.shoal.dashboard.recompute();
    expect(maintained.deals.size).toBe(fresh.deals.size);
    expect(maintained.interactions.size).toBe(fresh.interactions.size);
    for (const q of queries) expect(maintained.compute(q)).toEqual(fresh.compute(q));
  }, 120_000);
});

describe('live', () => {
  it('a REST change makes one dashboard update reach a client in the dashboard room; a burst makes one', async () => {
    const socket = await connectSocket(t.url, { token: ana.token });
    const updates: { seq: number }[] = [];
    socket.on('dashboard', (u) => updates.push(u));
    await new Promise((r) => socket.emit('presence', { view: 'dashboard' }, r));
    const customerId = bodyOf(await api('GET', '/api/customers?limit=1'), z.array(Customer))[0]!.id;
    const latestSeq = async () => Number((await api('GET', '/api/events?after=0&limit=1')).headers.get('x-latest-seq'));
    bodyOf(await api('POST', '/api/interactions', { customerId, type: 'call', date: now.toISOString() }), Interaction);
    await waitFor(() => updates.length === 1, 'one dashboard update');
    const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => api('POST', '/api/interactions', { customerId, type: 'note', date: now.toISOString(), subject: `burst ${i}` })));
    expect(burst.map((r) => r.status)).toEqual(burst.map(() => 201));
    await waitFor(() => updates.length >= 2, 'the burst');
    const latest = await latestSeq();
    // A later change is the barrier: updates are sent in seq order, so once its update is in,
    // a second update of the burst would have arrived before it.
    bodyOf(await api('POST', '/api/interactions', { customerId, type: 'note', date: now.toISOString(), subject: 'later' }), Interaction);
    const later = await latestSeq();
    await waitFor(() => updates.some((u) => u.seq === later), 'the later change’s update');
    expect(updates).toHaveLength(3);
    expect(updates[1]!.seq).toBe(latest);
    socket.disconnect();
  });
});
