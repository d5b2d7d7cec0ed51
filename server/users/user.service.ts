import { Types } from 'mongoose';
import type { Actor } from '../../shared/common.js';
import type { SetupInput, User, UserCreate, UserPatch } from '../../shared/user.js';

/** What a change of a user may touch: an admin's `UserPatch`, or a user's own email. */
export type UserChanges = UserPatch & { email?: string | undefined };
import { isDuplicateKey } from '../db/errors.js';
import type { ChangeInput, EventLog } from '../events/event.service.js';
import { directWrites, type Outbox } from '../events/outbox.js';
import { AppError } from '../http/app-error.js';
import { checkFieldVersions, type Precondition } from '../http/conditional.js';
import type { ClusterLock } from '../lib/cluster-lock.js';
import type { KeyedLock } from '../lib/keyed-lock.js';
import { TtlCache } from '../lib/ttl-cache.js';
import { hashPassword } from './password.js';
import type { UserDoc, UserModel } from './user.model.js';

const PALETTE = ['#2563eb', '#db2777', '#059669', '#d97706', '#7c3aed', '#dc2626', '#0891b2', '#65a30d', '#c026d3', '#ea580c'];

/** A user as the API shows them: never the password hash. */
export function toUser(doc: UserDoc): User {
  return {
    id: doc._id.toHexString(),
    name: doc.name,
    email: doc.email,
    role: doc.role,
    color: doc.color,
    active: doc.active,
    version: doc.version,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

const emailTaken = () =>
  new AppError('EMAIL_TAKEN', 'Another user already has this email.', { errors: [{ path: 'email', message: 'is already used by another user' }] });

export interface UserService {
  /** True while no user exists (first run). */
  needsSetup(): Promise<boolean>;
  /** Creates the first admin; refused once any user exists. */
  setup(input: SetupInput): Promise<User>;
  create(input: UserCreate, actor: Actor): Promise<User>;
  list(): Promise<User[]>;
  /** One user as stored now, or a 404. */
  get(id: string): Promise<User>;
  /** Changes a user; a stale `If-Match` is a 412 when a field it writes changed since (as for records). */
  patch(id: string, input: UserChanges, actor: Actor, precondition?: Precondition): Promise<User>;
  /** The stored user, cached for a few seconds (auth runs this on every request). */
  byId(id: string): Promise<UserDoc | undefined>;
  byEmail(email: string): Promise<UserDoc | undefined>;
  /** Drops a user from the cache (another process changed them). */
  forget(id: string): void;
}

/** Team members: the first-run admin, admins managing reps, lookups for authentication. */
export function createUserService(deps: {
  model: UserModel;
  events: EventLog;
  /**
   * The outbox of record changes (server/events/outbox.ts): a user change stores its intent
   * first, so a crash between the user and their event leaves it to be settled, as for records.
   */
  outbox?: Outbox;
  locks: KeyedLock;
  /** Serialises changes of roles and activity across processes (the last-admin rule); the local lock by default. */
  adminLock?: ClusterLock;
  clock: () => Date;
  /** Tells the other processes a user changed (scale-out), so their caches let no old role or activity through; awaited. */
  share?: { publish(notice: { userChanged: string }): Promise<void> } | undefined;
}): UserService {
  const { model, locks, clock } = deps;
  const outbox = deps.outbox ?? directWrites(deps.events);
  const adminLock = deps.adminLock ?? locks;
  const cache = new TtlCache<UserDoc | null>(5_000);

  async function insert(input: { name: string; email: string; password: string; role: 'admin' | 'rep'; color?: string | undefined }, actor: Actor | undefined): Promise<User> {
    const now = clock();
    const count = await model.estimatedDocumentCount();
    const doc: UserDoc = {
      _id: new Types.ObjectId(),
      name: input.name,
      email: input.email,
      emailLower: input.email.toLowerCase(),
      role: input.role,
      color: input.color ?? PALETTE[count % PALETTE.length]!,
      active: true,
      passwordHash: await hashPassword(input.password),
      version: 1,
      fieldVersions: {},
      createdAt: now,
      updatedAt: now,
    };
    const user = toUser(doc);
    const change: ChangeInput = { entity: 'user', op: 'created', id: user.id, data: user, version: 1, actor: actor ?? { id: user.id, name: user.name } };
    await outbox.commit([change], [`user:${user.id}`], async () => {
      try {
        await model.collection.insertOne(doc);
      } catch (error) {
        if (isDuplicateKey(error)) throw emailTaken();
        throw error;
      }
      return [change];
    });
    return user;
  }

  return {
    async needsSetup() {
      return (await model.estimatedDocumentCount()) === 0;
    },

    async setup(input) {
      return locks.run('users:setup', async () => {
        if ((await model.estimatedDocumentCount()) > 0) throw new AppError('FORBIDDEN', 'Shoal is already set up. Sign in, or ask an admin for an account.');
        return insert({ ...input, role: 'admin' }, undefined);
      });
    },

    create: (input, actor) => insert(input, actor),

    async list() {
      const docs = await model.find().sort({ name: 1 }).lean<UserDoc[]>();
      return docs.map(toUser);
    },

    async get(id) {
      const doc = /^[0-9a-f]{24}$/.test(id) ? await model.findById(id).lean<UserDoc>() : null;
      if (!doc) throw new AppError('NOT_FOUND', `No user has id ${id}.`);
      return toUser(doc);
    },

    async patch(id, input, actor, precondition) {
      // Two admins demoting each other at once would each count two admins and leave none: every
      // change of a role or of activity takes one team-wide lock, so each counts after the other.
      const guarded = input.role !== undefined || input.active !== undefined;
      const change = () => locks.run(`user:${id}`, async () => {
        // A change of this user left without its event (the engine died) is settled first.
        await outbox.settle(`user:${id}`);
        const doc = /^[0-9a-f]{24}$/.test(id) ? await model.findById(id).lean<UserDoc>() : null;
        if (!doc) throw new AppError('NOT_FOUND', `No user has id ${id}.`);
        const written = (['name', 'email', 'role', 'color', 'active', 'password'] as const).filter((key) => input[key] !== undefined);
        checkFieldVersions(doc, precondition, written, () => toUser(doc));
        const demotesLastAdmin = doc.role === 'admin' && doc.active && (input.role === 'rep' || input.active === false);
        if (demotesLastAdmin && (await model.countDocuments({ role: 'admin', active: true })) <= 1) {
          throw new AppError('VALIDATION', 'The last active admin cannot be demoted or deactivated.', {
            errors: [{ path: input.role === 'rep' ? 'role' : 'active', message: 'would leave the team without an admin' }],
          });
        }
        const $set: Record<string, unknown> = { version: doc.version + 1, updatedAt: clock() };
        const fields: string[] = [];
        for (const key of ['name', 'email', 'role', 'color', 'active'] as const) {
          if (input[key] !== undefined && input[key] !== doc[key]) {
            $set[key] = input[key];
            fields.push(key);
          }
        }
        if ($set.email !== undefined) $set.emailLower = String($set.email).toLowerCase();
        if (input.password !== undefined) {
          $set.passwordHash = await hashPassword(input.password);
          fields.push('password');
        }
        if (fields.length === 0) return toUser(doc);
        // Users stored before field versions were kept start from their version for every field.
        const fieldVersions = doc.fieldVersions ? { ...doc.fieldVersions } : Object.fromEntries(['name', 'email', 'role', 'color', 'active', 'password'].map((f) => [f, doc.version]));
        for (const f of fields) fieldVersions[f] = doc.version + 1;
        $set.fieldVersions = fieldVersions;
        const after = toUser({ ...doc, ...$set } as UserDoc);
        const event: ChangeInput = { entity: 'user', op: 'updated', id, data: after, version: after.version, fields: fields.filter((f) => f !== 'password'), actor };
        try {
          await outbox.commit([event], [`user:${id}`], async () => {
            try {
              await model.updateOne({ _id: doc._id }, { $set });
            } catch (error) {
              if (isDuplicateKey(error)) throw emailTaken();
              throw error;
            }
            return [event];
          });
        } finally {
          // Even when the answer is a 503, the change may have landed: read it afresh.
          cache.delete(id);
          await deps.share?.publish({ userChanged: id }).catch(() => undefined);
        }
        return after;
      });
      return guarded ? adminLock.run('users:admins', change) : change();
    },

    async byId(id) {
      const cached = cache.get(id);
      if (cached !== undefined) return cached ?? undefined;
      const doc = /^[0-9a-f]{24}$/.test(id) ? await model.findById(id).lean<UserDoc>() : null;
      cache.set(id, doc ?? null);
      return doc ?? undefined;
    },

    forget(id) {
      cache.delete(id);
    },

    async byEmail(email) {
      return (await model.findOne({ emailLower: email.toLowerCase() }).lean<UserDoc>()) ?? undefined;
    },
  };
}
