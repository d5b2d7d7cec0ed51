import mongoose, { type Connection } from 'mongoose';

// Filters are built by Shoal's services only, and the operators they use are wrapped in
// `trusted()`. With sanitizeFilter any other `{ $gt: "" }` in a filter is neutralised, and
// strictQuery makes a filter on an unknown path fail loudly.
mongoose.set('strictQuery', 'throw');
mongoose.set('sanitizeFilter', true);

/** True when the server is FerretDB (its buildInfo says so), whose updates are read-then-write. */
export async function isFerretDb(connection: Connection): Promise<boolean> {
  const info = await connection.db!.admin().command({ buildInfo: 1 });
  return 'ferretdbVersion' in info;
}

/**
 * Opens a mongoose connection that fails fast when the engine is down (so the API can answer
 * 503 within two seconds) instead of buffering commands.
 */
export async function connect(uri: string, dbName: string): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    dbName,
    bufferCommands: false,
    autoIndex: false,
    autoCreate: false,
    // 1 s to find the server, leaving the rest of SPEC's 2 s for the request itself (1.5 s left
    // 0.5 s, and a loaded CI machine answered a 503 after 2,018 ms).
    serverSelectionTimeoutMS: 1_000,
    heartbeatFrequencyMS: 2_000,
  });
  await connection.asPromise();
  return connection;
}
