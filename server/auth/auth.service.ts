import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Types, trusted } from 'mongoose';
import type { ApiToken, CreatedToken } from '../../shared/user.js';
import { AppError } from '../http/app-error.js';
import { TtlCache } from '../lib/ttl-cache.js';
import { DUMMY_HASH, verifyPassword } from '../users/password.js';
import type { UserDoc } from '../users/user.model.js';
import type { UserService } from '../users/user.service.js';
import type { SessionModel, TokenModel } from './auth.model.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const secret = () => randomBytes(32).toString('base64url');

/** Compares two secrets in constant time. */
export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** How a request or socket proved who it is. */
export interface Authenticated {
  user: UserDoc;
  via: 'session' | 'token' | 'basic';
  /** For sessions: the token writes must echo in `X-CSRF-Token`. */
  csrfToken?: string;
  /**
   * The session or token used, as `session:<id>` or `token:<id>` (no secret: a session's id is
   * the hash of its cookie), so what was opened with it can be closed when it ends.
   */
  credential?: string;
}

/** Credentials that just ended: one session or token, or every session of a user but one. */
export type EndedCredentials = { credential: string } | { userId: string; sessionsExcept?: string | undefined };
/**
 * What makes a cached session, token or user stale: ended credentials, or a user changed (role,
 * activity, password). With scale-out every process hears it through Redis before the change is
 * answered, so none lets the old access through its 5-second cache.
 */
export type AccessNotice = EndedCredentials | { userChanged: string };
/** Where access notices go to the other processes (Redis, with scale-out). */
export interface AccessChannel {
  publish(notice: AccessNotice): Promise<void>;
}

const sessionCredential = (sessionId: string) => `session:${sessionId}`;
const tokenCredential = (tokenId: string) => `token:${tokenId}`;

interface SessionEntry {
  userId: string;
  csrfToken: string;
  expiresAt: number;
}

interface TokenEntry {
  userId: string;
  secretHash: string;
}

export interface AuthService {
  login(email: string, password: string): Promise<{ cookie: string; csrfToken: string; user: UserDoc }>;
  logout(cookie: string): Promise<void>;
  fromCookie(cookie: string): Promise<Authenticated | undefined>;
  fromToken(token: string): Promise<Authenticated | undefined>;
  fromPassword(email: string, password: string): Promise<Authenticated | undefined>;
  createToken(userId: string, name: string): Promise<CreatedToken>;
  listTokens(userId: string): Promise<ApiToken[]>;
  revokeToken(userId: string, tokenId: string): Promise<void>;
  /**
   * Ends every session of a user (deactivation, password change), except `keep` (the
   * `credential` of the session that changed its own password).
   */
  endSessionsOf(userId: string, keep?: string): Promise<void>;
  /** Calls `listener` whenever credentials end (logout, revocation, password change). */
  onEnded(listener: (ended: EndedCredentials) => void): () => void;
  /** Drops what another process said is stale from the caches (its notices through Redis). */
  forget(notice: AccessNotice): void;
  prune(now: Date): Promise<number>;
}

/**
 * Sessions (cookie) and personal API tokens (bearer). Secrets are stored only as SHA-256
 * hashes; lookups go by `_id`; results are cached briefly so a request costs no extra query.
 */
