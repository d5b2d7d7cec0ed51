import { Validator } from '@seriousme/openapi-schema-validator';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { call } from '../support/call.js';
import { startShoal, type TestShoal } from '../support/shoal.js';

// The OpenAPI document (GET /api/openapi.json) is valid OpenAPI 3.1 and covers every route
// express has registered, so the reference cannot drift from the code.

let t: TestShoal;
beforeAll(async () => {
  t = await startShoal();
});
afterAll(async () => {
  await t.close();
});

/** The parts of an OpenAPI document these tests read; the rest is kept as it came (the validator reads it all). */
const Operation = z.looseObject({ parameters: z.array(z.looseObject({ name: z.string() })).optional() });
const OpenApiDocument = z.looseObject({
  openapi: z.string(),
  paths: z.record(z.string(), z.looseObject({ get: Operation.optional() })),
  components: z.looseObject({ schemas: z.record(z.string(), z.looseObject({ properties: z.record(z.string(), z.unknown()).optional() })) }),
});

type Layer = { route?: { path: string | string[]; methods: Record<string, boolean> }; handle: { stack?: Layer[] }; rawPath?: string | string[]; slash?: boolean };

/** Every route of an express app as `METHOD /path/{param}`, walking the router stack (mounted routers too). */
function routesOf(app: Express): string[] {
  const out: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const path of [layer.route.path].flat()) {
          for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') out.push(`${method.toUpperCase()} ${(prefix + path).replace(/:(\w+)/g, '{$1}')}`);
        }
      } else if (layer.handle.stack) {
        const mount = layer.slash ? '' : [layer.rawPath ?? ''].flat()[0]!;
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return [...new Set(out)].sort();
}

describe('GET /api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const res = await call(t.url, 'GET', '/api/openapi.json', undefined, undefined, OpenApiDocument);
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\.1\./);
    const validator = new Validator();
    const result = await validator.validate(res.body);
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 1)?.slice(0, 3000)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('documents every route express has registered, and no route that is not there', async () => {
    const doc = (await call(t.url, 'GET', '/api/openapi.json', undefined, undefined, OpenApiDocument)).body;
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m)).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    const registered = routesOf(t.shoal.app);
    expect(registered.length).toBeGreaterThan(60);
    expect(registered.filter((r) => !documented.includes(r)), 'registered but not documented').toEqual([]);
    expect(documented.filter((r) => !registered.includes(r)), 'documented but not registered').toEqual([]);
  });

  it('carries the custom fields in the record schemas and the list parameters', async () => {
    const doc = (await call(t.url, 'GET', '/api/openapi.json', undefined, undefined, OpenApiDocument)).body;
    for (const name of ['Customer', 'Contact', 'Opportunity', 'Interaction', 'Task']) {
      expect(doc.components.schemas[name]?.properties?.custom, name).toBeDefined();
      expect(doc.components.schemas[`${name}Create`]?.properties?.custom, name).toBeDefined();
    }
    const params = (doc.paths['/api/customers']?.get?.parameters ?? []).map((p) => p.name);
    expect(params).toEqual(expect.arrayContaining(['custom.<key>', 'custom.<key>.gte', 'custom.<key>.lte']));
  });
});
