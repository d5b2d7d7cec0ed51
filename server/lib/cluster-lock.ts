import { randomUUID } from 'node:crypto';
import type { createClient } from 'redis';
import { KeyedLock } from './keyed-lock.js';

/** Runs work one at a time per key across every Shoal process on one database. */
export interface ClusterLock {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
  /** Runs work holding every key of `keys`, taken at once (`KeyedLock.runAll`; in Redis all or none). */
  runAll<T>(keys: readonly string[], work: () => Promise<T>): Promise<T>;
}

type RedisClient = Pick<ReturnType<typeof createClient>, 'set' | 'eval'>;

/** How long a holder may keep a key before Redis frees it (a process that died holding it). */
const HOLD_MS = 30_000;
/** How long a waiter waits before giving up. */
const WAIT_MS = 15_000;
// Deletes the key only if this holder still has it (not one that took it after it expired).
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
// Takes every key or none (ARGV: the token, the hold in ms): a holder never waits holding some of them.
const TAKE_ALL = "for i, k in ipairs(KEYS) do if redis.call('exists', k) == 1 then return 0 end end for i, k in ipairs(KEYS) do redis.call('set', k, ARGV[1], 'PX', ARGV[2]) end return 1";
const RELEASE_ALL = "local n = 0 for i, k in ipairs(KEYS) do if redis.call('get', k) == ARGV[1] then n = n + redis.call('del', k) end end return n";

/**
 * Inside the process the per-key `KeyedLock` queues work in order; with Redis (scale-out) each
 * holder also takes the key in Redis (`SET NX PX`), so another process waits its turn. FerretDB
 * 1.24 updates by read-then-write, so two processes changing one document need this; without
 * Redis there is one process and the local lock is enough.
 */
export function createClusterLock(local: KeyedLock, redis?: { client: RedisClient; prefix: string }): ClusterLock {
  if (!redis) return { run: (key, work) => local.run(key, work), runAll: (keys, work) => local.runAll(keys, work) };
  const { client, prefix } = redis;
  return {
    runAll: (keys, work) =>
      local.runAll(keys, async () => {
        const names = [...new Set(keys)].map((key) => `${prefix}${key}`);
        if (names.length === 0) return work();
        const token = randomUUID();
        const deadline = Date.now() + WAIT_MS;
        while (Number(await client.eval(TAKE_ALL, { keys: names, arguments: [token, String(HOLD_MS)] })) !== 1) {
          if (Date.now() > deadline) throw new Error(`Timed out waiting for ${names.length} locks held by other Shoal processes.`);
          await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
        }
        try {
          return await work();
        } finally {
          await client.eval(RELEASE_ALL, { keys: names, arguments: [token] }).catch(() => undefined);
        }
      }),
    run: (key, work) =>
      local.run(key, async () => {
        const name = `${prefix}${key}`;
        const token = randomUUID();
        const deadline = Date.now() + WAIT_MS;
        while ((await client.set(name, token, { condition: 'NX', expiration: { type: 'PX', value: HOLD_MS } })) !== 'OK') {
          if (Date.now() > deadline) throw new Error(`Timed out waiting for the lock ${key} held by another Shoal process.`);
          await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
        }
        try {
          return await work();
        } finally {
          await client.eval(RELEASE, { keys: [name], arguments: [token] }).catch(() => undefined);
        }
      }),
  };
}
