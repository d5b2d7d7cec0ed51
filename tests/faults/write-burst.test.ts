import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Customer } from '../../shared/customer.js';
import { ChangeEvent } from '../../shared/events.js';
import { bodyOf, call } from '../support/call.js';
import { waitFor } from '../support/shoal.js';
import { useShoalProcess, type ShoalProcess } from '../support/process.js';

// Issue 11's fault test: kill -9 of the embedded FerretDB in the middle of a burst of writes to a
// real Shoal process. Meanwhile every answer is a success or a 503 with Retry-After; Shoal heals
// by itself; afterwards every acknowledged write is there with exactly one event, and the log
// and the records agree (no event without its change, no change without its event).
let shoal: ShoalProcess;
let auth: Record<string, string>;
useShoalProcess('shoal-burst-', (started) => ({ shoal, auth } = started));

/** A write the server acknowledged (2xx): what it must leave in the log. */
interface Acked {
  op: 'created' | 'updated' | 'deleted';
  id: string;
  version: number;
}

/** Every page of a list. */
async function all<T>(first: string, schema: z.ZodType<T>): Promise<T[]> {
  const out: T[] = [];
  let next: string | undefined = first;
  while (next) {
    const res = await call(shoal.url, 'GET', next, undefined, auth);
    expect(res.status).toBe(200);
    out.push(...bodyOf(res, z.array(schema)));
    const link = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '');
    next = link ? new URL(link[1]!, shoal.url).pathname + new URL(link[1]!, shoal.url).search : undefined;
  }
  return out;
}

async function allEvents(): Promise<ChangeEvent[]> {
  const events: ChangeEvent[] = [];
  for (;;) {
    const res = await call(shoal.url, 'GET', `/api/events?after=${events.at(-1)?.seq ?? 0}&limit=1000`, undefined, auth);
    expect(res.status).toBe(200);
    const page = bodyOf(res, z.array(ChangeEvent));
    if (page.length === 0) return events;
    events.push(...page);
  }
}

describe('kill -9 of the engine during a write burst', () => {
  it('answers 503 with Retry-After meanwhile, heals by itself, and keeps every acknowledged write with exactly one event', async () => {
    const acked: Acked[] = [];
    const statuses = new Map<number, number>();
    let unavailable = 0;
    let stop = false;
    let killedAt = -1;

    /** One rep's loop: create a customer, edit it twice, delete every third. */
    const worker = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const send = async (method: string, p: string, body?: unknown) => {
          const res = await call(shoal.url, method, p, body, auth);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status === 503) {
            unavailable++;
            expect(res.headers.get('retry-after')).toBe('2');
            await new Promise((r) => setTimeout(r, 50));
          }
          return res;
        };
        const created = await send('POST', '/api/customers', { name: `Burst ${w}-${i}`, email: `burst-${w}-${i}@example.com` });
        if (created.status !== 201) continue;
        const { id } = bodyOf(created, Customer);
        acked.push({ op: 'created', id, version: 1 });
        for (const phone of ['+1 555 0001', '+1 555 0002']) {
          const patched = await send('PATCH', `/api/customers/${id}`, { phone });
          if (patched.status === 200) acked.push({ op: 'updated', id, version: bodyOf(patched, Customer).version });
        }
        if (i % 3 === 2) {
          const removed = await send('DELETE', `/api/customers/${id}`);
          if (removed.status === 204) acked.push({ op: 'deleted', id, version: 0 });
        }
      }
    };
    const workers = Array.from({ length: 6 }, (_, w) => worker(w));

    await waitFor(() => acked.length >= 60, 'the burst under way', 20_000);
    const [engine] = shoal.engines();
    killedAt = acked.length;
    process.kill(engine!, 'SIGKILL');
    // Healed: plenty of writes acknowledged after the kill.
    await waitFor(() => acked.length >= killedAt + 150, 'writes acknowledged again after the kill', 30_000);
    stop = true;
    await Promise.all(workers);

    // Only successes and 503s (a 500's cause is in Shoal's log), and the outage was seen.
    const unhandled = shoal.output().split('\n').filter((line) => line.includes('unhandled error'));
    expect([...statuses.keys()].sort(), unhandled.slice(0, 3).join('\n')).toEqual([200, 201, 204, 503].filter((s) => statuses.has(s)));
    expect(unavailable).toBeGreaterThan(0);
    expect(shoal.engines()).toHaveLength(1);
    expect(shoal.engines()[0]).not.toBe(engine);

    const events = (await allEvents()).filter((e) => e.entity === 'customer');
    const records = new Map((await all('/api/customers?limit=200', Customer)).map((c) => [c.id, c]));

    // Every acknowledged write has exactly one event.
    const key = (e: { op: string; id: string; version: number }) => (e.op === 'deleted' ? `deleted ${e.id}` : `${e.op} ${e.id} v${e.version}`);
    const logged = new Map<string, number>();
    for (const e of events) logged.set(key(e), (logged.get(key(e)) ?? 0) + 1);
    for (const a of acked) expect(logged.get(key(a)), key(a)).toBe(1);

    // The log and the records agree: per record, versions 1, 2, 3... each once; the last event
    // is the record as stored (or its deletion, and then the record is gone).
    const byId = new Map<string, ChangeEvent[]>();
    for (const e of events) byId.set(e.id, [...(byId.get(e.id) ?? []), e]);
    for (const [id, list] of byId) {
      const versions = list.filter((e) => e.op !== 'deleted').map((e) => e.version);
      expect(versions, id).toEqual(versions.map((_, i) => i + 1));
      const last = list.at(-1)!;
      if (last.op === 'deleted') expect(records.has(id), `${id} deleted in the log`).toBe(false);
      else expect(records.get(id)?.version, `${id} in the log at v${last.version}`).toBe(last.version);
    }
    for (const [id, record] of records) expect(byId.get(id)?.at(-1)?.version, `record ${id} v${record.version} has its event`).toBe(record.version);
  }, 90_000);
});
