import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchResult } from '../../shared/batch.js';
import { bodyOf, call } from '../support/call.js';
import { waitFor } from '../support/shoal.js';
import { startPair, type ShoalPair } from '../support/pair.js';

// Issue 11: an Idempotency-Key across two processes on one database and one Redis. A retry on
// B while A still runs the first request waits its turn (409, Retry-After) and then gets A's
// answer; a key whose process died is taken over by one process only, however many retry at once.
let pair: ShoalPair;

beforeAll(async () => {
  pair = await startPair();
});
afterAll(async () => {
  await pair?.close();
});

const batch = (tag: string, n: number) => ({ create: Array.from({ length: n }, (_, i) => ({ name: `Idem ${tag} ${i}`, email: `idem-${tag}-${i}@example.com` })) });
const post = (url: string, body: unknown, key: string) => call(url, 'POST', '/api/customers/batch', body, { authorization: `Bearer ${pair.a.admin.token}`, 'idempotency-key': key });
const keys = () => pair.a.connection.collection('idempotency_keys');

describe('Idempotency-Key across processes', () => {
  it('a retry on B while A runs the request answers 409 with Retry-After, then replays A’s answer', async () => {
    const { a, b } = pair;
    const body = batch('inflight', 1_000);
    const first = post(a.url, body, 'in-flight');
    let pending = false;
    const watcher = setInterval(() => void keys().findOne({ state: 'pending' }).then((doc) => (pending ||= doc !== null)), 5);
    await waitFor(() => pending, 'the key taken on A', 10_000);
    clearInterval(watcher);

    const during = await post(b.url, body, 'in-flight');
    const answered = await first;
    expect([200, 207]).toContain(answered.status);
    // Unless A was done by then, B said "still being processed".
    if (during.status !== answered.status) {
      expect(during.status).toBe(409);
      expect(during.headers.get('retry-after')).toBe('1');
    }
    const after = await post(b.url, body, 'in-flight');
    expect(after.status).toBe(answered.status);
    expect(after.headers.get('idempotent-replayed')).toBe('true');
    expect(bodyOf(after, BatchResult)).toEqual(bodyOf(answered, BatchResult));
    expect(after.body).toEqual(answered.body);
  });

  it('a key left pending by a dead process, retried on A and B at the same moment, runs once', async () => {
    const { a, b } = pair;
    // Five keys a process took and then died with (their leases ran out a minute ago).
    const tags = ['k0', 'k1', 'k2', 'k3', 'k4'];
    const bodies = new Map(tags.map((tag) => [tag, batch(tag, 40)]));
    const long = new Date(Date.now() - 60_000);
    await keys().insertMany(
      tags.map((tag) => ({
        key: `${a.admin.id}\nPOST /api/customers/batch\ndead-${tag}`,
        fingerprint: createHash('sha256').update(JSON.stringify(bodies.get(tag))).digest('hex'),
        state: 'pending',
        createdAt: long,
        leaseUntil: long,
      })),
    );
    const answers = await Promise.all(tags.map((tag) => Promise.all([post(a.url, bodies.get(tag), `dead-${tag}`), post(b.url, bodies.get(tag), `dead-${tag}`)])));
    for (const [i, pairOfAnswers] of answers.entries()) {
      const statuses = pairOfAnswers.map((r) => r.status).sort();
      // One process ran it (200, every create made once); the other found it taken (409) or, if later, replayed it.
      const ran = pairOfAnswers.filter((r) => r.status === 200 && r.headers.get('idempotent-replayed') === null);
      expect(ran, `key ${tags[i]}: ${statuses}`).toHaveLength(1);
      expect(bodyOf(ran[0]!, BatchResult).create.every((item) => item.status === 201), `key ${tags[i]}`).toBe(true);
      const other = pairOfAnswers.find((r) => r !== ran[0])!;
      expect(other.status === 409 || other.headers.get('idempotent-replayed') === 'true', `key ${tags[i]}: ${statuses}`).toBe(true);
    }
  });
});
