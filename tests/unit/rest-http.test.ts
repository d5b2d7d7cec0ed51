import { describe, expect, it } from 'vitest';
import { ifMatch, nextCursorOf, pageOf, queryString, seqOf, versionOf } from '../../client/src/data/http.js';
import { ApiError, describeError, readProblem } from '../../client/src/data/problem.js';

const answer = (body: unknown, headers: Record<string, string> = {}, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('reading REST answers', () => {
  it('finds the next cursor among several links, and none without rel=next', () => {
    expect(nextCursorOf('</api/customers?cursor=abc%3D&limit=2>; rel="next", </api/customers>; rel="first"')).toBe('abc=');
    expect(nextCursorOf('</api/customers>; rel="prev"')).toBeUndefined();
    expect(nextCursorOf(null)).toBeUndefined();
  });

  it('reads a page: items, total (never below the items), cursor and seq', async () => {
    const page = await pageOf(answer([{ id: 1 }, { id: 2 }], { 'x-total-count': '9', link: '</api/x?cursor=n2>; rel=next', 'shoal-seq': '41' }));
    expect(page).toEqual({ items: [{ id: 1 }, { id: 2 }], total: 9, nextCursor: 'n2', seq: 41 });
    expect(await pageOf(answer([{ id: 1 }], { 'x-total-count': 'many' }))).toEqual({ items: [{ id: 1 }], total: 1 });
    expect(seqOf(answer([], { 'shoal-seq': '-3' }))).toBeUndefined();
  });

  it('reads versions from strong and weak ETags and writes If-Match', () => {
    expect(versionOf(answer({}, { etag: '"7"' }))).toBe(7);
    expect(versionOf(answer({}, { etag: 'W/"8"' }))).toBe(8);
    expect(versionOf(answer({}, { etag: 'abc' }))).toBeUndefined();
    expect(ifMatch(3)).toEqual({ 'if-match': '"3"' });
    expect(ifMatch(undefined)).toEqual({});
  });

  it('builds query strings of the parameters that have a value', () => {
    expect(queryString({ q: '  acme ', limit: 5, cursor: undefined, ownerId: '', tag: null })).toBe('?q=acme&limit=5');
    expect(queryString({ 'custom.tier': 'gold', stage: ['won', 'lost'] })).toBe('?custom.tier=gold&stage=won&stage=lost');
    expect(queryString({})).toBe('');
  });

  it('reads problem+json, and makes one up for other answers', async () => {
    const problem = await readProblem(answer({ type: 'about:blank', title: 'Invalid', status: 422, detail: 'Bad', errors: [{ path: 'email', message: 'must be an email address' }, { nope: 1 }] }, {}, 422));
    expect(problem.errors).toEqual([{ path: 'email', message: 'must be an email address' }]);
    const plain = await readProblem(new Response('<html>', { status: 502, statusText: 'Bad Gateway', headers: { 'content-type': 'text/html' } }));
    expect(plain).toMatchObject({ status: 502, title: 'Bad Gateway', detail: '' });
  });

  it('says what is gone by its kind, and never calls something else a customer', () => {
    const gone = (kind?: string) => new ApiError(404, { type: 'about:blank', title: 'Not found', status: 404, detail: '' }, undefined, kind);
    expect(describeError(gone('task'))).toBe('That task no longer exists. Someone may have deleted it.');
    expect(describeError(gone())).not.toMatch(/customer/);
  });
});
