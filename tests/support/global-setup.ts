import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEngine } from '../../server/db/engine.js';
import { createLogger } from '../../server/logger.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
    engineName: string;
  }
}

/**
 * Starts one throw-away database engine for the run, resolved the way `npm start` resolves
 * it (SPEC section 2), with its data in a temporary folder removed afterwards. Each test file
 * then uses a database of its own on it.
 */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'shoal-test-'));
  const logger = createLogger('warn');
  const engine = await startEngine({
    uri: process.env.MONGODB_URI,
    dataDir,
    prefer: (process.env.SHOAL_ENGINE as 'auto' | 'ferretdb' | 'mongodb-memory-server' | undefined) ?? 'auto',
    logger,
  });
  console.log(`[tests] database engine: ${engine.description}`);
  project.provide('mongoUri', engine.uri);
  project.provide('engineName', engine.name);
  return async () => {
    await engine.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
