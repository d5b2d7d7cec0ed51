import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ShoalApi } from '../../client/src/api.js';
import { LiveClient, type ShoalSocket } from '../../client/src/live.js';
import { createApp, type ShoalApp } from '../../server/app.js';
import { createLogger } from '../../server/logger.js';
import type { ChangeEvent } from '../../shared/events.js';
import { Customer } from '../../shared/customer.js';
import { call } from '../support/call.js';
import { startShoal, waitFor, type TestShoal, type TestUser } from '../support/shoal.js';

// SPEC section 9, faults: after a server restart, every connected client reconnects and converges.
let t: TestShoal;
let restarted: ShoalApp | undefined;
let rep: TestUser;

beforeAll(async () => {
  t = await startShoal();
  rep = await t.addUser('Rita Restart');
});
afterAll(async () => {
  await restarted?.close();
  await t.close();
});

/** The web client's live connection, in Node, signed in with a token. */
function liveClient() {
  const api = new ShoalApi({ base: `${t.url}/api`, token: rep.token });
  const live = new LiveClient({
    api,
    url: t.url,
    auth: { token: rep.token },
    retryMs: 50,
    connect: (url, auth) => io(url!, { auth: { ...auth }, autoConnect: false, transports: ['websocket'], reconnectionDelay: 50, reconnectionDelayMax: 200 }) as ShoalSocket,
  });
  const seen: ChangeEvent[] = [];
  live.subscribe({ change: (e) => seen.push(e) });
  live.start();
  return { live, seen };
}

describe('a server restart', () => {
  it('every connected client reconnects by itself and ends with every change once, in order', async () => {
    const clients = [liveClient(), liveClient()];
    await waitFor(() => clients.every((c) => c.live.state === 'live' && c.live.lastSeq !== undefined), 'both clients live');
    const before = await call(t.url, 'POST', '/api/customers', { name: 'Before Restart', email: 'before@restart.test' }, undefined, Customer);
    await waitFor(() => clients.every((c) => c.seen.some((e) => e.id === before.body.id)), 'the first change at both');

    // The process stops (its sockets and their recovery state go with it) and a new one starts
    // on the same database and port.
    await t.shoal.close();
    await waitFor(() => clients.every((c) => c.live.state !== 'live'), 'both clients see the drop');
    restarted = await createApp({ connection: t.connection, logger: createLogger('silent'), engineName: inject('engineName') });
    await restarted.listen(t.port);
    // A change right away, likely before the clients are back: they must replay it.
    const during = await call(t.url, 'POST', '/api/customers', { name: 'During Reconnect', email: 'during@restart.test' }, undefined, Customer);
    expect(during.status).toBe(201);
    await waitFor(() => clients.every((c) => c.live.state === 'live'), 'both clients live again', 10_000);
    const after = await call(t.url, 'PATCH', `/api/customers/${before.body.id}`, { phone: '+1 555 0199' }, undefined, Customer);
    expect(after.status).toBe(200);

    const latest = Number((await call(t.url, 'GET', '/api/events?after=0&limit=1')).headers.get('x-latest-seq'));
    await waitFor(() => clients.every((c) => c.live.lastSeq === latest), 'both clients at the newest change', 10_000);
    for (const { seen, live } of clients) {
      const seqs = seen.map((e) => e.seq);
      expect(new Set(seqs).size).toBe(seqs.length);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(seen.map((e) => `${e.op} ${e.id}`).slice(-3)).toEqual([`created ${before.body.id}`, `created ${during.body.id}`, `updated ${before.body.id}`]);
      live.stop();
    }
  });
});
