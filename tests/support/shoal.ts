import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { inject } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { createApp, type AppDeps, type ShoalApp } from '../../server/app.js';
import { connect } from '../../server/db/connection.js';
import { createLogger, type Logger } from '../../server/logger.js';
import type { ChangeEvent, ClientToServerEvents, ServerToClientEvents } from '../../shared/events.js';
import { CreatedToken, Session, User } from '../../shared/user.js';
import { call as typedCall, defaultTokens } from './call.js';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A signed-up team member with a personal API token. */
export interface TestUser {
  id: string;
  name: string;
  email: string;
  password: string;
  token: string;
}

/** A Shoal server on a free port with its own fresh database on the run's engine. */
export interface TestShoal {
  url: string;
  port: number;
  shoal: ShoalApp;
  connection: Connection;
  dbName: string;
  /** The first admin (absent when started with `setup: false`). */
  admin: TestUser;
  /** Creates a team member (as the admin) and a token for them. */
  addUser(name: string, role?: 'admin' | 'rep'): Promise<TestUser>;
  /** Stops it; with `keepData` its database stays for another start (restarts). */
  close(keepData?: boolean): Promise<void>;
}


const basic = (email: string, password: string) => `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;

async function tokenFor(url: string, email: string, password: string): Promise<string> {
  const res = await typedCall(url, 'POST', '/api/tokens', { name: 'tests' }, { authorization: basic(email, password) }, CreatedToken);
  return res.body.token;
}

/**
 * Starts Shoal for a test file: real engine, real express, real socket.io. Unless
 * `setup: false`, the first admin is created and their token becomes the default credential.
 */
export async function startShoal(
  options: {
    clientDir?: string;
    dbName?: string;
    setup?: boolean;
    logger?: Logger;
    limits?: AppDeps['limits'];
    demoSize?: AppDeps['demoSize'];
    clock?: () => Date;
    /** How long open dashboards' notices are gathered into one (the app's default: 500 ms). */
    dashboardCoalesceMs?: number;
    redisUrl?: string;
    allowedOrigins?: string[];
    trustProxy?: AppDeps['trustProxy'];
    /** Where the read model checkpoints (none: it loads from the database at each start). */
    checkpointDir?: string;
  } = {},
): Promise<TestShoal> {
  const dbName = options.dbName ?? `test_${randomBytes(6).toString('hex')}`;
  const connection = await connect(inject('mongoUri'), dbName);
  const shoal = await createApp({
    connection,
    logger: options.logger ?? createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    clientDir: options.clientDir,
    engineName: inject('engineName'),
    limits: { loginLimit: 1_000, tokenLimit: 1_000, ...options.limits },
    ...(options.demoSize ? { demoSize: options.demoSize } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.dashboardCoalesceMs !== undefined ? { dashboardCoalesceMs: options.dashboardCoalesceMs } : {}),
    ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}),
    ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
    ...(options.checkpointDir ? { checkpointDir: options.checkpointDir } : {}),
  });
  const port = await shoal.listen(0);
  const url = `http://127.0.0.1:${port}`;
  let admin = undefined as unknown as TestUser;
  let userCount = 0;
  if (options.setup !== false) {
    const password = 'admin password 1234';
    const email = 'admin@shoal.test';
    const res = await typedCall(url, 'POST', '/api/setup', { name: 'Test Admin', email, password }, { authorization: '' }, Session);
    admin = { id: res.body.user.id, name: 'Test Admin', email, password, token: await tokenFor(url, email, password) };
    defaultTokens.set(url, admin.token);
  }
  return {
    url,
    port,
    shoal,
    connection,
    dbName,
    admin,
    async addUser(name, role = 'rep') {
      const email = `user${++userCount}-${randomBytes(3).toString('hex')}@shoal.test`;
      const password = `password of ${name}`;
      const res = await typedCall(url, 'POST', '/api/users', { name, email, password, role }, { authorization: `Bearer ${admin.token}` }, User);
      return { id: res.body.id, name, email, password, token: await tokenFor(url, email, password) };
    },
    close: async (keepData = false) => {
      defaultTokens.delete(url);
      await shoal.close();
      if (!keepData) await connection.dropDatabase().catch(() => undefined);
      await connection.close();
    },
  };
}

/**
 * A socket.io client connected to `url`, authenticated with `credentials` (by default the
 * admin's token); resolves once connected.
 */
export async function connectSocket(url: string, credentials: { token?: string; cookie?: string } = {}): Promise<ClientSocket> {
  const token = credentials.token ?? (credentials.cookie ? undefined : defaultTokens.get(url));
  const socket: ClientSocket = io(url, {
    transports: ['websocket'],
    auth: token ? { token } : {},
    ...(credentials.cookie ? { extraHeaders: { cookie: credentials.cookie } } : {}),
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Collects the `change` events a socket receives. */
export function collectChanges(socket: ClientSocket): ChangeEvent[] {
  const seen: ChangeEvent[] = [];
  socket.on('change', (event) => seen.push(event));
  socket.on('changes', (events) => seen.push(...events));
  return seen;
}

/** Waits until `predicate` holds, polling; fails with `message` after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, message: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${message}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
