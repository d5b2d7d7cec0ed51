/**
 * `npx tsx bench/demo.ts`: scenario 10 alone (the first-run demo data into an empty Shoal, on
 * the embedded engine), for a quick figure without the whole `npm run bench`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../server/app.js';
import { connect } from '../server/db/connection.js';
import { startEngine } from '../server/db/engine.js';
import { createLogger } from '../server/logger.js';
import { runDemoScenario } from './demo-scenario.js';

const logger = createLogger('warn');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'shoal-bench-demo-'));
const engine = await startEngine({ dataDir, logger, prefer: 'auto', uri: process.env.MONGODB_URI });
try {
  console.log(`Engine: ${engine.description}; load average ${os.loadavg()[0]!.toFixed(2)}`);
  const connection = await connect(engine.uri, `shoal_demo_${randomBytes(4).toString('hex')}`);
  const shoal = await createApp({ connection, logger, engineName: engine.name });
  const url = `http://127.0.0.1:${await shoal.listen(0)}`;
  const admin = await shoal.users.setup({ name: 'Bench Admin', email: 'bench@shoal.test', password: randomBytes(12).toString('hex') });
  const { token } = await shoal.auth.createToken(admin.id, 'bench');
  await runDemoScenario({ url, token, log: (line) => console.log(line) });
  await shoal.close();
  await connection.close();
} finally {
  await engine.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
