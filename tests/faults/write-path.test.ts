import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ObjectId } from 'mongodb';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type ShoalApp } from '../../server/app.js';
import { connect } from '../../server/db/connection.js';
import { ferretDbBinary } from '../../server/db/engine.js';
import { startFerretDb, type FerretDbProcess } from '../../server/db/ferretdb.js';
import type { ChangeInput } from '../../server/events/event.service.js';
import { createLogger } from '../../server/logger.js';
import { z } from 'zod';
import { Customer } from '../../shared/customer.js';
import { ChangeEvent } from '../../shared/events.js';
import { User } from '../../shared/user.js';
import { bodyOf, call } from '../support/call.js';
import { waitFor } from '../support/shoal.js';

const Events = z.array(ChangeEvent);

// Issue 11: a change and its event are one write or recoverable as one (docs/write-path.md).
// A test hook runs between a record's write and its event; there the test kills the engine
// (kill -9 of the real FerretDB process), and in the second case also stops Shoal itself.
const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
let dir: string;
let engine: FerretDbProcess;
let connection: Connection;
let apps: ShoalApp[] = [];
let auth: Record<string, string>;
/** What the hook does once, for the change it matches. */
let armed: { matches: (c: ChangeInput) => boolean; then: () => Promise<void> } | undefined;

async function start(): Promise<{ shoal: ShoalApp; url: string }> {
  const shoal = await createApp({
    connection,
    logger,
    faults: {
      afterRecordWrite: async (changes) => {
        const hook = armed;
        if (hook && changes.some(hook.matches)) {
          armed = undefined;
          await hook.then();
        }
      },
    },
  });
  apps.push(shoal);
  return { shoal, url: `http://127.0.0.1:${await shoal.listen(0)}` };
}

const killEngine = async () => {
  await waitFor(() => engine.pid() !== undefined, 'the engine up (as its supervisor sees it)', 20_000);
  process.kill(engine.pid()!, 'SIGKILL');
  await waitFor(() => engine.health().state !== 'up', 'the supervisor sees the engine die');
};

