import { Router, type Request } from 'express';
import type { z } from 'zod';
import { actorOf } from '../auth/auth.middleware.js';
import { etagOf, readIfMatch, setEtag } from '../http/conditional.js';
import type { Idempotency } from '../http/idempotency.js';
import { sendJsonText } from '../http/json-text.js';
import { cachedQueryParser, KEPT_QUERIES, parseBody, rawQueryOf } from '../http/validate.js';
import { RecentMap } from '../lib/recent-map.js';
import type { Precondition } from '../http/conditional.js';
import type { Actor } from '../../shared/common.js';
import { BatchRequest } from '../../shared/batch.js';
import type { AppError } from '../http/app-error.js';
import { runBatch } from './batch.js';
import type { Page } from './record.service.js';

/** The query strings of next links, less their cursor, by the request's raw query string. */
const linkQueries = new RecentMap<string, string>(KEPT_QUERIES);

/** The request's query parameters but `cursor`, form-encoded in their order. */
function queryWithoutCursor(req: Request): string {
  const key = rawQueryOf(req.url);
  let text = key === undefined ? undefined : linkQueries.get(key);
  if (text === undefined) {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(req.query)) if (name !== 'cursor' && typeof value === 'string') params.set(name, value);
    text = params.toString();
    if (key !== undefined) linkQueries.set(key, text);
  }
  return text;
}

/** The URL of the next page: the same query with the new cursor (last). */
export function nextLink(req: Request, cursor: string): string {
  const query = queryWithoutCursor(req);
  const tail = new URLSearchParams([['cursor', cursor]]).toString();
  return `${req.protocol}://${req.get('host')}${req.baseUrl}${req.path}?${query ? `${query}&` : ''}${tail}`;
}

/** What the REST routes of one resource call. */
export interface RecordEndpoints<Q, C, R, P, A extends { id: string; version: number }> {
  list(query: Q): Promise<Page>;
  get(id: string): Promise<A>;
  seq(): Promise<number>;
  create(input: C, actor: Actor): Promise<A>;
  createMany(inputs: C[], actor: Actor): Promise<(A | AppError)[]>;
  batch<T>(work: () => Promise<T>): Promise<T>;
  replace(id: string, input: R, precondition: Precondition | undefined, actor: Actor): Promise<A>;
  patch(id: string, input: P, precondition: Precondition | undefined, actor: Actor): Promise<A>;
  remove(id: string, precondition: Precondition | undefined, actor: Actor): Promise<unknown>;
}

/**
 * The REST contract every resource shares (SPEC section 4): list with keyset paging, create
 * (201, Location, Idempotency-Key), batch, read (ETag), PUT, PATCH, DELETE with If-Match. Each route
 * parses with the shared schema and makes one service call.
 */
export function recordRoutes<QS extends z.ZodType, CS extends z.ZodType, RS extends z.ZodType, PS extends z.ZodType, A extends { id: string; version: number }>(options: {
  path: string;
  schemas: { query: QS; create: CS; replace: RS; patch: PS };
  service: RecordEndpoints<z.output<QS>, z.output<CS>, z.output<RS>, z.output<PS>, A>;
  idempotency: Idempotency;
  /**
   * The resource's own routes beyond the contract (`/customers/deleted`, `/opportunities/:id/move`),
   * added first, so `deleted` is not read as an id: one router per resource, which is all a
   * request to it walks.
   */
  own?: (router: Router) => void;
}): Router {
  const { path, schemas, service, idempotency } = options;
  const router = Router();
  options.own?.(router);
  const listQuery = cachedQueryParser(schemas.query);

  router.get(`/${path}`, async (req, res) => {
    const page = await service.list(listQuery(req));
    res.setHeader('X-Total-Count', String(page.total));
    res.setHeader('Shoal-Seq', String(page.seq));
    if (page.nextCursor) res.setHeader('Link', `<${nextLink(req, page.nextCursor)}>; rel="next"`);
    // The read model writes the records' JSON bytes straight into the body: nothing re-serialised.
    sendJsonText(res, page.body);
  });

  router.post(`/${path}`, async (req, res) => {
    const input = parseBody(schemas.create, req.body);
    const actor = actorOf(req);
    await idempotency.handle(req, res, actor, async () => {
      const record = await service.create(input, actor);
      setEtag(res, record.version);
      return { status: 201, location: `/api/${path}/${record.id}`, body: record };
    });
  });

  router.post(`/${path}/batch`, async (req, res) => {
    const request = parseBody(BatchRequest, req.body);
    const actor = actorOf(req);
    await idempotency.handle(req, res, actor, async () => {
      const result = await runBatch(request, schemas, service, actor);
      return { status: result.failed ? 207 : 200, body: result };
    });
  });

  router.get(`/${path}/:id`, async (req, res) => {
    // Taken before the read, so the record reflects at least every change up to it.
    const seq = await service.seq();
    const record = await service.get(String(req.params.id));
    res.setHeader('Shoal-Seq', String(seq));
    if (req.get('if-none-match') === etagOf(record.version)) {
      res.status(304).end();
      return;
    }
    setEtag(res, record.version);
    res.json(record);
  });

  router.put(`/${path}/:id`, async (req, res) => {
    const precondition = readIfMatch(req);
    const record = await service.replace(String(req.params.id), parseBody(schemas.replace, req.body), precondition, actorOf(req));
    setEtag(res, record.version);
    res.json(record);
  });

  router.patch(`/${path}/:id`, async (req, res) => {
    const precondition = readIfMatch(req);
    const record = await service.patch(String(req.params.id), parseBody(schemas.patch, req.body), precondition, actorOf(req));
    setEtag(res, record.version);
    res.json(record);
  });

  router.delete(`/${path}/:id`, async (req, res) => {
    await service.remove(String(req.params.id), readIfMatch(req), actorOf(req));
    res.status(204).end();
  });

  return router;
}
