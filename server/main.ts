import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, type ShoalApp } from './app.js';
import { loadConfigOrExit } from './config.js';
import { connect } from './db/connection.js';
import { NoEngineError, startEngine } from './db/engine.js';
import { claimDatabase, SharedDatabaseError, type ProcessClaim } from './db/process-registry.js';
import { detectTransactions } from './db/transactions.js';
import { createLogger } from './logger.js';

/** The project folder: the nearest one above this file with a package.json (server/ with tsx, dist/server/ when built). */
function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}
const root = projectRoot();

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.LOG_LEVEL);

  let engine;
  try {
    engine = await startEngine({ uri: config.MONGODB_URI, dataDir: config.dataDir, prefer: config.SHOAL_ENGINE, logger });
  } catch (error) {
    if (error instanceof NoEngineError) {
      logger.fatal(error.message);
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  logger.info({ engine: engine.name }, `Database engine: ${engine.description}`);

  const connection = await connect(engine.uri, config.MONGODB_DB);
  // Said at start so an operator knows; the write path is the outbox on every engine (docs/write-path.md).
  if (await detectTransactions(connection).catch(() => false)) logger.info('The database runs transactions (a replica set); writes still go through the outbox (docs/write-path.md)');
  // Several processes on one database are safe only through Redis: refuse a second one without it.
  let conflict: (error: SharedDatabaseError) => void = () => undefined;
  let claim: ProcessClaim;
  try {
    claim = await claimDatabase({ connection, scaleOut: Boolean(config.REDIS_URL), logger, onConflict: (error) => conflict(error) });
  } catch (error) {
    if (!(error instanceof SharedDatabaseError)) throw error;
    logger.fatal(error.message);
    console.error(error.message);
    await connection.close().catch(() => undefined);
    await engine.stop();
    process.exit(1);
  }
  let shoal: ShoalApp;
  try {
    shoal = await createApp({
      connection,
      logger,
      clientDir: path.join(root, 'client', 'dist'),
      eventRetentionDays: config.SHOAL_EVENT_RETENTION_DAYS,
      engineName: engine.name,
      engineHealth: engine.health,
      redisUrl: config.REDIS_URL,
      allowedOrigins: config.SHOAL_ALLOWED_ORIGINS,
      trustProxy: config.SHOAL_TRUST_PROXY,
      checkpointDir: path.join(config.dataDir, 'read-model'),
      ...(config.SHOAL_ADMIN_EMAIL && config.SHOAL_ADMIN_PASSWORD
        ? { bootstrapAdmin: { email: config.SHOAL_ADMIN_EMAIL, password: config.SHOAL_ADMIN_PASSWORD } }
        : {}),
    });
  } catch (error) {
    // A clear reason on the console (Redis unreachable, say); the details in the log.
    const message = error instanceof Error ? error.message : String(error);
    logger.fatal({ err: error }, message);
    console.error(message);
    await claim.release();
    await engine.stop();
    process.exit(1);
  }
  let port: number;
  try {
    port = await shoal.listen(config.PORT, config.HOST);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = code === 'EADDRINUSE' ? `Port ${config.PORT} is already in use: stop what uses it or set PORT to another port.` : `Cannot listen on ${config.HOST}:${config.PORT}: ${String(error)}`;
    logger.fatal(message);
    await claim.release();
    await engine.stop();
    process.exit(1);
  }
  logger.info(`Shoal is listening on http://localhost:${port}`);
  if (config.REDIS_URL) logger.info('Scale-out: sharing rooms and changes with other Shoal processes through Redis');
  // Load the read model now rather than on the first request (it logs how it loaded).
  shoal.reads.ready().catch((error) => logger.warn({ err: error }, 'loading the read model failed; the first request will retry'));

  let stopping = false;
  const stop = async (signal: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await shoal.close().catch((error) => logger.warn({ err: error }, 'closing the server failed'));
    await claim.release();
    await connection.close().catch(() => undefined);
    await engine.stop().catch(() => undefined);
    process.exit(code);
  };
  conflict = (error) => {
    logger.fatal(error.message);
    console.error(error.message);
    void stop('another process on this database', 1);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

await main();
