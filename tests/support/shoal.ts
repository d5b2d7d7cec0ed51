import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { inject } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { createApp, type ShoalApp } from '../../server/app.js';
import { connect } from '../../server/db/connection.js';
import { createLogger } from '../../server/logger.js';
import type { Actor } from '../../shared/common.js';
import type { ChangeEvent, ClientToServerEvents, ServerToClientEvents } from '../../shared/events.js';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A Shoal server on a free port with its own fresh database on the run's engine. */
export interface TestShoal {
  url: string;
  port: number;
  shoal: ShoalApp;
  connection: Connection;
  dbName: string;
  close(): Promise<void>;
}

/** Starts Shoal for a test file: real engine, real express, real socket.io. */
export async function startShoal(options: { clientDir?: string; dbName?: string } = {}): Promise<TestShoal> {
  const dbName = options.dbName ?? `test_${randomBytes(6).toString('hex')}`;
  const connection = await connect(inject('mongoUri'), dbName);
  const shoal = await createApp({ connection, logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), clientDir: options.clientDir, engineName: inject('engineName') });
  const port = await shoal.listen(0);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    shoal,
    connection,
    dbName,
    close: async () => {
      await shoal.close();
      await connection.dropDatabase().catch(() => undefined);
      await connection.close();
    },
  };
}

/** A socket.io client connected to `url` as `actor`; resolves once connected. */
export async function connectSocket(url: string, actor: Actor = { id: 'watcher', name: 'Watcher' }, opts: { auth?: unknown } = {}): Promise<ClientSocket> {
  const socket: ClientSocket = io(url, { transports: ['websocket'], auth: (opts.auth ?? { actor }) as Record<string, unknown>, reconnection: false, forceNew: true });
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

/** A small fetch wrapper for JSON calls against a test server. */
export async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
  }
  const res = await fetch(base + path, init);
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, headers: res.headers, body: parsed };
}
