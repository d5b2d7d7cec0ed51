import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../logger.js';
import { ferretDbBuilt, startFerretDb, type EngineHealth } from './ferretdb.js';

export type { EngineHealth } from './ferretdb.js';

/** The database engine Shoal runs on, and how to stop it if Shoal started it. */
export interface Engine {
  /** Human-readable name, logged at start. */
  name: 'MONGODB_URI' | 'mongodb-memory-server' | 'ferretdb';
  description: string;
  uri: string;
  /** How the engine is doing: an embedded FerretDB is restarted when it dies (see ferretdb.ts). */
  health(): EngineHealth;
  stop(): Promise<void>;
}

export interface EngineOptions {
  uri?: string;
  dataDir: string;
  prefer?: 'auto' | 'mongodb-memory-server' | 'ferretdb';
  logger: Logger;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Where the project keeps tools it builds or downloads (git-ignored). */
export const toolsDir = path.join(root, '.tools');
export const ferretDbBinary = path.join(toolsDir, 'bin', 'shoal-ferretdb');
const downloadFailedMarker = path.join(toolsDir, 'mongodb-download-failed');
const DAY = 24 * 60 * 60 * 1000;

/** Thrown when no engine can be had; the message names the three ways to get one. */
export class NoEngineError extends Error {}

const noEngineMessage = (reasons: string[]) =>
  [
    'Shoal found no database engine. Give it one of:',
    '  1. MONGODB_URI=mongodb://... pointing at MongoDB 7+ (a replica set or Atlas) or FerretDB;',
    '  2. a MongoDB binary for mongodb-memory-server (cached, or downloadable from this machine);',
    '  3. a Go toolchain (>= 1.24) so Shoal can build FerretDB 1.24.2: run `bash scripts/build-ferretdb.sh`.',
    'What was tried:',
    ...reasons.map((r) => `  - ${r}`),
  ].join('\n');

async function tryMemoryServer(dataDir: string, logger: Logger, reasons: string[]): Promise<Engine | undefined> {
  const { MongoMemoryServer, MongoBinary } = await import('mongodb-memory-server-core');
  const dbPath = path.join(dataDir, 'mongodb');
  mkdirSync(dbPath, { recursive: true });
  const recentlyFailed = existsSync(downloadFailedMarker) && Date.now() - Number(readFileSync(downloadFailedMarker, 'utf8')) < DAY;
  // First a cached binary only (fails in milliseconds); then, at most once a day, a download.
  const attempts = recentlyFailed ? ['false'] : ['false', 'true'];
  for (const runtimeDownload of attempts) {
    const saved = process.env.MONGOMS_RUNTIME_DOWNLOAD;
    process.env.MONGOMS_RUNTIME_DOWNLOAD = runtimeDownload;
    try {
      // Find (or download) the binary first: MongoMemoryServer.create prints its failures.
      const systemBinary = await MongoBinary.getPath();
      const server = await MongoMemoryServer.create({
        binary: { systemBinary },
        instance: { dbPath, storageEngine: 'wiredTiger', ip: '127.0.0.1' },
      });
      return {
        name: 'mongodb-memory-server',
        description: `MongoDB ${server.opts.binary?.version ?? ''} via mongodb-memory-server, data in ${dbPath}`,
        uri: server.getUri(),
        // mongodb-memory-server does not restart a dead mongod; /readyz still reports it.
        health: () => ({ state: 'up', restarts: 0 }),
        stop: async () => {
          await server.stop({ doCleanup: false });
        },
      };
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      if (runtimeDownload === 'true') {
        mkdirSync(toolsDir, { recursive: true });
        writeFileSync(downloadFailedMarker, String(Date.now()));
        reasons.push(`mongodb-memory-server could not download MongoDB: ${message} (not retried for a day; delete ${downloadFailedMarker} to retry)`);
      } else if (recentlyFailed) {
        reasons.push('mongodb-memory-server: no cached MongoDB binary, and its download failed within the last day');
      }
      logger.debug({ err: message, runtimeDownload }, 'mongodb-memory-server unavailable');
    } finally {
      if (saved === undefined) delete process.env.MONGOMS_RUNTIME_DOWNLOAD;
      else process.env.MONGOMS_RUNTIME_DOWNLOAD = saved;
    }
  }
  return undefined;
}

function goAvailable(): boolean {
  return spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
}

async function tryFerretDb(dataDir: string, logger: Logger, reasons: string[]): Promise<Engine | undefined> {
  if (!ferretDbBuilt(ferretDbBinary)) {
    if (!goAvailable()) {
      reasons.push(`FerretDB is not built (${ferretDbBinary}) and no Go toolchain is on PATH to build it`);
      return undefined;
    }
    logger.info('Building FerretDB 1.24.2 once with the machine\'s Go toolchain (a minute or two)...');
    try {
      execFileSync('bash', [path.join(root, 'scripts', 'build-ferretdb.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
    } catch {
      reasons.push('building FerretDB with scripts/build-ferretdb.sh failed (see its output above)');
      return undefined;
    }
  }
  const ferretDir = path.join(dataDir, 'ferretdb');
  try {
    const proc = await startFerretDb(ferretDbBinary, ferretDir, logger);
    return {
      name: 'ferretdb',
      description: `FerretDB 1.24.2 (SQLite backend), data in ${ferretDir}`,
      uri: proc.uri,
      health: proc.health,
      stop: proc.stop,
    };
  } catch (error) {
    reasons.push(`FerretDB did not start: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

/**
 * Resolves the database engine as SPEC section 2 orders it: `MONGODB_URI`; else MongoDB
 * through mongodb-memory-server; else FerretDB 1.24.2 built with the machine's Go; else a
 * `NoEngineError` naming the three ways.
 */
export async function startEngine(options: EngineOptions): Promise<Engine> {
  const { uri, dataDir, logger, prefer = 'auto' } = options;
  if (uri) {
    return { name: 'MONGODB_URI', description: `MongoDB-compatible server at MONGODB_URI`, uri, health: () => ({ state: 'external', restarts: 0 }), stop: async () => undefined };
  }
  mkdirSync(dataDir, { recursive: true });
  const reasons: string[] = [];
  if (prefer !== 'ferretdb') {
    const memory = await tryMemoryServer(dataDir, logger, reasons);
    if (memory) return memory;
    if (prefer === 'mongodb-memory-server') throw new NoEngineError(noEngineMessage(reasons));
  }
  const ferret = await tryFerretDb(dataDir, logger, reasons);
  if (ferret) return ferret;
  throw new NoEngineError(noEngineMessage(reasons));
}
