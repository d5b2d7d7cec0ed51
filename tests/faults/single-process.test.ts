import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { Customer } from '../../shared/customer.js';
import { call } from '../support/call.js';
import { clearRedis, redisUrl } from '../support/pair.js';
import { spawnShoal, startShoalProcess, type ShoalProcess } from '../support/process.js';

// Issue 11: several Shoal processes on one database without REDIS_URL overwrite each other's
// changes on FerretDB (locks, settling and caches are per process). A second process without
// Redis must refuse to start with a message naming REDIS_URL. Real processes, as `npm start`.
const dbName = `test_${randomBytes(6).toString('hex')}`;
const onDb = (extra: Record<string, string> = {}) => ({ MONGODB_URI: inject('mongoUri'), MONGODB_DB: dbName, ...extra });
const running: ShoalProcess[] = [];

afterAll(async () => {
  for (const p of running) await p.kill('SIGKILL');
  await clearRedis(dbName);
});

/** Spawns a Shoal that must refuse to start: its exit code and what it said. */
async function refused(env: Record<string, string>): Promise<{ code: unknown; output: string }> {
  const spawned = await spawnShoal(env);
  const code = await spawned.exited;
  return { code, output: spawned.output() };
}

describe('several processes on one database', () => {
  it('a second process without REDIS_URL stops with a message naming REDIS_URL; the first goes on', async () => {
    const first = await startShoalProcess(onDb());
    running.push(first);

    const second = await refused(onDb());
    expect(second.code).toBe(1);
    expect(second.output).toContain(`Another Shoal process (pid ${first.child.pid}`);
    expect(second.output).toContain('REDIS_URL');
    // One with REDIS_URL cannot join a process that has none either.
    const withRedis = await refused(onDb({ REDIS_URL: redisUrl }));
    expect(withRedis.code).toBe(1);
    expect(withRedis.output).toContain('without REDIS_URL');

    const res = await call(first.url, 'POST', '/api/customers', { name: 'Still One', email: 'still-one@example.com' }, { authorization: `Bearer ${first.token}` }, Customer);
    expect(res.status).toBe(201);

    // kill -9, then a restart on this machine: the dead process's lease is taken at once.
    await first.kill('SIGKILL');
    const restarted = await startShoalProcess(onDb());
    running.push(restarted);
    expect((await call(restarted.url, 'GET', '/api/customers', undefined, { authorization: `Bearer ${restarted.token}` }, z.array(Customer))).body).toMatchObject([{ name: 'Still One' }]);
    await restarted.kill('SIGTERM');
  }, 120_000);

  it('processes with the same REDIS_URL run side by side, and one without it is refused beside them', async () => {
    const a = await startShoalProcess(onDb({ REDIS_URL: redisUrl }));
    running.push(a);
    const b = await startShoalProcess(onDb({ REDIS_URL: redisUrl }));
    running.push(b);
    const alone = await refused(onDb());
    expect(alone.code).toBe(1);
    expect(alone.output).toContain('with REDIS_URL');
    expect(alone.output).toContain('set the same REDIS_URL');
    for (const p of [a, b]) expect((await call(p.url, 'GET', '/healthz')).status).toBe(200);
  }, 120_000);
});
