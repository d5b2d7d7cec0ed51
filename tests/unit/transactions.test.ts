import { describe, expect, inject, it } from 'vitest';
import { connect } from '../../server/db/connection.js';
import { detectTransactions, supportsTransactions } from '../../server/db/transactions.js';

// Issue 11: on MongoDB, transactions where the deployment has a replica set. MongoDB cannot run
// on these machines, so the answers of its deployments are written out here (as `hello` and
// `buildInfo` give them); the engine of the run (FerretDB) is asked for real.
const mongo7 = { version: '7.0.14' };
const sessions = { logicalSessionTimeoutMinutes: 30 };

describe('transactions are used where the deployment runs them', () => {
  it('a replica-set member or a mongos on MongoDB 4.2+ with sessions: yes', () => {
    expect(supportsTransactions({ hello: { setName: 'rs0', ...sessions }, buildInfo: mongo7 })).toBe(true);
    expect(supportsTransactions({ hello: { msg: 'isdbgrid', ...sessions }, buildInfo: mongo7 })).toBe(true);
    expect(supportsTransactions({ hello: { setName: 'rs0', ...sessions }, buildInfo: { version: '4.2.0' } })).toBe(true);
  });

  it('a standalone mongod, an old server, one without sessions, or FerretDB: no', () => {
    expect(supportsTransactions({ hello: { ...sessions }, buildInfo: mongo7 })).toBe(false);
    expect(supportsTransactions({ hello: { setName: '', ...sessions }, buildInfo: mongo7 })).toBe(false);
    expect(supportsTransactions({ hello: { setName: 'rs0', ...sessions }, buildInfo: { version: '4.0.28' } })).toBe(false);
    expect(supportsTransactions({ hello: { setName: 'rs0' }, buildInfo: mongo7 })).toBe(false);
    expect(supportsTransactions({ hello: { setName: 'rs0', ...sessions }, buildInfo: { version: '7.0.42', ferretdbVersion: 'v1.24.2' } })).toBe(false);
  });

  it("the run's engine answers as it is: FerretDB or a standalone memory server has none", async () => {
    const connection = await connect(inject('mongoUri'), 'transactions_probe');
    try {
      expect(await detectTransactions(connection)).toEqual(inject('engineName') === 'MONGODB_URI' ? expect.any(Boolean) : false);
    } finally {
      await connection.close();
    }
  });
});
