import { z } from 'zod';
import { RecordId, Timestamp } from './common.js';
import { COMMON_PASSWORDS } from './common-passwords.js';
import { hasUntypableCharacters, requiredText } from './text.js';

/** What a user may do: admins manage users; reps do everything else. */
export const Role = z.enum(['admin', 'rep']);
export type Role = z.infer<typeof Role>;

const name = requiredText(80);
const email = z
  .string({ error: 'is required' })
  .trim()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email('must be an email address'));
/**
 * A new password: long enough to resist guessing, short enough to hash cheaply, typable
 * (no control characters), not blank, and not one of the common leaked passwords.
 */
export const Password = z
  .string({ error: 'is required' })
  .min(10, 'must be at least 10 characters')
  .max(200, 'must be at most 200 characters')
  .refine((p) => p.trim() !== '', 'must not be only spaces')
  .refine((p) => !hasUntypableCharacters(p), 'must not contain control characters')
  .refine((p) => !COMMON_PASSWORDS.has(p.toLowerCase()), 'is one of the most common passwords; choose another');
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour such as #3b82f6');

/** A team member as the API shows them. */
export const User = z.object({
  id: RecordId,
  name: z.string(),
  email: z.string(),
  role: Role,
  color: z.string(),
  active: z.boolean(),
  version: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type User = z.infer<typeof User>;

/** Body of `POST /api/setup`: the first admin. */
export const SetupInput = z.strictObject({ name, email, password: Password });
export type SetupInput = z.infer<typeof SetupInput>;

/** Body of `POST /api/auth/login`. */
export const LoginInput = z.strictObject({ email, password: z.string({ error: 'is required' }).min(1, 'is required').max(200) });
export type LoginInput = z.infer<typeof LoginInput>;

/** Body of `POST /api/users` (admins). */
export const UserCreate = z.strictObject({ name, email, password: Password, role: Role.default('rep'), color: color.optional() });
export type UserCreate = z.infer<typeof UserCreate>;

/** Body of `PATCH /api/users/:id` (admins). */
export const UserPatch = z
  .strictObject({ name: name.optional(), role: Role.optional(), color: color.optional(), active: z.boolean().optional(), password: Password.optional() })
  .refine((p) => Object.keys(p).length > 0, { message: 'names no field to change' });
export type UserPatch = z.infer<typeof UserPatch>;

/**
 * Body of `PATCH /api/auth/me`: a user changes their own name, email or password. Changing
 * the email or the password needs the current password (a borrowed, unlocked browser is not enough).
 */
export const ProfilePatch = z
  .strictObject({ name: name.optional(), email: email.optional(), password: Password.optional(), currentPassword: z.string().max(200).optional() })
  .refine((p) => p.name !== undefined || p.email !== undefined || p.password !== undefined, { message: 'names no field to change' })
  .refine((p) => (p.email === undefined && p.password === undefined) || p.currentPassword !== undefined, {
    message: 'is required to change your email or password',
    path: ['currentPassword'],
  });
export type ProfilePatch = z.infer<typeof ProfilePatch>;

/** The signed-in user and the token to send as `X-CSRF-Token` on writes from the browser. */
export const Session = z.object({ user: User, csrfToken: z.string() });
export type Session = z.infer<typeof Session>;

/** Body of `POST /api/tokens`. */
export const TokenCreate = z.strictObject({ name: requiredText(100) });
export type TokenCreate = z.infer<typeof TokenCreate>;

/** A personal API token as listed (never with its secret). */
export const ApiToken = z.object({ id: RecordId, name: z.string(), createdAt: Timestamp, lastUsedAt: Timestamp.optional() });
export type ApiToken = z.infer<typeof ApiToken>;

/** The answer of `POST /api/tokens`: the secret is shown this once. */
export const CreatedToken = ApiToken.extend({ token: z.string() });
export type CreatedToken = z.infer<typeof CreatedToken>;
