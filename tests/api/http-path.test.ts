import http from 'node:http';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Customer } from '../../shared/customer.js';
import { call, problemOf } from '../support/call.js';
import { startShoal, type TestShoal } from '../support/shoal.js';

// The HTTP path of every request (issue 10): bodies are read, refused and skipped as
// body-parser decides, list parses and next links kept per query string answer as fresh
// ones would, and the request log names each request once.
const logged: Record<string, unknown>[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString().split('\n')) if (line) logged.push(JSON.parse(line) as Record<string, unknown>);
    done();
  },
});

let t: TestShoal;
let customerId = '';
beforeAll(async () => {
  t = await startShoal({ logger: pino({ level: 'debug' }, sink) });
  for (const name of ['Corp One', 'Corp Two', 'Corp Three']) {
    const { body } = await call(t.url, 'POST', '/api/customers', { name, email: `${name.replace(' ', '.').toLowerCase()}@corp.test`, tags: ['vip'] }, undefined, Customer);
    customerId = body.id;
  }
});
afterAll(async () => {
  await t.close();
});

/** A request through node:http, which (unlike fetch) sends a body with any method. */
function send(method: string, path: string, options: { body?: string; headers?: Record<string, string>; chunked?: boolean } = {}): Promise<{ status: number; type: string; link: string | undefined; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${t.admin.token}`, ...options.headers };
    // node:http frames a GET's or DELETE's body only when told how.
    if (options.body !== undefined) Object.assign(headers, options.chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(Buffer.byteLength(options.body)) });
    const req = http.request(`${t.url}${path}`, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (part: string) => (text += part));
      res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type'] ?? ''), link: res.headers.link as string | undefined, text }));
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}
const json = { 'content-type': 'application/json' };

describe('request bodies on every method', () => {
  it('still reads the JSON body a GET or DELETE sends: malformed is a 400, too large a 413, both problem+json', async () => {
    for (const [method, path] of [['GET', '/api/customers'], ['DELETE', `/api/customers/${customerId}`]] as const) {
      const bad = await send(method, path, { body: '{"name":', headers: json });
      expect(bad.status, method).toBe(400);
      expect(bad.type).toContain('application/problem+json');
      const chunked = await send(method, path, { body: '{"name":', headers: json, chunked: true });
      expect(chunked.status, `${method} chunked`).toBe(400);
      const huge = await send(method, path, { body: JSON.stringify({ pad: 'x'.repeat(1_100_000) }), headers: json });
      expect(huge.status, method).toBe(413);
      expect(huge.type).toContain('application/problem+json');
      const deep = await send(method, path, { body: `${'['.repeat(40)}${']'.repeat(40)}`, headers: json });
      expect(deep.status, method).toBe(400);
    }
    // The customer is still there: none of those deletes ran.
    expect((await call(t.url, 'GET', `/api/customers/${customerId}`)).status).toBe(200);
  });

  it('answers a GET or DELETE whose body is not JSON as if it had none, and refuses such a write with 415', async () => {
    const list = await send('GET', '/api/customers?tag=vip', { body: 'a=b', headers: { 'content-type': 'text/plain' } });
    expect(list.status).toBe(200);
    expect(z.array(Customer).parse(JSON.parse(list.text))).toHaveLength(3);
    expect((await send('GET', '/api/customers', { body: '', headers: json })).status).toBe(200);
    expect((await send('GET', '/api/customers')).status).toBe(200);
    const write = await send('POST', '/api/customers', { body: 'name=x', headers: { 'content-type': 'text/plain' } });
    expect(write.status).toBe(415);
    expect(write.type).toContain('application/problem+json');
    const { body: doomed } = await call(t.url, 'POST', '/api/customers', { name: 'Doomed', email: 'doomed@corp.test' }, undefined, Customer);
    expect((await send('DELETE', `/api/customers/${doomed.id}`, { body: 'not json', headers: { 'content-type': 'text/plain' } })).status).toBe(204);
    expect((await call(t.url, 'GET', `/api/customers/${doomed.id}`)).status).toBe(404);
  });
});

describe('list queries and next links kept per query string', () => {
  it('builds each next link from its own request: host, path, the query in its order, then the new cursor', async () => {
    const path = '/api/customers?limit=1&q=%20corp&sort=name&tag=vip';
    const [a, b] = await Promise.all(['a.example.test', 'b.example.test'].map((host) => send('GET', path, { headers: { host } })));
    expect([a!.status, b!.status]).toEqual([200, 200]);
    expect(a!.link).toMatch(/^<http:\/\/a\.example\.test\/api\/customers\?limit=1&q=\+corp&sort=name&tag=vip&cursor=[^&>]+>; rel="next"$/);
    expect(b!.link!.replace('b.example.test', 'a.example.test')).toBe(a!.link);
    // Following it: the cursor is replaced, still last, the rest as sent, and the page is the next one.
    const next = new URL(/<([^>]+)>/.exec(a!.link!)![1]!);
    const all = await call(t.url, 'GET', '/api/customers?q=corp&sort=name&tag=vip&limit=200', undefined, undefined, z.array(Customer));
    const second = await send('GET', `${next.pathname}${next.search}`, { headers: { host: 'a.example.test' } });
    expect(second.status).toBe(200);
    expect(JSON.parse(second.text)).toEqual(all.body.slice(1, 2));
    if (all.body.length > 2) {
      expect(second.link).toMatch(/^<http:\/\/a\.example\.test\/api\/customers\?limit=1&q=\+corp&sort=name&tag=vip&cursor=[^&>]+>; rel="next"$/);
      expect(second.link).not.toBe(a!.link);
    }
  });

  it('parses the same query string per list: valid for one kind, refused for another', async () => {
    expect((await call(t.url, 'GET', '/api/customers?tag=vip')).status).toBe(200);
    const contacts = await call(t.url, 'GET', '/api/contacts?tag=vip');
    expect(contacts.status).toBe(422);
    expect(problemOf(contacts).errors?.map((e) => e.path)).toEqual(['tag']);
    // And a refused query is refused again, never taken from a cache.
    expect((await call(t.url, 'GET', '/api/customers?limit=500')).status).toBe(422);
    expect((await call(t.url, 'GET', '/api/customers?limit=500')).status).toBe(422);
  });

  it('answers a repeated list URL as the first time, after changes too', async () => {
    const path = '/api/customers?tag=vip&sort=-name&limit=200';
    const first = await call(t.url, 'GET', path, undefined, undefined, z.array(Customer));
    expect(first.body.map((c) => c.name)).toEqual(['Corp Two', 'Corp Three', 'Corp One']);
    await call(t.url, 'POST', '/api/customers', { name: 'Corp Zero', email: 'zero@corp.test', tags: ['vip'] }, undefined, Customer);
    const again = await call(t.url, 'GET', path, undefined, undefined, z.array(Customer));
    expect(again.body.map((c) => c.name)).toEqual(['Corp Zero', 'Corp Two', 'Corp Three', 'Corp One']);
  });
});

describe('answers written into pooled buffers', () => {
  it('answers lists and boards asked for all at once, some read slowly, each as when asked alone', async () => {
    // Bodies of different sizes (a buffer grows, and is given back, as a page is written) and a board.
    const long = 'x'.repeat(480);
    const made = await call(t.url, 'POST', '/api/customers/batch', { create: Array.from({ length: 60 }, (_, i) => ({ name: `Pooled ${String(i).padStart(2, '0')}`, email: `pooled${i}@corp.test`, address: `${i} ${long}` })) });
    expect(made.status).toBe(200);
    const paths = [
      ...[1, 7, 20, 60, 200].flatMap((limit) => [`/api/customers?limit=${limit}`, `/api/customers?sort=-name&limit=${limit}`, `/api/customers?q=pooled&limit=${limit}`]),
      '/api/pipeline',
      '/api/customers?q=corp',
    ];
    const alone = new Map<string, string>();
    for (const path of paths) alone.set(path, (await send('GET', path)).text);
    // Every path five times at once; a slow reader keeps its answer's bytes in flight the longest.
    const slow = (path: string) =>
      new Promise<string>((resolve, reject) => {
        const req = http.get(`${t.url}${path}`, { headers: { authorization: `Bearer ${t.admin.token}` } }, (res) => {
          res.pause();
          const parts: Buffer[] = [];
          res.on('data', (part: Buffer) => parts.push(part));
          res.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
          // Resumed once the other answers are written (each of them takes and gives back buffers).
          setImmediate(() => setImmediate(() => res.resume()));
        });
        req.on('error', reject);
      });
    const all = await Promise.all(paths.flatMap((path) => [slow(path), ...Array.from({ length: 4 }, () => send('GET', path).then((a) => a.text))].map(async (text) => [path, await text] as const)));
    for (const [path, text] of all) expect(text, path).toBe(alone.get(path));
  });
});

describe('the request log', () => {
  it('logs each of concurrent requests once, with its own method, path, status and user', async () => {
    logged.length = 0;
    const answers = await Promise.all([
      call(t.url, 'GET', '/api/customers?tag=vip'),
      call(t.url, 'GET', '/api/customers/0123456789abcdef01234567'),
      call(t.url, 'GET', '/api/nowhere'),
      call(t.url, 'GET', '/api/customers', undefined, { authorization: '' }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 404, 404, 401]);
    const lines = logged.filter((line) => line.msg === 'request');
    const summary = lines.map((l) => `${String(l.method)} ${String(l.path)} ${String(l.status)} ${String(l.user ?? '-')}`).sort();
    expect(summary).toEqual(
      [`GET /api/customers 200 ${t.admin.id}`, `GET /api/customers/0123456789abcdef01234567 404 ${t.admin.id}`, `GET /api/nowhere 404 ${t.admin.id}`, 'GET /api/customers 401 -'].sort(),
    );
    for (const line of lines) expect(line.ms).toEqual(expect.any(Number));
  });
});

describe('requests made with the app’s prototypes', () => {
  it('gives every request and response express’s prototypes as node:http makes them, so express never sets one, and answers as before', async () => {
    const app = t.shoal.app;
    const born: boolean[] = [];
    // Runs before express sees the request: what node:http made.
    const listener = (req: http.IncomingMessage, res: http.ServerResponse) => born.push(Object.getPrototypeOf(req) === app.request && Object.getPrototypeOf(res) === app.response);
    t.shoal.server.prependListener('request', listener);
    try {
      const list = await send('GET', '/api/customers?limit=2');
      expect(list.status).toBe(200);
      expect(JSON.parse(list.text)).toHaveLength(2);
      expect(list.link).toContain('rel="next"');
      const missing = await send('GET', '/api/nothing-here');
      expect(missing.status).toBe(404);
      expect(missing.type).toContain('application/problem+json');
      const health = await send('GET', '/healthz');
      expect(JSON.parse(health.text)).toEqual({ status: 'ok' });
    } finally {
      t.shoal.server.off('request', listener);
    }
    expect(born).toEqual([true, true, true]);
  });
});
