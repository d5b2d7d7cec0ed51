import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShoalApi } from '../../client/src/api.js';
import { RecordStore, type StoreChange } from '../../client/src/data/record-store.js';
import { LiveClient } from '../../client/src/live.js';
import { fetchPipeline } from '../../client/src/board/board-api.js';
import { Customer } from '../../shared/customer.js';
import { Opportunity } from '../../shared/opportunity.js';
import { call } from '../support/call.js';
import { startShoal, waitFor, type TestShoal, type TestUser } from '../support/shoal.js';

let t: TestShoal;
/** The rep whose browser the store stands in for. */
let lia: TestUser;
/** The colleague who makes the changes. */
let script: Record<string, string>;
let customerId: string;
beforeAll(async () => {
  t = await startShoal();
  lia = await t.addUser('Lia Reyes');
  const ben = await t.addUser('Ben Okafor');
  script = { authorization: `Bearer ${ben.token}` };
  customerId = (await call(t.url, 'POST', '/api/customers', { name: 'Race Co', email: 'race@example.com' }, script, Customer)).body.id;
});
afterAll(async () => {
  await t.close();
});

/** Lia's live client and store, not connected yet; `deals` are the deal changes the store took, in order. */
function client() {
  const api = new ShoalApi({ base: `${t.url}/api`, token: lia.token });
  const live = new LiveClient({ api, url: t.url, auth: { token: lia.token }, retryMs: 50 });
  const store = new RecordStore(live, api);
  const deals: StoreChange[] = [];
  store.subscribe({ change: (c) => c.entity === 'opportunity' && c.event && deals.push(c) });
  return { api, live, store, deals };
}

const newDeal = async (name: string) =>
  (await call(t.url, 'POST', '/api/opportunities', { customerId, name, stage: 'prospecting', amount: 1000 }, script, Opportunity)).body;

describe('a snapshot and the changes after it', () => {
  it("delivers a change committed between the board's snapshot and the socket's first connection, exactly once", async () => {
    const deal = await newDeal('Committed in between');
    const { api, live, store, deals } = client();
    const { pipeline, seq } = await fetchPipeline(api, {}, 50);
    expect(seq, 'GET /api/pipeline names the seq it reflects').toBeTypeOf('number');
    await store.snapshot('opportunity', pipeline.stages.flatMap((s) => s.opportunities), seq);

    // The change lands after the snapshot and before the socket is there to hear it.
    const moved = await call(t.url, 'POST', `/api/opportunities/${deal.id}/move`, { stage: 'proposal' }, { ...script, 'if-match': `"${deal.version}"` }, Opportunity);
    expect(moved.status).toBe(200);
    live.start();
    await waitFor(() => live.state === 'live' && live.lastSeq !== undefined, 'connected');

    // A later change is the sentinel: once it is in, nothing from before can still be on its way.
    const sentinel = await newDeal('Sentinel');
    await waitFor(() => store.get('opportunity', sentinel.id) !== undefined, 'the sentinel');
    expect(deals.map((c) => [c.id, c.event!.op])).toEqual([
      [deal.id, 'moved'],
      [sentinel.id, 'created'],
    ]);
    expect(store.get('opportunity', deal.id)?.stage).toBe('proposal');
    live.stop();
  });

  it('replays the changes the socket delivered before a slower snapshot arrived, and counts each once', async () => {
    const deal = await newDeal('Moved while loading');
    const { api, live, store, deals } = client();
    live.start();
    await waitFor(() => live.state === 'live' && live.lastSeq !== undefined, 'connected');
    const { pipeline, seq } = await fetchPipeline(api, {}, 50);
    // The socket hears the move before the (older) snapshot is taken in.
    await call(t.url, 'POST', `/api/opportunities/${deal.id}/move`, { stage: 'negotiation' }, { ...script, 'if-match': `"${deal.version}"` }, Opportunity);
    await waitFor(() => live.lastSeq! > seq!, 'the move delivered');
    const gap = await store.snapshot('opportunity', pipeline.stages.flatMap((s) => s.opportunities), seq);
    expect(gap.map((e) => [e.id, e.op]), 'the changes the snapshot does not reflect').toEqual([[deal.id, 'moved']]);
    expect(store.get('opportunity', deal.id)?.stage, 'the older snapshot did not undo the move').toBe('negotiation');

    const sentinel = await newDeal('Sentinel 2');
    await waitFor(() => store.get('opportunity', sentinel.id) !== undefined, 'the sentinel');
    expect(deals.filter((c) => c.id === deal.id).map((c) => c.event!.op), 'the store took the move once').toEqual(['moved']);
    live.stop();
  });
});
