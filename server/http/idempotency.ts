import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { Schema, trusted, type Connection } from 'mongoose';
import type { Actor } from '../../shared/common.js';
import type { ClusterLock } from '../lib/cluster-lock.js';
import { KeyedLock } from '../lib/keyed-lock.js';
import { isDuplicateKey } from '../db/errors.js';
import { AppError } from './app-error.js';

const keySchema = new Schema(
  {
    key: { type: String, required: true, unique: true },
    fingerprint: { type: String, required: true },
    state: { type: String, enum: ['pending', 'done'], required: true },
    status: Number,
    location: String,
    body: Schema.Types.Mixed,
    createdAt: { type: Date, required: true },
    /** Until when the process running the first request holds the key (pending only). */
    leaseUntil: Date,
  },
  { collection: 'idempotency_keys', versionKey: false },
);
keySchema.index({ createdAt: 1 });

/** An answer a POST gives, kept so a retry with the same key gets it again. */
export interface StoredAnswer {
  status: number;
  location?: string;
  body: unknown;
}

interface KeyDoc {
  fingerprint: string;
  state: 'pending' | 'done';
  createdAt: Date;
  leaseUntil?: Date;
  status?: number;
  location?: string;
  body?: unknown;
}

/**
 * How long a key stays "being processed" without news from the process running it. That
 * process renews the lease while it works; a process that died stops renewing, and a retry
 * after the lease runs the request again instead of a 409 for the key's 24 hours.
 */
export const LEASE_MS = 15_000;
const inProgress = () => new AppError('IDEMPOTENCY_IN_PROGRESS', 'The first request with this key has not finished yet; retry in a moment.', { retryAfter: 1 });

/**
 * `Idempotency-Key` for POST: the first answer is stored for 24 hours and a retry with the
 * same key (same caller, same path, same body) gets it again without a second change. While
 * the first request runs, its key is held on a lease (`LEASE_MS`, renewed as it works).
 * Keys expire through `prune`, as FerretDB has no TTL indexes.
 */
export function createIdempotency(connection: Connection, clock: () => Date, shared?: ClusterLock) {
  const model = connection.model('IdempotencyKey', keySchema);
  const locks = new KeyedLock();
  /**
   * Taking a key (first use, or a lease that ran out) is a read, then a write: on FerretDB two
   * processes could both find a lease run out and both run the request. With scale-out the
   * claim is made under the cluster lock (held only while claiming, not while the work runs),
   * so one process takes the key and the other finds it leased again.
   */
  const claiming = shared ?? { run: <T>(_key: string, work: () => Promise<T>) => work() };
  const leaseFrom = (now: Date) => new Date(now.getTime() + LEASE_MS);

  /** Runs `work` renewing `key`'s lease until it settles. */
  async function leased<T>(key: string, work: () => Promise<T>): Promise<T> {
    const renew = setInterval(() => {
      model.updateOne({ key, state: 'pending' }, { $set: { leaseUntil: leaseFrom(clock()) } }).catch(() => undefined);
    }, LEASE_MS / 3);
    try {
      return await work();
    } finally {
      clearInterval(renew);
    }
  }

  /**
   * Takes `key` for this request, or answers the stored answer to replay; throws while another
   * request holds it on a live lease, or when the key came with another body.
   */
  async function claim(key: string, fingerprint: string): Promise<StoredAnswer | undefined> {
    const existing = await model.findOne({ key }).lean<KeyDoc>();
    if (existing) {
      if (existing.fingerprint !== fingerprint) {
        throw new AppError('VALIDATION', 'This Idempotency-Key was already used with a different body.', {
          errors: [{ path: 'Idempotency-Key', message: 'was already used with a different body' }],
        });
      }
      if (existing.state === 'done') return { status: existing.status ?? 200, ...(existing.location ? { location: existing.location } : {}), body: existing.body };
      // Keys stored before leases existed count from their creation.
      const leaseUntil = existing.leaseUntil ?? leaseFrom(existing.createdAt);
      if (leaseUntil > clock()) throw inProgress();
      // The process that took the key stopped renewing it (it died): this request runs it.
      await model.updateOne({ key }, { $set: { leaseUntil: leaseFrom(clock()) } });
      return undefined;
    }
    try {
      const now = clock();
      await model.collection.insertOne({ key, fingerprint, state: 'pending', createdAt: now, leaseUntil: leaseFrom(now) });
    } catch (error) {
      if (isDuplicateKey(error)) throw inProgress();
      throw error;
    }
    return undefined;
  }

  function send(res: Response, answer: StoredAnswer, replayed: boolean): void {
    if (answer.location) res.location(answer.location);
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(answer.status).json(answer.body);
  }

  return {
    model,
    /** Runs `work` once per key and sends its answer (or the stored one). */
    async handle(req: Request, res: Response, actor: Actor, work: () => Promise<StoredAnswer>): Promise<void> {
      const header = req.get('idempotency-key');
      if (header === undefined) return send(res, await work(), false);
      if (!/^[\x21-\x7e]{1,255}$/.test(header)) {
        throw new AppError('BAD_REQUEST', 'Idempotency-Key must be 1 to 255 visible ASCII characters.', {
          errors: [{ path: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' }],
        });
      }
      const key = `${actor.id}\n${req.method} ${req.baseUrl}${req.path}\n${header}`;
      const fingerprint = createHash('sha256').update(JSON.stringify(req.body ?? null)).digest('hex');
      await locks.run(key, async () => {
        const replay = await claiming.run(`idempotency:${createHash('sha256').update(key).digest('hex')}`, () => claim(key, fingerprint));
        if (replay) return send(res, replay, true);
        let answer: StoredAnswer;
        try {
          answer = await leased(key, work);
        } catch (error) {
          await model.deleteOne({ key });
          throw error;
        }
        await model.updateOne({ key }, { $set: { state: 'done', status: answer.status, location: answer.location, body: answer.body } });
        send(res, answer, false);
      });
    },
    /** Forgets keys older than 24 hours. */
    async prune(now: Date): Promise<number> {
      const result = await model.deleteMany({ createdAt: trusted({ $lt: new Date(now.getTime() - 24 * 60 * 60 * 1000) }) });
      return result.deletedCount;
    },
  };
}

export type Idempotency = ReturnType<typeof createIdempotency>;
