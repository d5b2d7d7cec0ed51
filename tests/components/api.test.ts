import { expect } from '@open-wc/testing';
import { ApiError } from '../../client/src/api.js';
import type { Session } from '../../shared/user.js';
import { json, problem, scriptedApi } from './scripted-api.js';

const user = {
  id: '0000000000000000000000a1',
  name: 'Ana Silva',
  email: 'ana@shoal.example',
  role: 'rep' as const,
  color: '#2563eb',
  active: true,
  version: 1,
  createdAt: '2026-01-05T10:00:00.000Z',
  updatedAt: '2026-01-05T10:00:00.000Z',
};
const session = (csrfToken: string, id = user.id): Session => ({ user: { ...user, id }, csrfToken });
const csrfRefused = problem(403, { title: 'Not allowed', detail: 'This request lacks the X-CSRF-Token of your session. Reload the page and try again.' });

describe('ShoalApi sessions', () => {
  it('sends the CSRF token of the session on writes only, and forgets it on sign-out', async () => {
    const { api, calls } = scriptedApi([json(200, session('first')), json(200, []), json(201, {}), () => new Response(null, { status: 204 })]);
    await api.login({ email: 'ana@shoal.example', password: 'correct horse battery' });
    await api.listCustomers({});
    await api.createCustomer({ name: 'Acme', email: 'ops@acme.example' } as never);
    await api.logout();
    expect(calls.map((c) => [c.method, c.headers['x-csrf-token'] ?? null])).to.deep.equal([
      ['POST', null],
      ['GET', null],
      ['POST', 'first'],
      ['POST', 'first'],
    ]);
    expect(api.csrfToken).to.equal(undefined);
  });

  it('reports a 401 once while signed in, never before signing in', async () => {
    const ended: ApiError[] = [];
    const { api } = scriptedApi([problem(401), json(200, session('first')), problem(401), problem(401)], { onUnauthorized: (e) => ended.push(e) });
    await api.me().catch(() => undefined);
    expect(ended, 'not signed in yet: a 401 is just the answer').to.have.length(0);
    await api.me();
    await api.listCustomers({}).catch(() => undefined);
    await api.listCustomers({}).catch(() => undefined);
    expect(ended.map((e) => e.status)).to.deep.equal([401]);
  });

  it('renews a stale CSRF token once and sends the write again', async () => {
    const { api, calls } = scriptedApi([json(200, session('old')), csrfRefused, json(200, session('renewed')), json(200, { id: 'x' })]);
    await api.me();
    await api.patchCustomer('0000000000000000000000c1', { phone: '1' });
    expect(calls.map((c) => `${c.method} ${c.url} ${c.headers['x-csrf-token'] ?? ''}`.trim())).to.deep.equal([
      'GET /api/auth/me',
      'PATCH /api/customers/0000000000000000000000c1 old',
      'GET /api/auth/me',
      'PATCH /api/customers/0000000000000000000000c1 renewed',
    ]);
  });

  it('does not send the write again when someone else signed in meanwhile', async () => {
    const ended: ApiError[] = [];
    const { api, calls } = scriptedApi([json(200, session('old')), csrfRefused, json(200, session('theirs', '0000000000000000000000b9'))], {
      onUnauthorized: (e) => ended.push(e),
    });
    await api.me();
    const error = await api.patchCustomer('0000000000000000000000c1', { phone: '1' }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ApiError);
    expect((error as ApiError).status).to.equal(401);
    expect(ended).to.have.length(1);
    expect(calls).to.have.length(3);
  });

  it('reads Retry-After into the error', async () => {
    const { api } = scriptedApi([problem(429, {}, { 'retry-after': '30' })]);
    const error = (await api.login({ email: 'a@b.example', password: 'x' }).catch((e: unknown) => e)) as ApiError;
    expect(error.status).to.equal(429);
    expect(error.retryAfter).to.equal(30);
    expect(error.friendlyMessage).to.contain('Wait 30 seconds');
  });
});
