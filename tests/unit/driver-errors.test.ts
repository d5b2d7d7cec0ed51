import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../server/db/ferretdb.js';
import { isDatabaseUnavailable } from '../../server/http/problem.js';

// Issue 12: the 503 detection must know the error classes of the driver mongoose itself loads
// (its own copy of mongodb, 7.8 here), not of a root copy (7.9), or `instanceof` never matches.
const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../server');

describe("the database errors come from mongoose's own driver", () => {
  it('a server that cannot be reached, through that driver, is recognised as unavailable (503)', async () => {
    const port = await freePort();
    const client = new mongoose.mongo.MongoClient(`mongodb://127.0.0.1:${port}/probe`, { serverSelectionTimeoutMS: 200 });
    const error: unknown = await client.connect().then(
      () => undefined,
      (e: unknown) => e,
    );
    await client.close();
    expect(error).toBeInstanceOf(mongoose.mongo.MongoServerSelectionError);
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(isDatabaseUnavailable(new Error('something else'))).toBe(false);
  });

  it('the server imports no copy of mongodb of its own at run time', () => {
    const files = readdirSync(serverDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const importing = files.filter((f) => /from\s+'mongodb'|import\('mongodb'\)|require\('mongodb'\)/.test(readFileSync(path.join(serverDir, f), 'utf8')));
    expect(importing).toEqual([]);
  });
});
