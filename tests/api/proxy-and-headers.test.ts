import http from 'node:http';
import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { call } from '../support/call.js';
import { startShoal, type TestShoal } from '../support/shoal.js';

// Issue 11: `trust proxy` only when configured, a CSP that names Shoal's own socket origin,
// and sign-in limits that hold across processes sharing Redis.
const anonymous = { authorization: '' };
const started: TestShoal[] = [];
afterAll(async () => {
  for (const s of started.reverse()) await s.close();
});

async function shoal(options: Parameters<typeof startShoal>[0]): Promise<TestShoal> {
  const s = await startShoal(options);
  started.push(s);
  return s;
}

/** Six wrong sign-ins, each claiming another client address in X-Forwarded-For. */
async function rotatingLogins(url: string, email: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) {
    const res = await call(url, 'POST', '/api/auth/login', { email, password: 'wrong guess 123' }, { ...anonymous, 'x-forwarded-for': `203.0.113.${i + 1}` });
    statuses.push(res.status);
  }
  return statuses;
}

describe('the sign-in limit and X-Forwarded-For', () => {
  it('counts the peer, not the header, unless SHOAL_TRUST_PROXY says a proxy is in front', async () => {
    const direct = await shoal({ limits: { loginLimit: 3 } });
    expect(await rotatingLogins(direct.url, direct.admin.email)).toEqual([401, 401, 401, 429, 429, 429]);
    // Behind a proxy on loopback that sets the header, each forwarded address has its own count.
    const proxied = await shoal({ limits: { loginLimit: 3 }, trustProxy: 'loopback' });
    expect(await rotatingLogins(proxied.url, proxied.admin.email)).toEqual([401, 401, 401, 401, 401, 401]);
  });
});

describe('the content security policy', () => {
  it("lets pages connect to Shoal's own socket origin only", async () => {
    const s = await shoal({});
    const res = await fetch(`${s.url}/api/setup`);
    const policy = res.headers.get('content-security-policy')!;
    const connect = policy.split(';').map((d) => d.trim()).find((d) => d.startsWith('connect-src'))!;
    expect(connect.split(/\s+/).slice(1)).toEqual(["'self'", `ws://127.0.0.1:${s.port}`]);
    // A Host header that is not a host name is left out rather than written into the policy.
    const odd = await fetch(`${s.url}/api/setup`, { headers: { host: 'x; script-src *' } }).catch(() => undefined);
    if (odd) expect(odd.headers.get('content-security-policy')).not.toContain('script-src *');
  });

  it('names each Host its own socket origin, beyond the origins whose headers are kept, with every other security header', async () => {
    const s = await shoal({});
    const headersFor = (host: string) =>
      new Promise<http.IncomingHttpHeaders>((resolve, reject) => {
        http.get({ host: '127.0.0.1', port: s.port, path: '/api/setup', headers: { host } }, (res) => resolve(res.resume().headers)).on('error', reject);
      });
    for (let i = 0; i < 70; i++) {
      const host = `team${i}.example:${s.port}`;
      const headers = await headersFor(host);
      expect(String(headers['content-security-policy'])).toContain(`connect-src 'self' ws://${host}`);
      expect(headers).toMatchObject({ 'x-frame-options': 'SAMEORIGIN', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'cross-origin-opener-policy': 'same-origin' });
      expect(headers['strict-transport-security']).toBeUndefined();
    }
    expect(String((await headersFor(`team3.example:${s.port}`))['content-security-policy'])).toContain(`ws://team3.example:${s.port}`);
  });
});

describe('rate limits across processes', () => {
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  it('count sign-in attempts made through either process against one limit when they share Redis', async () => {
    const a = await shoal({ redisUrl, limits: { loginLimit: 3 } });
    const b = await shoal({ redisUrl, dbName: a.dbName, setup: false, limits: { loginLimit: 3 } });
    const wrong = (url: string) => call(url, 'POST', '/api/auth/login', { email: a.admin.email, password: 'wrong guess 123' }, anonymous);
    const statuses = [(await wrong(a.url)).status, (await wrong(b.url)).status, (await wrong(a.url)).status, (await wrong(b.url)).status];
    expect(statuses).toEqual([401, 401, 401, 429]);
    const redis = createClient({ url: redisUrl });
    await redis.connect();
    const keys = await redis.keys(`shoal:${a.dbName}:*`);
    if (keys.length) await redis.del(keys);
    await redis.quit();
  });
});
