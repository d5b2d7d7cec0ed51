import type { Request, RequestHandler } from 'express';
import { parse as parseCookies } from 'cookie';
import type { Actor } from '../../shared/common.js';
import { AppError } from '../http/app-error.js';
import { sameText, type Authenticated, type AuthService } from './auth.service.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Who made this request, once `authenticate` has run. */
      auth?: Authenticated;
    }
  }
}

/** The browser session cookie. */
export const SESSION_COOKIE = 'shoal_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The session cookie's secret, if the request carries one. */
export function sessionCookieOf(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  try {
    return parseCookies(cookieHeader)[SESSION_COOKIE] || undefined;
  } catch {
    return undefined;
  }
}

const unauthenticated = (detail = 'Sign in, or send a personal API token as Authorization: Bearer <token>.') => new AppError('UNAUTHENTICATED', detail);


/**
 * Finds who makes the request: a bearer token, else the session cookie. A browser write
 * (cookie session, unsafe method) must echo the session's CSRF token in `X-CSRF-Token`;
 * bearer-token requests need none. Answers 401 when neither proves anyone.
 */
export function authenticate(auth: AuthService): RequestHandler {
  return async (req, _res, next) => {
    const header = req.get('authorization');
    if (header !== undefined) {
      const bearer = /^Bearer\s+(\S+)$/i.exec(header);
      // Basic is accepted by POST /api/tokens alone, which authenticates it itself.
      if (!bearer) return next(/^Basic\s/i.test(header) ? unauthenticated('HTTP Basic credentials are accepted only by POST /api/tokens; send a token as Authorization: Bearer <token>.') : unauthenticated());
      const found = await auth.fromToken(bearer[1]!);
      if (!found) return next(unauthenticated('The API token is unknown, revoked, or its user is deactivated.'));
      req.auth = found;
      return next();
    }
    const cookie = sessionCookieOf(req.get('cookie'));
    if (cookie) {
      const found = await auth.fromCookie(cookie);
      if (!found) return next(unauthenticated('Your session has ended. Sign in again.'));
      if (!SAFE_METHODS.has(req.method)) {
        const sent = req.get('x-csrf-token');
        if (!sent || !found.csrfToken || !sameText(sent, found.csrfToken)) {
          return next(new AppError('FORBIDDEN', 'This request lacks the X-CSRF-Token of your session. Reload the page and try again.'));
        }
      }
      req.auth = found;
      return next();
    }
    next(unauthenticated());
  };
}

/** Lets through admins only (403 for reps). */
export const requireAdmin: RequestHandler = (req, _res, next) => {
  if (req.auth?.user.role !== 'admin') return next(new AppError('FORBIDDEN', 'Only an admin can do this.'));
  next();
};

/** The actor of a change made by this request. */
export function actorOf(req: Request): Actor {
  const user = req.auth?.user;
  if (!user) throw unauthenticated();
  return { id: user._id.toHexString(), name: user.name };
}
