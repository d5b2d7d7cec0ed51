import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { freePort } from '../../server/db/ferretdb.js';
import { CreatedToken } from '../../shared/user.js';
import { bodyOf, call } from './call.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A Shoal server running as its own operating-system process (`server/main.ts`), to be killed for real. */
export interface ShoalProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** What the process wrote to stdout and stderr so far. */
  output(): string;
  /** The admin's token (from SHOAL_ADMIN_EMAIL / SHOAL_ADMIN_PASSWORD). */
  token: string;
  /** The process ids of the FerretDB processes Shoal started (tsx runs an esbuild beside them). */
  engines(): number[];
  /** Kills Shoal with `signal` and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export const processAdmin = { email: 'ops@shoal.test', password: 'ops password 1234' };

/** The ids of the live processes whose parent is `pid` and whose command is `command` (Linux /proc). */
export function childPids(pid: number, command: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid ...: comm may hold spaces, so read after the last ')'.
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) === pid && state !== 'Z' && comm === command) found.push(Number(entry));
    } catch {
      /* gone meanwhile */
    }
  }
  return found;
}

/** A Shoal process just spawned: it may start serving, or exit (a refused configuration). */
export interface SpawnedShoal {
  url: string;
  port: number;
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or the signal) when the process ends. */
  exited: Promise<number | NodeJS.Signals | null>;
}

/** Spawns `node --import tsx server/main.ts` with `env` (and the bootstrap admin) on a free port; does not wait. */
export async function spawnShoal(env: Record<string, string>): Promise<SpawnedShoal> {
  const port = await freePort();
  const childEnv: Record<string, string> = { ...(process.env as Record<string, string>) };
  delete childEnv.MONGODB_URI;
  delete childEnv.REDIS_URL;
  Object.assign(childEnv, {
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    SHOAL_ADMIN_EMAIL: processAdmin.email,
    SHOAL_ADMIN_PASSWORD: processAdmin.password,
    ...env,
  });
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  return { url: `http://127.0.0.1:${port}`, port, child, output: () => output, exited };
}

/**
 * Starts `node --import tsx server/main.ts` with `env` on a free port and waits until it
 * answers `/healthz`; signs in as the bootstrap admin and makes a token.
 */
export async function startShoalProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<ShoalProcess> {
  const { url, port, child, output } = await spawnShoal(env);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Shoal exited with ${child.exitCode}:\n${output()}`);
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Shoal did not start within ${timeoutMs} ms:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const basic = `Basic ${Buffer.from(`${processAdmin.email}:${processAdmin.password}`).toString('base64')}`;
  const res = await call(url, 'POST', '/api/tokens', { name: 'fault tests' }, { authorization: basic });
  if (res.status !== 201) throw new Error(`token: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    url,
    port,
    child,
    token: bodyOf(res, CreatedToken).token,
    output,
    engines: () => childPids(child.pid!, 'shoal-ferretdb'),
    kill: (signal = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}

/**
 * For a test file: a Shoal process on its own embedded FerretDB in a fresh data folder, started
 * before the file's tests (`onStart` gets it, with the admin's bearer header) and killed, its
 * folder removed, after them.
 */
export function useShoalProcess(prefix: string, onStart: (started: { shoal: ShoalProcess; auth: Record<string, string> }) => void): void {
  let dir: string | undefined;
  let shoal: ShoalProcess | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), prefix));
    shoal = await startShoalProcess({ SHOAL_DATA_DIR: dir, SHOAL_ENGINE: 'ferretdb' });
    onStart({ shoal, auth: { authorization: `Bearer ${shoal.token}` } });
  }, 90_000);
  afterAll(async () => {
    await shoal?.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
}
