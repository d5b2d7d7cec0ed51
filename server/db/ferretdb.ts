import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import mongoose from 'mongoose';
import type { Logger } from '../logger.js';

/**
 * How the database engine is doing, for `/healthz` and `/readyz`: `up`, `restarting` after it
 * died, `failed` when it kept dying past the restart budget (Shoal keeps trying, slowly, but a
 * supervisor should restart Shoal), `external` for a server Shoal did not start.
 */
export interface EngineHealth {
  state: 'up' | 'restarting' | 'failed' | 'external';
  /** Restarts since Shoal started. */
  restarts: number;
}

/** A running embedded FerretDB process, restarted by Shoal when it dies. */
export interface FerretDbProcess {
  uri: string;
  /** The process id of the current FerretDB process (it changes at each restart). */
  pid(): number | undefined;
  health(): EngineHealth;
  stop(): Promise<void>;
}

/** How a dead FerretDB is restarted. */
export interface SuperviseOptions {
  /** Consecutive restarts that may fail (or die before `stableMs`) before health says `failed` (default 5). */
  maxAttempts?: number;
  /** Wait before the first restart; doubled at each further attempt (default 250 ms). */
  firstDelayMs?: number;
  /** The longest wait between attempts (default 5 s). */
  maxDelayMs?: number;
  /** How long a restarted engine must live for the attempts to count from zero again (default 30 s). */
  stableMs?: number;
}

/** Asks the OS for a free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

async function waitUntilReachable(uri: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (exited(child)) throw new Error(`FerretDB exited (${child.exitCode ?? child.signalCode}) while starting`);
    // mongoose's own driver: Shoal needs no second copy of `mongodb` at run time.
    const client = new mongoose.mongo.MongoClient(uri, { serverSelectionTimeoutMS: 500 });
    try {
      await client.connect();
      await client.db('admin').command({ ping: 1 });
      return;
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await client.close().catch(() => undefined);
    }
  }
  throw new Error(`FerretDB did not answer within ${timeoutMs} ms: ${String(lastError)}`);
}

/**
 * Starts the FerretDB binary with its SQLite backend, listening on a free loopback port (or
 * `port`) with its data in `dataDir`, and supervises it: when it dies (a crash, `kill -9`), it
 * is started again on the same folder and port after a backoff (250 ms, doubling to 5 s), so
 * the mongoose connection finds it again by itself. The process exits by itself if this Node.js
 * process dies (it watches its standard input).
 */
export async function startFerretDb(binary: string, dataDir: string, logger: Logger, port?: number, supervise: SuperviseOptions = {}): Promise<FerretDbProcess> {
  mkdirSync(dataDir, { recursive: true });
  const listenPort = port ?? (await freePort());
  const uri = `mongodb://127.0.0.1:${listenPort}/`;
  const { maxAttempts = 5, firstDelayMs = 250, maxDelayMs = 5_000, stableMs = 30_000 } = supervise;

  let child: ChildProcess | undefined;
  let stopping = false;
  let state: EngineHealth['state'] = 'up';
  let restarts = 0;
  /** Restarts in a row that failed or did not live `stableMs`. */
  let attempts = 0;
  let retryTimer: NodeJS.Timeout | undefined;
  let stableTimer: NodeJS.Timeout | undefined;

  async function launch(): Promise<ChildProcess> {
    const logFd = openSync(path.join(dataDir, 'ferretdb.log'), 'a');
    const started = spawn(binary, [`-listen-addr=127.0.0.1:${listenPort}`, `-sqlite-url=file:${dataDir}/`, '-exit-on-stdin-close'], { stdio: ['pipe', logFd, logFd] });
    closeSync(logFd);
    // The pipe to its standard input breaks when it dies; that is not an error of Shoal's.
    started.stdin?.on('error', () => undefined);
    try {
      await waitUntilReachable(uri, started, 20_000);
    } catch (error) {
      started.kill('SIGKILL');
      throw error;
    }
    if (exited(started)) throw new Error('FerretDB exited right after starting');
    started.once('exit', (code, signal) => died(started, code, signal));
    return started;
  }

  function died(which: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (which !== child || stopping) return;
    clearTimeout(stableTimer);
    child = undefined;
    logger.warn({ code, signal, port: listenPort }, 'FerretDB died; restarting it');
    scheduleRestart();
  }

  function scheduleRestart(): void {
    attempts++;
    if (attempts > maxAttempts) {
      if (state !== 'failed') logger.error({ attempts: attempts - 1 }, 'FerretDB keeps dying; /healthz now fails. Shoal keeps trying, every few seconds.');
      state = 'failed';
    } else {
      state = 'restarting';
    }
    const delay = Math.min(firstDelayMs * 2 ** (attempts - 1), maxDelayMs);
    retryTimer = setTimeout(() => void restart(), delay);
    retryTimer.unref();
  }

  async function restart(): Promise<void> {
    if (stopping) return;
    try {
      const started = await launch();
      if (stopping) {
        started.kill('SIGTERM');
        return;
      }
      child = started;
      restarts++;
      state = 'up';
      logger.info({ restarts, port: listenPort }, 'FerretDB restarted');
      stableTimer = setTimeout(() => (attempts = 0), stableMs);
      stableTimer.unref();
    } catch (error) {
      logger.warn({ err: error instanceof Error ? error.message : String(error), attempts }, 'FerretDB did not restart');
      scheduleRestart();
    }
  }

  child = await launch();
  return {
    uri,
    pid: () => child?.pid,
    health: () => ({ state, restarts }),
    stop: () => {
      stopping = true;
      clearTimeout(retryTimer);
      clearTimeout(stableTimer);
      const running = child;
      return new Promise<void>((resolve) => {
        if (!running || exited(running)) return resolve();
        const timer = setTimeout(() => running.kill('SIGKILL'), 5_000);
        running.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        running.kill('SIGTERM');
      });
    },
  };
}

/** True when the FerretDB binary exists at `binary`. */
export function ferretDbBuilt(binary: string): boolean {
  return existsSync(binary);
}
