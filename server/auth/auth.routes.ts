import { Router, type CookieOptions, type Request, type RequestHandler } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import { LoginInput, ProfilePatch, SetupInput, TokenCreate } from '../../shared/user.js';
import { AppError } from '../http/app-error.js';
import { readIfMatch, setEtag } from '../http/conditional.js';
import { smallJsonBody } from '../http/json-body.js';
import { parseBody } from '../http/validate.js';
import { toUser, type UserService } from '../users/user.service.js';
import { actorOf, authenticate, SESSION_COOKIE, sessionCookieOf } from './auth.middleware.js';
import type { AuthService } from './auth.service.js';

/**
 * A limiter answering 429 problem+json with `Retry-After`, counting per client address: the
 * peer's, or the one a trusted proxy forwarded (`SHOAL_TRUST_PROXY`). `store` shares the counts
 * between processes (Redis); each process counts alone without it.
 */
export function limiter(limit: number, windowMs: number, what: string, store?: Store): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    ...(store ? { store } : {}),
    // A forwarded address is ignored unless a proxy is trusted: that is the point, not a mistake.
    validate: { xForwardedForHeader: false },
    handler: (_req, res, next) => {
      const resetTime = (_req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const retryAfter = resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : Math.ceil(windowMs / 1000);
      next(new AppError('RATE_LIMITED', `Too many ${what}. Wait ${retryAfter} seconds and try again.`, { retryAfter }));
    },
  });
}

export interface AuthRouteOptions {
  sessionDays: number;
  loginLimit: number;
  tokenLimit: number;
  limitWindowMs: number;
  /** A shared store for the limiter called `name` (Redis, with scale-out); none counts in this process. */
  limitStore?: (name: string) => Store | undefined;
}

/**
 * Public account routes (first-run setup, login) and the routes every signed-in user has
 * (logout, me, personal tokens). `POST /api/tokens` alone also accepts HTTP Basic.
 */
export function authRoutes(users: UserService, auth: AuthService, options: AuthRouteOptions): { publicRouter: Router; tokenRouter: Router; signedInRouter: Router } {
  const cookieOptions = (req: Request): CookieOptions => ({
    httpOnly: true,
    sameSite: 'lax',
    secure: req.secure,
    path: '/',
    maxAge: options.sessionDays * 24 * 60 * 60 * 1000,
  });

  const publicRouter = Router();
  publicRouter.get('/setup', async (_req, res) => {
    res.json({ needed: await users.needsSetup() });
  });
  // Their bodies are read only after the rate limit: nobody signed in yet, so nothing else stops a flood.
  publicRouter.post('/setup', limiter(options.loginLimit, options.limitWindowMs, 'setup attempts', options.limitStore?.('setup')), smallJsonBody, async (req, res) => {
    const input = parseBody(SetupInput, req.body);
    await users.setup(input);
    const session = await auth.login(input.email, input.password);
    res.cookie(SESSION_COOKIE, session.cookie, cookieOptions(req));
    res.status(201).json({ user: toUser(session.user), csrfToken: session.csrfToken });
  });
  publicRouter.post('/auth/login', limiter(options.loginLimit, options.limitWindowMs, 'sign-in attempts', options.limitStore?.('login')), smallJsonBody, async (req, res) => {
    const input = parseBody(LoginInput, req.body);
    const session = await auth.login(input.email, input.password);
    res.cookie(SESSION_COOKIE, session.cookie, cookieOptions(req));
    res.json({ user: toUser(session.user), csrfToken: session.csrfToken });
  });

  // POST /api/tokens: a session, a bearer token, or (for scripts) HTTP Basic email:password.
  const tokenRouter = Router();
  const bearerOrSession = authenticate(auth);
  // Who asks is known before the body is read.
  const basicOrOther: RequestHandler = async (req, res, next) => {
    const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(req.get('authorization') ?? '');
    if (!basic) return bearerOrSession(req, res, next);
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const found = colon > 0 ? await auth.fromPassword(decoded.slice(0, colon), decoded.slice(colon + 1)) : undefined;
    if (!found) return next(new AppError('UNAUTHENTICATED', 'The email or password is wrong, or the account is deactivated.'));
    req.auth = found;
    next();
  };
  tokenRouter.post('/tokens', limiter(options.tokenLimit, options.limitWindowMs, 'token requests', options.limitStore?.('tokens')), basicOrOther, smallJsonBody, async (req, res) => {
    const input = parseBody(TokenCreate, req.body);
    const created = await auth.createToken(req.auth!.user._id.toHexString(), input.name);
    res.status(201).location(`/api/tokens/${created.id}`).json(created);
  });

  const signedInRouter = Router();
  signedInRouter.post('/auth/logout', async (req, res) => {
    const cookie = sessionCookieOf(req.get('cookie'));
    if (cookie) await auth.logout(cookie);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });
  signedInRouter.get('/auth/me', (req, res) => {
    setEtag(res, req.auth!.user.version);
    res.json({ user: toUser(req.auth!.user), csrfToken: req.auth!.csrfToken ?? '' });
  });
  // Limited like sign-in: the current password can be checked here.
  signedInRouter.patch('/auth/me', limiter(options.loginLimit, options.limitWindowMs, 'password checks', options.limitStore?.('password')), async (req, res) => {
    const precondition = readIfMatch(req);
    const { currentPassword, ...changes } = parseBody(ProfilePatch, req.body);
    const me = req.auth!;
    if (currentPassword !== undefined && !(await auth.fromPassword(me.user.email, currentPassword))) {
      throw new AppError('VALIDATION', 'The current password is wrong.', { errors: [{ path: 'currentPassword', message: 'is not your current password' }] });
    }
    // `If-Match` (the ETag of GET /api/auth/me) as for records: 412 when a field this writes changed since.
    const user = await users.patch(me.user._id.toHexString(), changes, actorOf(req), precondition);
    // A new password ends every other session (and their sockets); this one goes on.
    if (changes.password !== undefined) await auth.endSessionsOf(user.id, me.via === 'session' ? me.credential : undefined);
    setEtag(res, user.version);
    res.json({ user, csrfToken: me.csrfToken ?? '' });
  });
  signedInRouter.get('/tokens', async (req, res) => {
    res.json(await auth.listTokens(req.auth!.user._id.toHexString()));
  });
  signedInRouter.delete('/tokens/:id', async (req, res) => {
    await auth.revokeToken(req.auth!.user._id.toHexString(), req.params.id);
    res.status(204).end();
  });

  return { publicRouter, tokenRouter, signedInRouter };
}