/** Something holding the engine's port, so it cannot come back until `release` (else it may be back before the event is tried). */
let squatter: net.Server | undefined;
async function killEngineAndHoldItDown(): Promise<void> {
  const port = Number(new URL(engine.uri).port);
  await waitFor(() => engine.pid() !== undefined, 'the engine up (as its supervisor sees it)', 20_000);
  process.kill(engine.pid()!, 'SIGKILL');
  squatter = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => {
    const attempt = () => {
      squatter!.once('error', () => setTimeout(attempt, 5));
      squatter!.listen(port, '127.0.0.1', () => resolve());
    };
    attempt();
  });
  await waitFor(() => engine.health().state !== 'up', 'the supervisor sees the engine die');
}
const release = () => new Promise<void>((resolve) => (squatter ? squatter.close(() => resolve()) : resolve()));

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'shoal-write-path-'));
  engine = await startFerretDb(ferretDbBinary, dir, logger);
  connection = await connect(engine.uri, 'writepath');
  const { shoal } = await start();
  const admin = await shoal.users.setup({ name: 'Wren', email: 'wren@shoal.test', password: 'wren password 123' });
  auth = { authorization: `Bearer ${(await shoal.auth.createToken(admin.id, 'write path')).token}` };
});
afterAll(async () => {
  await release();
  for (const shoal of apps) await shoal.close().catch(() => undefined);
  await connection.close();
  await engine.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Every event of the log, by reading `/api/events` page by page. */
async function allEvents(url: string): Promise<ChangeEvent[]> {
  const events: ChangeEvent[] = [];
  for (;;) {
    const res = await call(url, 'GET', `/api/events?after=${events.at(-1)?.seq ?? 0}&limit=1000`, undefined, auth);
    expect(res.status).toBe(200);
    const page = bodyOf(res, Events);
    if (page.length === 0) return events;
    events.push(...page);
  }
}

/** Reads until the log has `predicate`'s event (the repair appends it once the engine is back). */
async function eventually(url: string, predicate: (e: ChangeEvent) => boolean, what: string): Promise<ChangeEvent[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const events = await call(url, 'GET', '/api/events?after=0&limit=1000', undefined, auth).then((r) => (r.status === 200 ? bodyOf(r, Events) : []));
    if (events.some(predicate)) return allEvents(url);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The log and the stored customers agree: per record versions 1, 2, 3... once each, the last one as stored (or deleted, and gone). */
async function expectAgreement(url: string): Promise<void> {
  const events = (await allEvents(url)).filter((e) => e.entity === 'customer');
  const stored = new Map((await connection.collection('customers').find({}, { projection: { version: 1 } }).toArray()).map((d) => [d._id.toHexString(), d.version as number]));
  const byId = new Map<string, ChangeEvent[]>();
  for (const e of events) byId.set(e.id, [...(byId.get(e.id) ?? []), e]);
  for (const [id, list] of byId) {
    expect(list.map((e) => e.version), id).toEqual(list.map((_, i) => i + 1));
    const last = list.at(-1)!;
    expect(stored.get(id), `${id} after its ${last.op} v${last.version}`).toBe(last.op === 'deleted' ? undefined : last.version);
  }
  for (const [id, version] of stored) expect(byId.get(id)?.at(-1)?.version, `stored ${id} v${version} has its event`).toBe(version);
}

describe('the engine dies between a record write and its event', () => {
  it('answers 503, and once the engine is back the create, the edit and the delete each get their event by themselves', async () => {
    const { url } = apps.length ? { url: `http://127.0.0.1:${(apps[0]!.server.address() as { port: number }).port}` } : await start();

    armed = { matches: (c) => c.op === 'created' && c.data?.email === 'torn-create@example.com', then: killEngineAndHoldItDown };
    const created = await call(url, 'POST', '/api/customers', { name: 'Torn Create', email: 'torn-create@example.com' }, auth);
    expect(created.status).toBe(503);
    expect(created.headers.get('retry-after')).toBe('2');
    await release();
    await eventually(url, (e) => e.entity === 'customer' && e.op === 'created' && e.data?.email === 'torn-create@example.com', 'the created event');
    const id = (await connection.collection('customers').findOne({ email: 'torn-create@example.com' }))!._id.toHexString();

    armed = { matches: (c) => c.op === 'updated' && c.id === id, then: killEngineAndHoldItDown };
    const patched = await call(url, 'PATCH', `/api/customers/${id}`, { phone: '+1 555 0142' }, auth);
    expect(patched.status).toBe(503);
    await release();
    await eventually(url, (e) => e.op === 'updated' && e.id === id, 'the updated event');
    // The next write of the record follows on from the repaired version.
    const again = await call(url, 'PATCH', `/api/customers/${id}`, { industry: 'Rope' }, auth);
    expect(again.status).toBe(200);
    expect(bodyOf(again, Customer).version).toBe(3);

    armed = { matches: (c) => c.op === 'deleted' && c.id === id, then: killEngineAndHoldItDown };
    const removed = await call(url, 'DELETE', `/api/customers/${id}`, undefined, auth);
    expect(removed.status).toBe(503);
    await release();
    const events = await eventually(url, (e) => e.op === 'deleted' && e.id === id, 'the deleted event');
    expect(events.filter((e) => e.id === id).map((e) => `${e.op} v${e.version}`)).toEqual(['created v1', 'updated v2', 'updated v3', 'deleted v4']);
    await expectAgreement(url);
  }, 60_000);
});

describe('the engine dies between a batch\'s record write and its events', () => {
  it('answers 503; once the engine is back every created item gets its one event by itself, the items that failed none', async () => {
    const url = `http://127.0.0.1:${(apps[0]!.server.address() as { port: number }).port}`;
    const taken = (await call(url, 'POST', '/api/customers', { name: 'Already Here', email: 'torn-batch-taken@example.com' }, auth, Customer)).body;
    // 40 items: 36 to create, 2 that fail validation, 2 whose email is taken (the engine refuses them in the insertMany itself).
    const create = Array.from({ length: 40 }, (_, i) =>
      i === 7 || i === 21 ? { name: '', email: `torn-batch-${i}@example.com` } : i === 12 || i === 30 ? { name: `Taken ${i}`, email: 'torn-batch-taken@example.com' } : { name: `Torn Batch ${i}`, email: `torn-batch-${i}@example.com` },
    );
    armed = { matches: (c) => c.op === 'created' && c.data?.email === 'torn-batch-0@example.com', then: killEngineAndHoldItDown };
    const answered = await call(url, 'POST', '/api/customers/batch', { create }, auth);
    expect(answered.status).toBe(503);
    await release();
    const events = await eventually(url, (e) => e.entity === 'customer' && e.op === 'created' && e.data?.email === 'torn-batch-39@example.com', "the batch's events");
    const stored = await connection.collection('customers').find({ email: { $regex: '^torn-batch-\\d+@' } }).toArray();
    expect(stored.map((d) => d.email).sort()).toEqual(create.filter((_, i) => ![7, 21, 12, 30].includes(i)).map((c) => c.email).sort());
    const created = events.filter((e) => e.entity === 'customer' && e.op === 'created' && String(e.data?.email).startsWith('torn-batch-'));
    // One event per stored record (the taken email's customer has its own from before), none for the failed items.
    expect(created.map((e) => e.id).sort()).toEqual([taken.id, ...stored.map((d) => d._id.toHexString())].sort());
    await expectAgreement(url);
  }, 60_000);
});

describe('the engine dies between a user change and its event', () => {
  it('a user created and a role changed each get their event by themselves once the engine is back', async () => {
    const url = `http://127.0.0.1:${(apps[0]!.server.address() as { port: number }).port}`;
    armed = { matches: (c) => c.entity === 'user' && c.op === 'created', then: killEngineAndHoldItDown };
    const created = await call(url, 'POST', '/api/users', { name: 'Torn Rep', email: 'torn-rep@shoal.test', password: 'torn rep password 1', role: 'rep' }, auth);
    expect(created.status).toBe(503);
    await release();
    await eventually(url, (e) => e.entity === 'user' && e.op === 'created' && e.data?.email === 'torn-rep@shoal.test', 'the user created event');
    const id = (await connection.collection('users').findOne({ email: 'torn-rep@shoal.test' }))!._id.toHexString();

    armed = { matches: (c) => c.entity === 'user' && c.op === 'updated' && c.id === id, then: killEngineAndHoldItDown };
    const promoted = await call(url, 'PATCH', `/api/users/${id}`, { role: 'admin' }, auth);
    expect(promoted.status).toBe(503);
    await release();
    await eventually(url, (e) => e.entity === 'user' && e.op === 'updated' && e.id === id, 'the role change event');
    // The next change follows on from the repaired version, and the log matches the stored user.
    const renamed = await call(url, 'PATCH', `/api/users/${id}`, { name: 'Mended Rep' }, auth);
    expect(renamed.status).toBe(200);
    expect(bodyOf(renamed, User)).toMatchObject({ role: 'admin', name: 'Mended Rep', version: 3 });
    const events = (await allEvents(url)).filter((e) => e.entity === 'user' && e.id === id);
    expect(events.map((e) => `${e.op} v${e.version} ${String(e.entity === 'user' ? e.data?.role : e.entity)}`)).toEqual(['created v1 rep', 'updated v2 admin', 'updated v3 admin']);
  }, 60_000);
});

describe('Shoal itself stops between a record write and its event', () => {
  it('the next start appends the missing event before it serves: the log and the records agree', async () => {
    const first = apps[0]!;
    const url = `http://127.0.0.1:${(first.server.address() as { port: number }).port}`;
    const customer = (await call(url, 'POST', '/api/customers', { name: 'Half Gone', email: 'half-gone@example.com' }, auth, Customer)).body;
    // Shoal stops (its timers and sockets with it) and the engine dies, right after the delete's record write.
    armed = {
      matches: (c) => c.op === 'deleted' && c.id === customer.id,
      then: async () => {
        await killEngine();
        await first.close();
      },
    };
    const removed = await call(url, 'DELETE', `/api/customers/${customer.id}`, undefined, auth).catch((error: unknown) => ({ status: 0, error }));
    expect(removed.status).not.toBe(204);
    await waitFor(() => engine.health().state === 'up', 'the engine back', 20_000);
    expect(await connection.collection('customers').findOne({ email: 'half-gone@example.com' })).toBeNull();

    // An intent stored in the earlier form (its changes as JSON text, its keys as an array) by an
    // older Shoal whose create landed without its event: the restart settles it too.
    const older = new ObjectId();
    const now = new Date();
    await connection.collection('customers').insertOne({ _id: older, name: 'Older Form', email: 'older-form@example.com', nameSort: 'older form', search: 'older form older-form@example.com', fieldVersions: {}, version: 1, createdAt: now, updatedAt: now });
    const olderChange = { entity: 'customer', op: 'created', id: older.toHexString(), data: { id: older.toHexString(), name: 'Older Form', email: 'older-form@example.com', tags: [], version: 1, createdAt: now.toISOString(), updatedAt: now.toISOString() }, version: 1, actor: { id: 'x', name: 'Older Shoal' } };
    await connection.collection('outbox').insertOne({ _id: new ObjectId(), changes: JSON.stringify([olderChange]), keys: [`customer:${older.toHexString()}`], at: now });

    const { url: restarted } = await start();
    const events = await allEvents(restarted);
    expect(events.filter((e) => e.id === customer.id).map((e) => e.op)).toEqual(['created', 'deleted']);
    expect(events.filter((e) => e.id === older.toHexString()).map((e) => `${e.op} v${e.version} ${String(e.entity === 'customer' ? e.data?.name : e.entity)}`)).toEqual(['created v1 Older Form']);
    expect(await connection.collection('outbox').countDocuments()).toBe(0);
    expect(events.find((e) => e.op === 'deleted' && e.id === customer.id)?.data).toMatchObject({ name: 'Half Gone', removed: { contacts: 0 } });
    await expectAgreement(restarted);
    // And the restore brings it back as one more change.
    expect((await call(restarted, 'POST', `/api/customers/${customer.id}/restore`, undefined, auth)).status).toBe(200);
    await expectAgreement(restarted);
  }, 60_000);
});

describe("a batch's intent holds its changes as their event group (serialised and deflated once)", () => {
  it('the group appended is the intent\'s bytes; and after Shoal stops between the record write and the events, the next start appends each created item\'s event from it', async () => {
    let url = `http://127.0.0.1:${(apps.at(-1)!.server.address() as { port: number }).port}`;
    // The write lands and the events follow: the intent seen between the two is the group the log keeps.
    let intent: Record<string, any> | null = null;
    armed = { matches: (c) => c.op === 'created' && c.data?.email === 'group-form-0@example.com', then: async () => void (intent = await connection.collection('outbox').findOne({})) };
    const whole = await call(url, 'POST', '/api/customers/batch', { create: [0, 1, 2].map((i) => ({ name: `Group Form ${i}`, email: `group-form-${i}@example.com` })) }, auth);
    expect(whole.status).toBe(200);
    expect(intent).not.toBeNull();
    // Each change's own record lock is its key: nothing stored beside the group.
    expect(intent!.packed).toBeUndefined();
    const group = await connection.collection('events').findOne({ _id: intent!._id });
    expect(group).toMatchObject({ last: group!.seq + 2 });
    expect(Buffer.from(group!.packed.buffer).equals(Buffer.from(intent!.group.buffer))).toBe(true);

    // Shoal stops and the engine dies right after a batch's record write: the restart reads the intent in that form.
    const current = apps.at(-1)!;
    armed = {
      matches: (c) => c.op === 'created' && c.data?.email === 'torn-group-0@example.com',
      then: async () => {
        await killEngine();
        await current.close();
      },
    };
    const answered = await call(url, 'POST', '/api/customers/batch', { create: [0, 1, 2, 3].map((i) => ({ name: `Torn Group ${i}`, email: `torn-group-${i}@example.com` })) }, auth).catch((error: unknown) => ({ status: 0, error }));
    expect(answered.status).not.toBe(200);
    await waitFor(() => engine.health().state === 'up', 'the engine back', 20_000);
    const stored = await connection.collection('customers').find({ email: { $regex: '^torn-group-\\d@' } }).toArray();
    expect(stored).toHaveLength(4);
    expect(await connection.collection('outbox').countDocuments()).toBe(1);

    ({ url } = await start());
    const events = await allEvents(url);
    const created = events.filter((e) => e.entity === 'customer' && e.op === 'created' && String(e.data?.email).startsWith('torn-group-'));
    expect(created.map((e) => `${e.id} ${String(e.entity === 'customer' ? e.data?.name : '')} v${e.version}`).sort()).toEqual(stored.map((d) => `${d._id.toHexString()} ${d.name} v1`).sort());
    expect(await connection.collection('outbox').countDocuments()).toBe(0);
    await expectAgreement(url);
  }, 60_000);
});
