import type { Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/** `ws://` or `wss://` and the host the page was served from, for the CSP; just 'self' for a Host that is not a host name. */
function socketOrigin(req: Request): string {
  const host = req.get('host') ?? '';
  return /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host) ? `${req.secure ? 'wss' : 'ws'}://${host}` : "'self'";
}

/** The headers helmet sets when the page's socket origin is `origin`, as helmet wrote them. */
function helmetHeaders(origin: string): [string, string][] {
  const middleware = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // The socket's own origin (ws: or wss: on this host), not any host's.
        connectSrc: ["'self'", origin],
        imgSrc: ["'self'", 'data:'],
        // Lit adopts constructable stylesheets; swagger-ui (the API reference) sets inline styles.
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    // Served over plain HTTP on localhost too; HSTS belongs to the TLS proxy in front.
    strictTransportSecurity: false,
  });
  const headers: [string, string][] = [];
  // Helmet only sets (and removes X-Powered-By, which express never sends here), synchronously.
  const recorder = { setHeader: (name: string, value: string | number) => void headers.push([name, String(value)]), removeHeader: () => undefined };
  middleware({} as never, recorder as unknown as Response, () => undefined);
  return headers;
}

/** Socket origins whose headers are kept: a client picks its Host, so others are worked out per request. */
const KEPT_ORIGINS = 64;

/**
 * Helmet's security headers (CSP, frame, referrer, MIME sniffing, cross-origin policies) on
 * every answer, worked out once per socket origin and then copied. Helmet itself runs a dozen
 * middleware per request and builds and checks its CSP each time (about 4% of a list request).
 */
export function securityHeaders(): RequestHandler {
  const byOrigin = new Map<string, [string, string][]>();
  return (req, res, next) => {
    const origin = socketOrigin(req);
    let headers = byOrigin.get(origin);
    if (!headers) {
      headers = helmetHeaders(origin);
      if (byOrigin.size < KEPT_ORIGINS) byOrigin.set(origin, headers);
    }
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}
