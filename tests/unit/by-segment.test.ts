import http from 'node:http';
import express, { Router, type ErrorRequestHandler } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bySegment, segmentsOf } from '../../server/http/by-segment.js';

/** Each router answers with its name, so a test sees which one answered. */
function answering(name: string, paths: string[]): Router {
  const router = Router();
  for (const path of paths) router.get(path, (_req, res) => void res.send(name));
  return router;
}

describe('routers by first path segment', () => {
  const things = answering('things', ['/things', '/things/:id']);
  const nested = Router();
  nested.get('/stages', (_req, res) => void res.send('stages'));
  nested.use(answering('deals', ['/deals/:id', '/deals']));
  const anyPath = Router();
  anyPath.use((req, res, next) => (req.get('x-any') ? void res.send('any') : next()));
  const failing = Router();
  failing.get('/broken', () => {
    throw new Error('broken');
  });
  // Two routers under one segment: the first's `/things/special` shadows the second's `/things/:id`.
  const special = answering('special', ['/things/special']);
  let server: http.Server;
  let url = '';
  beforeAll(async () => {
    const app = express();
    app.use('/api', bySegment(special, things, nested, anyPath, failing));
    app.use('/api', (_req, res) => void res.status(404).send('none'));
    app.use(((error, _req, res, _next) => void res.status(500).send(String(error.message))) as ErrorRequestHandler);
    server = app.listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/api`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(url + path, { headers });
    return `${res.status} ${await res.text()}`;
  };

  it('reads the segments of routes and of routers used inside, and none of a middleware without a path', () => {
    expect(segmentsOf(things)).toEqual(new Set(['things']));
    expect(segmentsOf(nested)).toEqual(new Set(['stages', 'deals']));
    expect(segmentsOf(anyPath)).toBeUndefined();
    const param = Router();
    param.get('/:id', (_req, res) => void res.send('x'));
    expect(segmentsOf(param)).toBeUndefined();
    // Its routers show as a router's layers, for walks of the routes (the OpenAPI test).
    expect(segmentsOf(bySegment(things, nested) as unknown as Router)).toEqual(new Set(['things', 'stages', 'deals']));
  });

  it('answers as using each router in turn would: order, case, nested routers, a router for any path, errors, no match', async () => {
    expect(await get('/things')).toBe('200 things');
    expect(await get('/things/special')).toBe('200 special');
    expect(await get('/things/7')).toBe('200 things');
    expect(await get('/THINGS/7')).toBe('200 things');
    expect(await get('/things/')).toBe('200 things');
    expect(await get('/deals/3')).toBe('200 deals');
    expect(await get('/stages')).toBe('200 stages');
    expect(await get('/things/7', { 'x-any': '1' })).toBe('200 things');
    expect(await get('/unknown', { 'x-any': '1' })).toBe('200 any');
    expect(await get('/deals/3/more', { 'x-any': '1' })).toBe('200 any');
    expect(await get('/broken')).toBe('500 broken');
    expect(await get('/unknown')).toBe('404 none');
    expect(await get('/')).toBe('404 none');
  });
});
