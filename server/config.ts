import path from 'node:path';
import { z } from 'zod';
import { Password } from '../shared/user.js';

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\/\S+$/, 'must be a mongodb:// or mongodb+srv:// connection string')
    .optional(),
  MONGODB_DB: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/, 'must be a database name (letters, digits, _ and -)').default('shoal'),
  SHOAL_DATA_DIR: z.string().min(1).default('./data'),
  SHOAL_ENGINE: z.enum(['auto', 'mongodb-memory-server', 'ferretdb']).default('auto'),
  REDIS_URL: z.string().regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL').optional(),
  SHOAL_ADMIN_EMAIL: z.email('must be an email address').optional(),
  // The same policy as a password set through the API (length, not blank, not a common one).
  SHOAL_ADMIN_PASSWORD: Password.optional(),
  SHOAL_TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d{1,2}|[\w.:/]+(\s*,\s*[\w.:/]+)*)$/, 'must be false, true, a number of proxy hops, or a comma-separated list of proxy addresses, subnets or loopback, linklocal, uniquelocal')
    .transform((v): boolean | number | string => (v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v))
    .default(false),
  SHOAL_ALLOWED_ORIGINS: z
    .string()
    .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^https?:\/\/[^\s/?#]+$/, 'must be a comma-separated list of origins such as https://crm.example.com (scheme and host, no path)')))
    .default([]),
  SHOAL_EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** Shoal's configuration, read from the environment. */
export type Config = z.infer<typeof Env> & { dataDir: string };

/** Variables whose values are never printed: a password, and URLs that may carry credentials. */
const SECRET = new Set(['SHOAL_ADMIN_PASSWORD']);
const MAY_HOLD_CREDENTIALS = new Set(['MONGODB_URI', 'REDIS_URL']);

/** A rejected value as an error message may show it: secrets hidden, credentials in URLs masked. */
function shown(name: string, value: string | undefined): string {
  if (value === undefined) return 'nothing';
  if (SECRET.has(name)) return `a value of ${value.length} characters, not shown`;
  // Whatever precedes the last @ of the authority is user and password.
  if (MAY_HOLD_CREDENTIALS.has(name)) return JSON.stringify(value.replace(/^([^:]*:\/\/)?[^/?#]*@/, (_m, scheme: string | undefined) => `${scheme ?? ''}***@`));
  return JSON.stringify(value);
}

/** Thrown when an environment variable has a value Shoal cannot use. */
export class ConfigError extends Error {}

/**
 * Reads and validates the configuration. Empty variables count as unset. A bad value stops
 * Shoal with a message that names the variable and what it must be.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = Env.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = String(i.path[0]);
      return `  ${i.path.join('.')}: ${i.message} (got ${shown(name, present[name])})`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if (Boolean(parsed.data.SHOAL_ADMIN_EMAIL) !== Boolean(parsed.data.SHOAL_ADMIN_PASSWORD)) {
    throw new ConfigError('Invalid configuration:\n  SHOAL_ADMIN_EMAIL and SHOAL_ADMIN_PASSWORD must be set together (or neither).');
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.SHOAL_DATA_DIR) };
}

/** Reads the configuration, or prints what is wrong and exits (for `npm start` and scripts). */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
