import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type ShoalApp } from '../../server/app.js';
import { connect } from '../../server/db/connection.js';
import { ferretDbBinary } from '../../server/db/engine.js';
import { freePort, startFerretDb, type FerretDbProcess } from '../../server/db/ferretdb.js';
import { createLogger } from '../../server/logger.js';
import { z } from 'zod';
import { Customer } from '../../shared/customer.js';
import { bodyOf, call, problemOf } from '../support/call.js';
import { connectSocket, waitFor } from '../support/shoal.js';

// An engine of this file's own, so stopping it does not disturb the other tests.
const logger = createLogger('silent');
let dir: string;
let port: number;
let engine: FerretDbProcess;
let shoal: ShoalApp;
let url: string;
let auth: Record<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'shoal-faults-'));
  port = await freePort();
  engine = await startFerretDb(ferretDbBinary, dir, logger, port);
  const connection = await connect(engine.uri, 'faults');
  shoal = await createApp({ connection, logger });
  url = `http://127.0.0.1:${await shoal.listen(0)}`;
  const admin = await shoal.users.setup({ name: 'Fay', email: 'fay@shoal.test', password: 'fay password 123' });
  auth = { authorization: `Bearer ${(await shoal.auth.createToken(admin.id, 'faults')).token}` };
});
afterAll(async () => {
  await shoal.close();
  await engine.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('when the database stops (SPEC section 9, faults)', () => {
  it('answers 503 with Retry-After within 2 s, keeps sockets connected, and resumes by itself with no acknowledged write missing', async () => {
    const { body: before } = await call(url, 'POST', '/api/customers', { name: 'Before Outage', email: 'before@example.com' }, auth, Customer);
    const socket = await connectSocket(url, { token: auth.authorization!.slice('Bearer '.length) });

    await engine.stop();
    const started = Date.now();
    const down = await call(url, 'GET', '/api/customers', undefined, auth);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('2');
    expect(problemOf(down)).toMatchObject({ status: 503, title: 'Database unavailable' });
    const write = await call(url, 'POST', '/api/customers', { name: 'During Outage', email: 'during@example.com' }, auth);
    expect(write.status).toBe(503);
    expect((await call(url, 'GET', '/readyz')).status).toBe(503);
    expect(socket.connected).toBe(true);

    engine = await startFerretDb(ferretDbBinary, dir, logger, port);
    let again = await call(url, 'GET', '/api/customers', undefined, auth);
    const deadline = Date.now() + 10_000;
    while (again.status !== 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      again = await call(url, 'GET', '/api/customers', undefined, auth);
    }
    expect(again.status).toBe(200);
    expect(bodyOf(again, z.array(Customer)).map((c) => c.id)).toEqual([before.id]);
    await waitFor(() => socket.connected, 'socket still connected');
    socket.disconnect();
  });
});
