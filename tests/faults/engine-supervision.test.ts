import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Customer } from '../../shared/customer.js';
import type { ChangeEvent } from '../../shared/events.js';
import { bodyOf, call, problemOf } from '../support/call.js';
import { connectSocket, waitFor, type ClientSocket } from '../support/shoal.js';
import { useShoalProcess, type ShoalProcess } from '../support/process.js';

// Shoal as `npm start` runs it, in its own process, on the FerretDB it starts itself; the test
// kills that FerretDB with SIGKILL, as a crash would.
/** What `/readyz` and `/healthz` answer (server/app.ts). */
const EngineState = z.enum(['up', 'restarting', 'failed', 'external']);
const Readiness = z.object({ status: z.enum(['ready', 'database unavailable']), engine: z.string(), database: z.enum(['up', 'unreachable']), engineState: EngineState, restarts: z.number().int() });
const Health = z.object({ status: z.enum(['ok', 'failing']), reason: z.string().optional(), engine: z.object({ state: EngineState, restarts: z.number().int() }).optional() });

let shoal: ShoalProcess;
let auth: Record<string, string>;
useShoalProcess('shoal-supervision-', (started) => ({ shoal, auth } = started));

/** The one FerretDB process Shoal runs. */
function enginePid(): number {
  const pids = shoal.engines();
  expect(pids, shoal.output()).toHaveLength(1);
  return pids[0]!;
}

let customerId = '';
/**
 * Edits a customer (a write: lists are answered from memory, writes need the engine) until `ok`
 * holds; every answer meanwhile must be a 200 or a 503 with Retry-After, each within 2 s.
 */
async function untilAnswered(ok: (status: number) => boolean, timeoutMs = 20_000) {
  const seen = new Set<number>();
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; ; i++) {
    const started = Date.now();
    const res = await call(shoal.url, 'PATCH', `/api/customers/${customerId}`, { phone: `+1 555 ${String(1000 + i)}` }, auth);
    expect(Date.now() - started).toBeLessThan(2_000);
    seen.add(res.status);
    if (res.status === 503) {
      expect(res.headers.get('retry-after')).toBe('2');
      expect(problemOf(res)).toMatchObject({ status: 503, title: 'Database unavailable' });
    } else {
      expect(res.status).toBe(200);
    }
    if (ok(res.status)) return { res, seen };
    if (Date.now() > deadline) throw new Error(`no answer passed within ${timeoutMs} ms; seen ${[...seen]}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `/readyz` once the supervisor has noticed the restarted engine answers (a moment after the API does). */
async function readyAgain() {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ready = await call(shoal.url, 'GET', '/readyz');
    if (bodyOf(ready, Readiness).engineState === 'up' || Date.now() > deadline) return ready;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the embedded engine is supervised (issue 11)', () => {
  it('restarts FerretDB after kill -9 on the same data and port: the API answers again by itself and sockets stay connected', async () => {
    const created = await call(shoal.url, 'POST', '/api/customers', { name: 'Survivor Co', email: 'survivor@example.com' }, auth, Customer);
    expect(created.status).toBe(201);
    customerId = created.body.id;
    const socket: ClientSocket = await connectSocket(shoal.url, { token: shoal.token });
    const seen: ChangeEvent[] = [];
    socket.on('change', (e) => seen.push(e));

    const first = enginePid();
    process.kill(first, 'SIGKILL');
    await waitFor(() => !shoal.engines().includes(first), 'the engine gone');
    const { res } = await untilAnswered((status) => status === 200);
    expect(bodyOf(res, Customer)).toMatchObject({ id: created.body.id, name: 'Survivor Co' });
    expect(enginePid()).not.toBe(first);
    expect(socket.connected).toBe(true);

    const ready = await readyAgain();
    expect(ready.status).toBe(200);
    expect(bodyOf(ready, Readiness)).toMatchObject({ status: 'ready', engine: 'ferretdb', database: 'up', engineState: 'up', restarts: 1 });
    expect((await call(shoal.url, 'GET', '/healthz')).status).toBe(200);

    // The same socket still gets changes.
    const after = await call(shoal.url, 'PATCH', `/api/customers/${created.body.id}`, { industry: 'Rope' }, auth, Customer);
    expect(after.status).toBe(200);
    await waitFor(() => seen.some((e) => e.id === created.body.id && e.version === after.body.version), 'the change after the restart, on the old socket');
    socket.disconnect();
  });

  it('answers 503 with Retry-After while the engine cannot come back, /healthz fails after the restart budget, and it heals once the engine can start', async () => {
    const engine = enginePid();
    const port = Number(/127\.0\.0\.1:(\d+)/.exec((await import('node:fs')).readFileSync(`/proc/${engine}/cmdline`, 'utf8'))![1]);
    // Something else takes the engine's port the moment it dies, so every restart fails.
    const squatter = net.createServer((s) => s.destroy());
    process.kill(engine, 'SIGKILL');
    await new Promise<void>((resolve, reject) => {
      const attempt = () => {
        squatter.once('error', () => setTimeout(attempt, 5));
        squatter.listen(port, '127.0.0.1', () => resolve());
      };
      attempt();
      setTimeout(() => reject(new Error('could not take the port')), 10_000).unref();
    });
    // Shoal may have restarted it before the port was taken: kill that one too.
    for (const pid of shoal.engines()) process.kill(pid, 'SIGKILL');

    await untilAnswered((status) => status === 503);
    const down = await call(shoal.url, 'POST', '/api/customers', { name: 'Outage Co', email: 'outage@example.com' }, auth);
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('2');
    const ready = await call(shoal.url, 'GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(bodyOf(ready, Readiness)).toMatchObject({ database: 'unreachable', engine: 'ferretdb' });

    let health = await call(shoal.url, 'GET', '/healthz');
    const deadline = Date.now() + 30_000;
    while (health.status === 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      health = await call(shoal.url, 'GET', '/healthz');
    }
    expect(health.status).toBe(503);
    expect(bodyOf(health, Health)).toMatchObject({ status: 'failing', engine: { state: 'failed' } });

    // The port is free again: Shoal's slower retries bring the engine back, and health with it.
    await new Promise<void>((resolve) => squatter.close(() => resolve()));
    await untilAnswered((status) => status === 200, 30_000);
    expect(bodyOf(await readyAgain(), Readiness)).toMatchObject({ status: 'ready', engineState: 'up' });
    expect((await call(shoal.url, 'GET', '/healthz')).status).toBe(200);
  }, 90_000);
});
