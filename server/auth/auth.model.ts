import { Schema, type Connection } from 'mongoose';

/**
 * A browser session. `_id` is the SHA-256 of the cookie's secret, so a session is found by
 * `_id` (the one filter FerretDB 1.24 answers without a scan) and a database leak reveals no
 * usable cookie. Expiry is checked on every use and pruned by Shoal (no TTL indexes).
 */
const sessionSchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    csrfToken: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'sessions', versionKey: false },
);
sessionSchema.index({ expiresAt: 1 });
sessionSchema.index({ userId: 1 });

/**
 * A personal API token `shoal_<id>_<secret>`: found by its public `_id`, checked against the
 * SHA-256 of its secret (a random 256-bit secret needs no slow hash), shown only once.
 */
const tokenSchema = new Schema(
  {
    userId: { type: String, required: true },
    name: { type: String, required: true },
    secretHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
    lastUsedAt: Date,
  },
  { collection: 'api_tokens', versionKey: false },
);
tokenSchema.index({ userId: 1 });

export const sessionModel = (connection: Connection) => connection.model('Session', sessionSchema);
export const tokenModel = (connection: Connection) => connection.model('ApiToken', tokenSchema);
export type SessionModel = ReturnType<typeof sessionModel>;
export type TokenModel = ReturnType<typeof tokenModel>;
