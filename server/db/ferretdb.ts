import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import type { Logger } from '../logger.js';

/** A running embedded FerretDB process. */
export interface FerretDbProcess {
  uri: string;
  stop(): Promise<void>;
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

async function waitUntilReachable(uri: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`FerretDB exited with code ${child.exitCode} while starting`);
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 500 });
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
 * Starts the FerretDB binary with its SQLite backend, listening on a free loopback port (or `port`),
 * (or `port`) with its data in `dataDir`. The process exits by itself if this Node.js process dies
 * (it watches its standard input).
 */
export async function startFerretDb(binary: string, dataDir: string, logger: Logger, port?: number): Promise<FerretDbProcess> {
  mkdirSync(dataDir, { recursive: true });
  port ??= await freePort();
  const logFd = openSync(path.join(dataDir, 'ferretdb.log'), 'a');
  const child = spawn(
    binary,
    [`-listen-addr=127.0.0.1:${port}`, `-sqlite-url=file:${dataDir}/`, '-exit-on-stdin-close'],
    { stdio: ['pipe', logFd, logFd] },
  );
  closeSync(logFd);
  child.on('exit', (code, signal) => logger.debug({ code, signal }, 'FerretDB exited'));
  const uri = `mongodb://127.0.0.1:${port}/`;
  try {
    await waitUntilReachable(uri, child, 20_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    uri,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** True when the FerretDB binary exists at `binary`. */
export function ferretDbBuilt(binary: string): boolean {
  return existsSync(binary);
}
