import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClusterLock, type ClusterLock } from '../../server/lib/cluster-lock.js';
import { KeyedLock } from '../../server/lib/keyed-lock.js';
import { redisUrl } from '../support/pair.js';

/** Records who holds which key, and fails when two hold one at once. */
function holders() {
  const held = new Map<string, string>();
  const clashes: string[] = [];
  return {
    clashes,
    async hold(who: string, keys: readonly string[], ms: number): Promise<void> {
      for (const key of new Set(keys)) {
        if (held.has(key)) clashes.push(`${who} took ${key} while ${held.get(key)} held it`);
        held.set(key, who);
      }
      await new Promise((r) => setTimeout(r, ms));
      for (const key of new Set(keys)) held.delete(key);
    },
  };
}

describe('KeyedLock.runAll: many keys taken at once (a batch holds its thousand customers in one step)', () => {
  it('waits for an earlier holder of any of its keys, and a later holder of any of them waits for it', async () => {
    const lock = new KeyedLock();
    const order: string[] = [];
    const step = (name: string, ms: number) => async () => {
      order.push(`${name} in`);
      await new Promise((r) => setTimeout(r, ms));
      order.push(`${name} out`);
    };
    const first = lock.run('customer:b', step('one key', 30));
    const all = lock.runAll(['customer:a', 'customer:b', 'customer:c', 'customer:a'], step('all', 10));
    const later = lock.run('customer:c', step('later', 0));
    const other = lock.run('customer:z', step('other', 0));
    await Promise.all([first, all, later, other]);
    expect(order.indexOf('all in')).toBeGreaterThan(order.indexOf('one key out'));
    expect(order.indexOf('later in')).toBeGreaterThan(order.indexOf('all out'));
    // A key none of them holds waits for nobody.
    expect(order.indexOf('other in')).toBeLessThan(order.indexOf('one key out'));
    expect(lock.size).toBe(0);
  });

  it('overlapping sets and single keys, taken in every order, all finish and never share a key', async () => {
    const lock = new KeyedLock();
    const h = holders();
    const keys = Array.from({ length: 8 }, (_, i) => `customer:${i}`);
    const pick = (n: number, seed: number) => Array.from({ length: n }, (_, i) => keys[(seed * 7 + i * 3) % keys.length]!);
    const work: Promise<void>[] = [];
    for (let i = 0; i < 60; i++) {
      if (i % 3 === 0) work.push(lock.run(keys[i % keys.length]!, () => h.hold(`run ${i}`, [keys[i % keys.length]!], 1)));
      else {
        const set = pick(2 + (i % 5), i);
        work.push(lock.runAll(set, () => h.hold(`runAll ${i}`, set, 1)));
      }
    }
    await Promise.all(work);
    expect(h.clashes).toEqual([]);
    expect(lock.size).toBe(0);
  });

  it('a failing holder lets the next one in', async () => {
    const lock = new KeyedLock();
    await expect(lock.runAll(['a', 'b'], () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(await lock.runAll(['b', 'c'], async () => 'next')).toBe('next');
    expect(lock.size).toBe(0);
  });
});

describe('ClusterLock.runAll with Redis: two processes taking overlapping sets', () => {
  const prefix = `shoal:locktest-${randomBytes(4).toString('hex')}:lock:`;
  let redis: ReturnType<typeof createClient>;
  let one: ClusterLock;
  let two: ClusterLock;
  beforeAll(async () => {
    redis = createClient({ url: redisUrl });
    await redis.connect();
    // Each "process" has its own local lock and its own connection, as two Shoal servers do.
    const other = createClient({ url: redisUrl });
    await other.connect();
    one = createClusterLock(new KeyedLock(), { client: redis, prefix });
    two = createClusterLock(new KeyedLock(), { client: other, prefix });
  });
  afterAll(async () => {
    const left = await redis.keys(`${prefix}*`);
    if (left.length) await redis.del(left);
    await redis.quit();
  });

  it('never lets both hold a key at once, with single keys among them, and leaves no key behind', async () => {
    const h = holders();
    const work: Promise<void>[] = [];
    for (let i = 0; i < 16; i++) {
      const lock = i % 2 ? one : two;
      const set = [`customer:${i % 3}`, `customer:${(i + 1) % 3}`, `customer:${(i * 5) % 7}`];
      work.push(lock.runAll(set, () => h.hold(`runAll ${i}`, set, 3)));
      work.push(lock.run(`customer:${i % 3}`, () => h.hold(`run ${i}`, [`customer:${i % 3}`], 1)));
    }
    await Promise.all(work);
    expect(h.clashes).toEqual([]);
    expect(await redis.keys(`${prefix}*`)).toEqual([]);
  }, 30_000);
});