export function createAuthService(deps: {
  users: UserService;
  sessions: SessionModel;
  tokens: TokenModel;
  clock: () => Date;
  sessionDays: number;
  /** Tells the other processes (scale-out); awaited, so an ended credential is ended everywhere when the call answers. */
  share?: AccessChannel | undefined;
}): AuthService {
  const { users, sessions, tokens, clock, sessionDays, share } = deps;
  const sessionCache = new TtlCache<SessionEntry | null>(5_000);
  const tokenCache = new TtlCache<TokenEntry | null>(5_000);
  const lastUseWritten = new TtlCache<true>(60_000);
  const endedListeners = new Set<(ended: EndedCredentials) => void>();
  const ended = async (what: EndedCredentials) => {
    for (const listener of endedListeners) listener(what);
    // The database is the truth: should Redis be away, the others' caches still run out in 5 s.
    await share?.publish(what).catch(() => undefined);
  };
  const forgetSessionsOf = (userId: string, kept?: string) => sessionCache.deleteWhere((entry, id) => entry?.userId === userId && id !== kept);

  async function activeUser(userId: string): Promise<UserDoc | undefined> {
    const user = await users.byId(userId);
    return user?.active ? user : undefined;
  }

  async function fromPassword(email: string, password: string): Promise<Authenticated | undefined> {
    const user = await users.byEmail(email);
    // Hash even when nobody has this email, so the answer time does not tell.
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    return ok && user?.active ? { user, via: 'basic' } : undefined;
  }

  return {
    async login(email, password) {
      const auth = await fromPassword(email, password);
      if (!auth) throw new AppError('UNAUTHENTICATED', 'The email or password is wrong, or the account is deactivated.');
      const cookie = secret();
      const csrfToken = secret();
      const now = clock();
      await sessions.collection.insertOne({
        _id: sha256(cookie) as unknown as Types.ObjectId,
        userId: auth.user._id.toHexString(),
        csrfToken,
        createdAt: now,
        expiresAt: new Date(now.getTime() + sessionDays * 24 * 60 * 60 * 1000),
      });
      return { cookie, csrfToken, user: auth.user };
    },

    async logout(cookie) {
      const id = sha256(cookie);
      sessionCache.delete(id);
      await sessions.deleteOne({ _id: id });
      await ended({ credential: sessionCredential(id) });
    },

    async fromCookie(cookie) {
      const id = sha256(cookie);
      let entry = sessionCache.get(id);
      if (entry === undefined) {
        const doc = await sessions.findById(id).lean<{ userId: string; csrfToken: string; expiresAt: Date }>();
        entry = doc ? { userId: doc.userId, csrfToken: doc.csrfToken, expiresAt: doc.expiresAt.getTime() } : null;
        sessionCache.set(id, entry);
      }
      if (!entry || entry.expiresAt < clock().getTime()) return undefined;
      const user = await activeUser(entry.userId);
      return user ? { user, via: 'session', csrfToken: entry.csrfToken, credential: sessionCredential(id) } : undefined;
    },

    async fromToken(token) {
      const match = /^shoal_([0-9a-f]{24})_([A-Za-z0-9_-]{43})$/.exec(token);
      if (!match) return undefined;
      const [, id, tokenSecret] = match as unknown as [string, string, string];
      let entry = tokenCache.get(id);
      if (entry === undefined) {
        const doc = await tokens.findById(id).lean<{ userId: string; secretHash: string }>();
        entry = doc ? { userId: doc.userId, secretHash: doc.secretHash } : null;
        tokenCache.set(id, entry);
      }
      if (!entry || !sameText(entry.secretHash, sha256(tokenSecret))) return undefined;
      const user = await activeUser(entry.userId);
      if (!user) return undefined;
      if (!lastUseWritten.get(id)) {
        lastUseWritten.set(id, true);
        void tokens.updateOne({ _id: id }, { $set: { lastUsedAt: clock() } }).catch(() => undefined);
      }
      return { user, via: 'token', credential: tokenCredential(id) };
    },

    fromPassword,

    async createToken(userId, name) {
      const id = new Types.ObjectId();
      const tokenSecret = secret();
      const createdAt = clock();
      await tokens.collection.insertOne({ _id: id, userId, name, secretHash: sha256(tokenSecret), createdAt });
      return { id: id.toHexString(), name, createdAt: createdAt.toISOString(), token: `shoal_${id.toHexString()}_${tokenSecret}` };
    },

    async listTokens(userId) {
      const docs = await tokens.find({ userId }).sort({ createdAt: -1 }).lean<{ _id: Types.ObjectId; name: string; createdAt: Date; lastUsedAt?: Date }[]>();
      return docs.map((d) => ({
        id: d._id.toHexString(),
        name: d.name,
        createdAt: d.createdAt.toISOString(),
        ...(d.lastUsedAt ? { lastUsedAt: d.lastUsedAt.toISOString() } : {}),
      }));
    },

    async revokeToken(userId, tokenId) {
      const result = /^[0-9a-f]{24}$/.test(tokenId) ? await tokens.deleteOne({ _id: tokenId, userId }) : { deletedCount: 0 };
      tokenCache.delete(tokenId);
      if (result.deletedCount === 0) throw new AppError('NOT_FOUND', `You have no token with id ${tokenId}.`);
      await ended({ credential: tokenCredential(tokenId) });
    },

    async endSessionsOf(userId, keep) {
      const kept = keep?.startsWith('session:') ? keep.slice('session:'.length) : undefined;
      await sessions.deleteMany(kept ? { userId, _id: trusted({ $ne: kept }) } : { userId });
      forgetSessionsOf(userId, kept);
      await ended({ userId, sessionsExcept: keep });
    },

    forget(notice) {
      if ('userChanged' in notice) return users.forget(notice.userChanged);
      if ('userId' in notice) {
        forgetSessionsOf(notice.userId, notice.sessionsExcept?.startsWith('session:') ? notice.sessionsExcept.slice('session:'.length) : undefined);
        return users.forget(notice.userId);
      }
      const [kind, id] = notice.credential.split(':') as [string, string];
      if (kind === 'session') sessionCache.delete(id);
      else tokenCache.delete(id);
    },

    onEnded(listener) {
      endedListeners.add(listener);
      return () => endedListeners.delete(listener);
    },

    async prune(now) {
      const result = await sessions.deleteMany({ expiresAt: trusted({ $lt: now }) });
      return result.deletedCount;
    },
  };
}
