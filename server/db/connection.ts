import mongoose, { type Connection } from 'mongoose';

// Filters are built by Shoal's services only; these make a slip fail loudly instead of
// letting `{ $gt: "" }` from a client reach a query.
mongoose.set('strictQuery', 'throw');
mongoose.set('sanitizeFilter', true);

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
    serverSelectionTimeoutMS: 1_500,
    heartbeatFrequencyMS: 2_000,
  });
  await connection.asPromise();
  return connection;
}
