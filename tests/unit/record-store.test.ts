import { describe, expect, it } from 'vitest';
import type { ShoalApi } from '../../client/src/api.js';
import { RecordStore, type StoreChange } from '../../client/src/data/record-store.js';
import type { LiveClient, LiveHandlers } from '../../client/src/live.js';
import { Contact } from '../../shared/contact.js';
import { Customer } from '../../shared/customer.js';
import type { ChangeEvent } from '../../shared/events.js';

const stamp = { createdAt: '2026-01-05T10:00:00.000Z', updatedAt: '2026-01-05T10:00:00.000Z' };
const hex = (n: number) => n.toString(16).padStart(24, '0');
const customer = (version: number, name = 'Acme'): Customer => Customer.parse({ ...stamp, id: hex(1), name, email: 'ops@acme.example', tags: [], version });
const contact = (n: number, version = 1): Contact => Contact.parse({ ...stamp, id: hex(0x100 + n), customerId: hex(1), name: `Person ${n}`, email: `p${n}@acme.example`, version });
const actor = { id: hex(0xa1), name: 'Dana Park' };

const event = (seq: number, op: ChangeEvent['op'], record: Customer): ChangeEvent => ({
  seq,
  entity: 'customer',
  op,
  id: record.id,
  data: record,
  version: record.version,
  actor,
  at: stamp.updatedAt,
});

/** The live client as the store sees it, and an event log to replay from. */
function harness(lastSeq: number | undefined, log: ChangeEvent[] = []) {
  const subscribers = new Set<LiveHandlers>();
  const starts: number[] = [];
  const asked: number[] = [];
  const live = {
    lastSeq,
    subscribe: (h: LiveHandlers) => (subscribers.add(h), () => subscribers.delete(h)),
    startAfter: (seq: number) => starts.push(seq),
  };
  const api = {
    eventsAfter: async (after: number) => {
      asked.push(after);
      return { events: log.filter((e) => e.seq > after), latest: log.at(-1)?.seq ?? after };
    },
  };
  const store = new RecordStore(live as unknown as LiveClient, api as unknown as ShoalApi);
  const heard: StoreChange[] = [];
  store.subscribe({ change: (c) => heard.push(c) });
  const deliver = (e: ChangeEvent) => {
    live.lastSeq = e.seq;
    for (const s of subscribers) s.change?.(e);
  };
  return { store, heard, deliver, starts, asked };
}

describe('RecordStore', () => {
  it('takes a record only when its version is newer than any seen, from REST or an event alike', () => {
    const { store, heard, deliver } = harness(10);
    expect(store.put('customer', customer(2))).toBe(true);
    expect(store.put('customer', customer(1, 'Old'))).toBe(false);
    deliver(event(11, 'updated', customer(2, 'Duplicate')));
    deliver(event(12, 'updated', customer(3, 'Acme Ltd')));
    expect(store.get('customer', hex(1))?.name).toBe('Acme Ltd');
    expect(heard.map((c) => c.after?.version)).toEqual([2, 3]);
  });

  it('keeps a deleted record deleted when an older update or snapshot of it arrives late', async () => {
    const { store, deliver } = harness(20);
    deliver(event(21, 'deleted', customer(4)));
    deliver(event(19, 'updated', customer(3)));
    await store.snapshot('customer', [customer(3)], 18);
    expect(store.get('customer', hex(1))).toBeUndefined();
    deliver(event(22, 'restored', customer(6)));
    expect(store.get('customer', hex(1))?.version).toBe(6);
  });

  it("takes a deleted customer's contacts with it, and lets a later read bring them back", () => {
    const { store, heard, deliver } = harness(30);
    store.put('customer', customer(1));
    store.put('contact', contact(1));
    store.put('contact', contact(2));
    deliver(event(31, 'deleted', customer(2)));
    expect(store.where('contact')).toEqual([]);
    expect(heard.filter((c) => c.cascade).map((c) => c.id)).toEqual([contact(1).id, contact(2).id]);
    expect(store.put('contact', contact(1))).toBe(true);
  });

  it('replays the changes between a snapshot and what the live client has seen, once, into the store', async () => {
    const log = [event(41, 'updated', customer(2, 'Acme 2')), event(42, 'updated', customer(3, 'Acme 3')), event(43, 'updated', customer(4, 'Acme 4'))];
    const { store, heard, deliver, asked } = harness(40, log);
    // The socket delivered 41 and 42 while the snapshot at 40 was on its way.
    deliver(log[0]!);
    deliver(log[1]!);
    const gap = await store.snapshot('customer', [customer(1, 'Acme 1')], 40);
    expect(asked).toEqual([40]);
    expect(gap.map((e) => e.seq), 'the changes after the snapshot, up to what the socket had delivered').toEqual([41, 42]);
    expect(store.get('customer', hex(1))?.name).toBe('Acme 3');
    expect(heard.map((c) => (c.entity === 'customer' ? c.after?.name : c.entity)), 'each change heard once').toEqual(['Acme 2', 'Acme 3']);
    deliver(log[2]!);
    expect(heard.map((c) => (c.entity === 'customer' ? c.after?.name : c.entity))).toEqual(['Acme 2', 'Acme 3', 'Acme 4']);
  });

  it('asks a live client without a baseline to start after the snapshot, and replays nothing itself', async () => {
    const { store, starts, asked } = harness(undefined);
    expect(await store.snapshot('customer', [customer(1)], 7)).toEqual([]);
    expect(starts).toEqual([7]);
    expect(asked).toEqual([]);
  });

  it('ignores, by version, the older changes a live client behind the snapshot still delivers', async () => {
    const { store, heard, deliver, asked } = harness(50);
    expect(await store.snapshot('customer', [customer(5, 'Acme 5')], 55)).toEqual([]);
    expect(asked).toEqual([]);
    deliver(event(53, 'updated', customer(4, 'Acme 4')));
    expect(store.get('customer', hex(1))?.name).toBe('Acme 5');
    expect(heard).toHaveLength(1);
  });
});
