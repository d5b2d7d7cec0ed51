import type { RequestHandler, Router } from 'express';

interface Layer {
  route?: { path: unknown };
  slash?: boolean;
  handle: unknown;
}

const isRouter = (handle: unknown): handle is Router => typeof handle === 'function' && Array.isArray((handle as { stack?: unknown }).stack);

/**
 * The first path segments a router's routes begin with, lower-cased (`/customers/:id` gives
 * `customers`), through routers used inside it; undefined when a layer may answer other paths
 * (a middleware without a path, a route that begins with a parameter or a pattern).
 */
export function segmentsOf(router: Router): Set<string> | undefined {
  const segments = new Set<string>();
  for (const layer of (router as unknown as { stack: Layer[] }).stack) {
    if (layer.route) {
      const match = typeof layer.route.path === 'string' ? /^\/([A-Za-z0-9_.~-]+)(?:\/|$)/.exec(layer.route.path) : null;
      if (!match) return undefined;
      segments.add(match[1]!.toLowerCase());
    } else if (layer.slash && isRouter(layer.handle)) {
      const inner = segmentsOf(layer.handle);
      if (!inner) return undefined;
      for (const segment of inner) segments.add(segment);
    } else return undefined;
  }
  return segments;
}

/**
 * Runs, in their order, only the routers that have a route under the request's first path
 * segment, as `use` of each in turn would (a router that may answer any path runs for every
 * request). Express walks every layer of every router otherwise, and a router that matches
 * nothing hands over to the next one a macrotask later: a call to `/api/tasks` went through
 * nine routers and as many turns of the event loop before its own.
 */
export function bySegment(...routers: Router[]): RequestHandler {
  const anyPath = routers.map((router) => segmentsOf(router) === undefined);
  const table = new Map<string, Router[]>();
  for (const segment of new Set(routers.flatMap((router) => [...(segmentsOf(router) ?? [])]))) {
    table.set(segment, routers.filter((router, i) => anyPath[i] || segmentsOf(router)!.has(segment)));
  }
  const others = routers.filter((_router, i) => anyPath[i]);
  const handler: RequestHandler = (req, res, next) => {
    // Express matches paths regardless of case (its default), so the segment is looked up lower-cased.
    const segment = req.path.split('/', 2)[1]!.toLowerCase();
    const chosen = table.get(segment) ?? others;
    let i = 0;
    const step = (error?: unknown) => {
      if (error) return next(error);
      const router = chosen[i++];
      if (!router) return next();
      router(req, res, step);
    };
    step();
  };
  // Its routers, as the layers of a router that uses each: what walks express's routes (the
  // OpenAPI test, `segmentsOf`) read.
  return Object.assign(handler, { stack: routers.map((router) => ({ handle: router, slash: true })) });
}
