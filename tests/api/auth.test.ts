import { Writable } from 'node:stream';
import { pino } from 'pino';
import { io as ioClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiToken, CreatedToken, Session, User } from '../../shared/user.js';
import { bodyOf, call, problemOf } from '../support/call.js';
import { connectSocket, startShoal, waitFor, type TestShoal } from '../support/shoal.js';

// This file starts Shoal before anyone has set it up, and keeps every log line to search it.
let t: TestShoal;
const logLines: string[] = [];
const anonymous = { authorization: '' };
const adminPassword = 'correct horse battery staple';
const repPassword = 'rep password 12345';
let adminCookie = '';
let adminCsrf = '';

const sink = new Writable({
  write(chunk, _enc, done) {
    logLines.push(String(chunk));
    done();
  },
});

beforeAll(async () => {
  t = await startShoal({ setup: false, logger: pino({ level: 'debug' }, sink), limits: { loginLimit: 8, tokenLimit: 8 } });
});
afterAll(async () => {
  await t.close();
});

const cookieFrom = (res: { headers: Headers }) => /shoal_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? '';
/** The secret part of a `shoal_<id>_<secret>` token (the secret itself may contain _). */
const secretOf = (token: string) => token.slice('shoal_'.length + 24 + 1);
const basic = (email: string, password: string) => `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;

describe('first run', () => {
  it('offers setup while no user exists, creates the first admin and signs them in, then refuses', async () => {
    expect((await call(t.url, 'GET', '/api/setup', undefined, anonymous)).body).toEqual({ needed: true });
    const weak = await call(t.url, 'POST', '/api/setup', { name: 'Ada', email: 'ada@shoal.test', password: 'short' }, anonymous);
    expect(weak.status).toBe(422);
    expect(problemOf(weak).errors?.[0]?.path).toBe('password');

    const res = await call(t.url, 'POST', '/api/setup', { name: 'Ada Admin', email: 'ada@shoal.test', password: adminPassword }, anonymous);
    expect(res.status).toBe(201);
    expect(bodyOf(res, Session).user).toMatchObject({ name: 'Ada Admin', email: 'ada@shoal.test', role: 'admin', active: true });
    // Read as sent (a schema would drop a field it does not know).
    expect(bodyOf(res, z.object({ user: z.record(z.string(), z.unknown()) })).user.passwordHash).toBeUndefined();
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    adminCookie = cookieFrom(res);
    adminCsrf = bodyOf(res, Session).csrfToken;

    expect((await call(t.url, 'GET', '/api/setup', undefined, anonymous)).body).toEqual({ needed: false });
    const again = await call(t.url, 'POST', '/api/setup', { name: 'Eve', email: 'eve@shoal.test', password: 'another password' }, anonymous);
    expect(again.status).toBe(403);
  });
});

describe('every API route refuses unauthenticated use', () => {
  const routes: [string, string][] = [
    ['GET', '/api/customers'],
    ['POST', '/api/customers'],
    ['GET', '/api/customers/0123456789abcdef01234567'],
    ['PUT', '/api/customers/0123456789abcdef01234567'],
    ['PATCH', '/api/customers/0123456789abcdef01234567'],
    ['DELETE', '/api/customers/0123456789abcdef01234567'],
    ['POST', '/api/customers/batch'],
    ['POST', '/api/contacts/batch'],
    ['POST', '/api/opportunities/batch'],
    ['POST', '/api/interactions/batch'],
    ['GET', '/api/customers/export'],
    ['POST', '/api/customers/import'],
    ['GET', '/api/contacts/export'],
    ['POST', '/api/contacts/import'],
    ['GET', '/api/imports/0123456789abcdef01234567'],
    ['GET', '/api/events?after=0'],
    ['GET', '/api/users'],
    ['POST', '/api/users'],
    ['PATCH', '/api/users/0123456789abcdef01234567'],
    ['GET', '/api/auth/me'],
    ['POST', '/api/auth/logout'],
    ['GET', '/api/tokens'],
    ['POST', '/api/tokens'],
    ['DELETE', '/api/tokens/0123456789abcdef01234567'],
    ['GET', '/api/no-such-route'],
  ];
  it.each(routes)('%s %s answers 401 problem+json', async (method, path) => {
    const res = await call(t.url, method, path, method === 'GET' || method === 'DELETE' ? undefined : {}, anonymous);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('keeps setup status, login, health and the API reference public', async () => {
    for (const path of ['/api/setup', '/healthz', '/readyz', '/api/openapi.json']) {
      expect((await call(t.url, 'GET', path, undefined, anonymous)).status).toBe(200);
    }
  });

  it('refuses a forged, revoked-looking or malformed bearer token', async () => {
    for (const token of ['nope', 'shoal_0123456789abcdef01234567_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '']) {
      expect((await call(t.url, 'GET', '/api/customers', undefined, { authorization: `Bearer ${token}` })).status).toBe(401);
    }
  });
});

describe('browser sessions', () => {
  it('signs in with the right password only, without telling which part was wrong', async () => {
    const wrong = await call(t.url, 'POST', '/api/auth/login', { email: 'ada@shoal.test', password: 'wrong password' }, anonymous);
    expect(wrong.status).toBe(401);
    const nobody = await call(t.url, 'POST', '/api/auth/login', { email: 'nobody@shoal.test', password: 'wrong password' }, anonymous);
    expect(nobody.status).toBe(401);
    expect(problemOf(nobody).detail).toBe(problemOf(wrong).detail);
    const ok = await call(t.url, 'POST', '/api/auth/login', { email: 'ADA@shoal.test', password: adminPassword }, anonymous);
    expect(ok.status).toBe(200);
    expect(bodyOf(ok, Session).user.email).toBe('ada@shoal.test');
  });

  it('needs the CSRF token on writes made with the cookie, not on reads', async () => {
    const headers = { authorization: '', cookie: `shoal_session=${adminCookie}` };
    expect((await call(t.url, 'GET', '/api/auth/me', undefined, headers, Session)).body.user.name).toBe('Ada Admin');
    expect((await call(t.url, 'GET', '/api/customers', undefined, headers)).status).toBe(200);
    const forged = await call(t.url, 'POST', '/api/customers', { name: 'Forged', email: 'forged@x.test' }, headers);
    expect(forged.status).toBe(403);
    const wrongToken = await call(t.url, 'POST', '/api/customers', { name: 'Forged', email: 'forged@x.test' }, { ...headers, 'x-csrf-token': 'guess' });
    expect(wrongToken.status).toBe(403);
    const real = await call(t.url, 'POST', '/api/customers', { name: 'Real', email: 'real@x.test' }, { ...headers, 'x-csrf-token': adminCsrf });
    expect(real.status).toBe(201);
  });

  it('ends the session on logout', async () => {
    const login = await call(t.url, 'POST', '/api/auth/login', { email: 'ada@shoal.test', password: adminPassword }, anonymous);
    const headers = { authorization: '', cookie: `shoal_session=${cookieFrom(login)}`, 'x-csrf-token': bodyOf(login, Session).csrfToken };
    expect((await call(t.url, 'POST', '/api/auth/logout', undefined, headers)).status).toBe(204);
    expect((await call(t.url, 'GET', '/api/auth/me', undefined, headers)).status).toBe(401);
  });
});

describe('personal API tokens', () => {
  let token = '';
  let tokenId = '';
  it('are created with HTTP Basic credentials, shown once, listed without the secret', async () => {
    const wrong = await call(t.url, 'POST', '/api/tokens', { name: 'import script' }, { authorization: basic('ada@shoal.test', 'nope nope nope') });
    expect(wrong.status).toBe(401);
    const res = await call(t.url, 'POST', '/api/tokens', { name: 'import script' }, { authorization: basic('ada@shoal.test', adminPassword) });
    expect(res.status).toBe(201);
    const made = bodyOf(res, CreatedToken);
    expect(made).toMatchObject({ id: expect.any(String), name: 'import script', token: expect.stringMatching(/^shoal_/) });
    token = made.token;
    tokenId = made.id;
    const list = await call(t.url, 'GET', '/api/tokens', undefined, { authorization: `Bearer ${token}` });
    expect(bodyOf(list, z.array(ApiToken))).toEqual([expect.objectContaining({ id: tokenId, name: 'import script' })]);
    // The body as sent: a schema would drop a field it does not know.
    expect(JSON.stringify(list.body)).not.toContain(secretOf(token));
  });

  it('authenticate scripts without a CSRF token; Basic is refused elsewhere', async () => {
    const created = await call(t.url, 'POST', '/api/customers', { name: 'Scripted', email: 'scripted@x.test' }, { authorization: `Bearer ${token}` });
    expect(created.status).toBe(201);
    expect((await call(t.url, 'GET', '/api/customers', undefined, { authorization: basic('ada@shoal.test', adminPassword) })).status).toBe(401);
  });

  it('stop working once revoked', async () => {
    expect((await call(t.url, 'DELETE', `/api/tokens/${tokenId}`, undefined, { authorization: `Bearer ${token}` })).status).toBe(204);
    const after = await call(t.url, 'GET', '/api/customers', undefined, { authorization: `Bearer ${token}` });
    expect(after.status).toBe(401);
  });
});

describe('roles', () => {
  let repToken = '';
  let repId = '';
  let adminToken = '';
  beforeAll(async () => {
    adminToken = (await call(t.url, 'POST', '/api/tokens', { name: 'admin' }, { authorization: basic('ada@shoal.test', adminPassword) }, CreatedToken)).body.token;
  });

  it('admins create reps; reps cannot create or change users', async () => {
    const created = await call(t.url, 'POST', '/api/users', { name: 'Rex Rep', email: 'rex@shoal.test', password: repPassword }, { authorization: `Bearer ${adminToken}` });
    expect(created.status).toBe(201);
    expect(bodyOf(created, User)).toMatchObject({ role: 'rep', active: true });
    repId = bodyOf(created, User).id;
    repToken = (await call(t.url, 'POST', '/api/tokens', { name: 'rex' }, { authorization: basic('rex@shoal.test', repPassword) }, CreatedToken)).body.token;
    const asRep = { authorization: `Bearer ${repToken}` };
    expect((await call(t.url, 'GET', '/api/users', undefined, asRep)).status).toBe(200);
    expect((await call(t.url, 'POST', '/api/users', { name: 'Sneaky', email: 'sneaky@shoal.test', password: 'sneaky password' }, asRep)).status).toBe(403);
    expect((await call(t.url, 'PATCH', `/api/users/${repId}`, { role: 'admin' }, asRep)).status).toBe(403);
  });

  it('the actor of a change is the authenticated user', async () => {
    const watcher = await connectSocket(t.url, { token: adminToken });
    const seen: { actor: { id: string; name: string } }[] = [];
    watcher.on('change', (e) => seen.push(e));
    await call(t.url, 'POST', '/api/customers', { name: 'By Rex', email: 'byrex@x.test' }, { authorization: `Bearer ${repToken}`, 'x-shoal-actor-name': 'Somebody Else' });
    await waitFor(() => seen.length === 1, 'the change');
    expect(seen[0]!.actor).toEqual({ id: repId, name: 'Rex Rep' });
    watcher.disconnect();
  });

  it('a deactivated user is signed out everywhere: token refused, sockets disconnected', async () => {
    const socket = await connectSocket(t.url, { token: repToken });
    const gone = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    const res = await call(t.url, 'PATCH', `/api/users/${repId}`, { active: false }, { authorization: `Bearer ${adminToken}` });
    expect(res.status).toBe(200);
    expect(await gone).toBe('io server disconnect');
    expect((await call(t.url, 'GET', '/api/customers', undefined, { authorization: `Bearer ${repToken}` })).status).toBe(401);
    expect((await call(t.url, 'POST', '/api/auth/login', { email: 'rex@shoal.test', password: repPassword }, anonymous)).status).toBe(401);
  });

  it('keeps at least one active admin', async () => {
    const me = await call(t.url, 'GET', '/api/auth/me', undefined, { authorization: `Bearer ${adminToken}` }, Session);
    const res = await call(t.url, 'PATCH', `/api/users/${me.body.user.id}`, { role: 'rep' }, { authorization: `Bearer ${adminToken}` });
    expect(res.status).toBe(422);
  });
});

describe('sockets', () => {
  it('refuse a connection without credentials or with a bad token', async () => {
    for (const auth of [{}, { token: 'shoal_bad' }]) {
      const socket = ioClient(t.url, { transports: ['websocket'], auth, reconnection: false, forceNew: true });
      const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
      expect(error.message).toMatch(/sign in/i);
      socket.close();
    }
  });

  it('accept the session cookie', async () => {
    const socket = ioClient(t.url, { transports: ['websocket'], extraHeaders: { cookie: `shoal_session=${adminCookie}` }, reconnection: false, forceNew: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    socket.close();
  });
});

describe('secrets at rest and in logs', () => {
  it('stores no password or token secret in clear and never logs one', async () => {
    const created = await call(t.url, 'POST', '/api/tokens', { name: 'secret check' }, { 'x-csrf-token': adminCsrf, cookie: `shoal_session=${adminCookie}`, authorization: '' });
    const secret = bodyOf(created, CreatedToken).token;
    const tokenSecret = secretOf(secret);
    expect(tokenSecret).toHaveLength(43);
    expect(adminCookie.length).toBeGreaterThan(20);
    await call(t.url, 'GET', '/api/customers', undefined, { authorization: `Bearer ${secret}` });
    const dump: string[] = [];
    for (const name of ['users', 'sessions', 'api_tokens', 'events']) {
      dump.push(JSON.stringify(await t.connection.db!.collection(name).find().toArray()));
    }
    const everything = dump.join('\n') + logLines.join('');
    expect(logLines.length).toBeGreaterThan(0);
    for (const secretText of [adminPassword, repPassword, tokenSecret, adminCookie]) {
      expect(everything).not.toContain(secretText);
    }
    expect(dump[0]).toContain('scrypt$');
  });
});

describe('rate limits and headers', () => {
  it('limits sign-in attempts with 429 and Retry-After', async () => {
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push(await call(t.url, 'POST', '/api/auth/login', { email: 'ada@shoal.test', password: 'wrong guess' }, anonymous));
    const limited = answers.filter((a) => a.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited[0]!.headers.get('content-type')).toContain('application/problem+json');
  });

  it('limits token creation with 429', async () => {
    const statuses = [];
    for (let i = 0; i < 10; i++) statuses.push((await call(t.url, 'POST', '/api/tokens', { name: 'x' }, { authorization: basic('ada@shoal.test', 'wrong wrong') })).status);
    expect(statuses).toContain(429);
  });

  it('sends security headers with a content security policy', async () => {
    const res = await fetch(`${t.url}/api/setup`);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('unattended install', () => {
  it('creates the first admin from SHOAL_ADMIN_EMAIL / SHOAL_ADMIN_PASSWORD, who can then sign in', async () => {
    const { connect } = await import('../../server/db/connection.js');
    const { createApp } = await import('../../server/app.js');
    const { createLogger } = await import('../../server/logger.js');
    const { inject } = await import('vitest');
    const connection = await connect(inject('mongoUri'), `test_bootstrap_${Date.now()}`);
    const shoal = await createApp({ connection, logger: createLogger('silent'), bootstrapAdmin: { email: 'boss@shoal.test', password: 'boss password 1' } });
    const url = `http://127.0.0.1:${await shoal.listen(0)}`;
    try {
      expect((await call(url, 'GET', '/api/setup')).body).toEqual({ needed: false });
      const login = await call(url, 'POST', '/api/auth/login', { email: 'boss@shoal.test', password: 'boss password 1' });
      expect(login.status).toBe(200);
      expect(bodyOf(login, Session).user.role).toBe('admin');
    } finally {
      await shoal.close();
      await connection.dropDatabase();
      await connection.close();
    }
  });
});
