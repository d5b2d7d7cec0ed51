// `npm run seed`: loads the demo team's data (5 reps, 200 customers, 600 contacts, 400 deals,
// 3,000 interactions over the last 12 months, 300 tasks with a few mentions) into the configured database, through the same
// services as every other change, printing progress. Needs an admin: the first one, or the one
// SHOAL_ADMIN_EMAIL / SHOAL_ADMIN_PASSWORD create.
import { createApp } from '../server/app.js';
import { loadConfigOrExit } from '../server/config.js';
import { connect } from '../server/db/connection.js';
import { startEngine } from '../server/db/engine.js';
import { createLogger } from '../server/logger.js';

const config = loadConfigOrExit();
const logger = createLogger('warn');
const engine = await startEngine({ uri: config.MONGODB_URI, dataDir: config.dataDir, prefer: config.SHOAL_ENGINE, logger });
console.log(`Database engine: ${engine.description}`);
const connection = await connect(engine.uri, config.MONGODB_DB);
try {
  const shoal = await createApp({
    connection,
    logger,
    ...(config.SHOAL_ADMIN_EMAIL && config.SHOAL_ADMIN_PASSWORD ? { bootstrapAdmin: { email: config.SHOAL_ADMIN_EMAIL, password: config.SHOAL_ADMIN_PASSWORD } } : {}),
  });
  const admin = (await shoal.users.list()).find((u) => u.role === 'admin' && u.active);
  if (!admin) {
    console.error('No admin yet: open Shoal and create the first admin, or set SHOAL_ADMIN_EMAIL and SHOAL_ADMIN_PASSWORD.');
    process.exitCode = 1;
  } else if ((await shoal.customers.list({ sort: 'name', limit: 1 })).total > 0) {
    console.error('This Shoal already has customers; demo data loads only into an empty one.');
    process.exitCode = 1;
  } else {
    const started = Date.now();
    const size = await shoal.loadDemo({ id: admin.id, name: admin.name }, ({ phase, done, total }) => {
      const width = 30;
      const filled = Math.round((done / total) * width);
      process.stdout.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round((done / total) * 100)).padStart(3)}%  ${phase.padEnd(12)}`);
    });
    console.log(`\nLoaded ${size.reps} reps, ${size.customers} customers, ${size.contacts} contacts, ${size.opportunities} deals and ${size.interactions} interactions in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  }
  await shoal.close();
} finally {
  await connection.close();
  await engine.stop();
}
