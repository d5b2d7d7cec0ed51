import { createClient } from 'redis';
import { startShoal, type TestShoal } from './shoal.js';

/**
 * The Redis the scale-out tests share (scripts/ensure-test-tools.sh starts one on
 * 127.0.0.1:6379 when none answers; TEST_REDIS_URL names another).
 */
export const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Deletes what Shoal kept in Redis for database `dbName` (the adapter's stream, sessions, locks, limits). */
export async function clearRedis(dbName: string): Promise<void> {
  const redis = createClient({ url: redisUrl });
  await redis.connect();
  const keys = await redis.keys(`shoal:${dbName}:*`);
  if (keys.length) await redis.del(keys);
  await redis.quit();
}

/** Two Shoal servers on one database and one Redis, as the README's scale-out runs them. */
export interface ShoalPair {
  /** The first, which made the admin (`a.admin`). */
  a: TestShoal;
  /** The second, on `a`'s database. */
  b: TestShoal;
  /** Stops both and clears their keys in Redis. */
  close(): Promise<void>;
}

/** Starts a pair with `options` for both (`b` joins `a`'s database without a setup of its own). */
export async function startPair(options: Omit<Parameters<typeof startShoal>[0] & object, 'redisUrl' | 'dbName' | 'setup'> = {}): Promise<ShoalPair> {
  const a = await startShoal({ ...options, redisUrl });
  const b = await startShoal({ ...options, redisUrl, dbName: a.dbName, setup: false });
  return {
    a,
    b,
    close: async () => {
      await b.close();
      await a.close();
      await clearRedis(a.dbName);
    },
  };
}
