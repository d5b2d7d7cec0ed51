import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../../server/db/connection.js';
import { LEASE_MS } from '../../server/http/idempotency.js';
import { BatchResult } from '../../shared/batch.js';
import { bodyOf, call } from '../support/call.js';
import { startShoal, waitFor, type TestShoal } from '../support/shoal.js';
import { startShoalProcess, type ShoalProcess } from '../support/process.js';

// A Shoal process is killed (SIGKILL) while it runs a POST with an Idempotency-Key; the key it
// took must not answer "still being processed" for the key's 24 hours, only for its lease.
const dbName = `test_${randomBytes(6).toString('hex')}`;
let first: ShoalProcess | undefined;
let second: TestShoal | undefined;
let offsetMs = 0;

afterAll(async () => {
  await first?.kill('SIGKILL');
  await second?.close();
});

const batch = (tag: string) => ({ create: Array.from({ length: 1_000 }, (_, i) => ({ name: `Lease ${tag} ${i}`, email: `lease-${tag}-${i}@example.com` })) });

describe('an Idempotency-Key whose process died', () => {
  let token = '';
  let key = '';
  let body: unknown;
  let tag = '';

  beforeAll(async () => {
    const db = await connect(inject('mongoUri'), dbName);
    const keys = db.collection('idempotency_keys');
    // Kill the first process while its request is still pending (retry with a new key if it was too quick).
    for (let attempt = 0; attempt < 5 && !key; attempt++) {
      first = await startShoalProcess({ MONGODB_URI: inject('mongoUri'), MONGODB_DB: dbName });
      token = first.token;
      const tryKey = `crash-${attempt}`;
      const tryBody = batch(String(attempt));
      const request = call(first.url, 'POST', '/api/customers/batch', tryBody, { authorization: `Bearer ${token}`, 'idempotency-key': tryKey }).catch(() => undefined);
      let pending = false;
      const watcher = setInterval(() => void keys.findOne({ state: 'pending' }).then((doc) => (pending ||= doc !== null)), 5);
      await waitFor(() => pending, 'the key taken', 10_000);
      clearInterval(watcher);
      await first.kill('SIGKILL');
      await request;
      if ((await keys.findOne({ state: 'pending' })) !== null) {
        key = tryKey;
        body = tryBody;
        tag = String(attempt);
      }
      first = undefined;
    }
    await db.close();
    expect(key).not.toBe('');
    // The restarted Shoal (here in the test's own process, with a clock it can move on).
    second = await startShoal({ dbName, setup: false, clock: () => new Date(Date.now() + offsetMs) });
  }, 120_000);

  it('answers 409 with Retry-After while its lease lasts, then runs the request once for the retry, and replays that answer', async () => {
    const retry = () => call(second!.url, 'POST', '/api/customers/batch', body, { authorization: `Bearer ${token}`, 'idempotency-key': key });
    const during = await retry();
    expect(during.status).toBe(409);
    expect(during.headers.get('retry-after')).toBe('1');

    offsetMs = LEASE_MS + 1_000;
    const after = await retry();
    expect([200, 207]).toContain(after.status);
    expect(bodyOf(after, BatchResult).create).toHaveLength(1_000);
    // Whatever the dead process had written is not written twice: each email exists once.
    const emails = (await second!.shoal.customers.list({ sort: 'email', limit: 200, q: `lease-${tag}-` })).total;
    expect(emails).toBe(1_000);

    const again = await retry();
    expect(again.status).toBe(after.status);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });
});
