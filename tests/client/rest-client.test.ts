import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShoalApi } from '../../client/src/api.js';
import { ApiError, describeError } from '../../client/src/data/problem.js';
import { resource } from '../../client/src/data/resource.js';
import { Contact } from '../../shared/contact.js';
import { call } from '../support/call.js';
import { startShoal, type TestShoal, type TestUser } from '../support/shoal.js';

/**
 * The web client's resource client against a real Shoal: each header rule (Link rel=next,
 * X-Total-Count, Shoal-Seq, ETag, If-Match, Idempotency-Key) and problem+json turned into one
 * ApiError, as the views see them.
 */
let t: TestShoal;
let rep: TestUser;
let api: ShoalApi;
beforeAll(async () => {
  t = await startShoal();
  rep = await t.addUser('Rita Rest');
  api = new ShoalApi({ base: `${t.url}/api`, token: rep.token });
});
afterAll(async () => {
  await t.close();
});

describe('the resource client', () => {
  it('lists page by page with the total, the next cursor and the seq the answer reflects', async () => {
    const customers = resource(api, 'customers');
    for (const n of [1, 2, 3, 4, 5]) await customers.create({ name: `Paged ${n} Co`, email: `paged${n}@example.com` });
    const first = await customers.list({ q: 'Paged', sort: 'name', limit: 2 });
    expect(first.items.map((c) => c.name)).toEqual(['Paged 1 Co', 'Paged 2 Co']);
    expect(first.total).toBe(5);
    expect(first.nextCursor).toBeTruthy();
    expect(first.seq).toBeGreaterThan(0);
    const names: string[] = first.items.map((c) => c.name);
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await customers.list({ q: 'Paged', sort: 'name', limit: 2, cursor });
      names.push(...page.items.map((c) => c.name));
      cursor = page.nextCursor;
    }
    expect(names).toEqual(['Paged 1 Co', 'Paged 2 Co', 'Paged 3 Co', 'Paged 4 Co', 'Paged 5 Co']);
  });

  it('reads a record with the version of its ETag, and a stale If-Match answers 412 with the conflict', async () => {
    const contacts = resource(api, 'contacts');
    const customer = await resource(api, 'customers').create({ name: 'Versioned Co', email: 'v@example.com' });
    const contact = await contacts.create({ customerId: customer.id, name: 'Vera Version', email: 'vera@example.com' });
    const read = await contacts.get(contact.id);
    expect(read.version).toBe(contact.version);
    expect(read.value.name).toBe('Vera Version');
    // Someone else changes the phone; a save of the phone from the old version is refused.
    await call(t.url, 'PATCH', `/api/contacts/${contact.id}`, { phone: '555-0100' }, undefined, Contact);
    const refused = await contacts.patch(contact.id, { phone: '555-0199' }, { version: read.version }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    const error = refused as ApiError;
    expect(error.status).toBe(412);
    expect(error.isConflict).toBe(true);
    expect(error.problem.conflicts).toContain('phone');
    expect((error.problem.current as { phone: string }).phone).toBe('555-0100');
    // A field nobody changed still saves from the old version; without a version the last write wins.
    expect((await contacts.patch(contact.id, { position: 'Buyer' }, { version: read.version })).position).toBe('Buyer');
    expect((await contacts.patch(contact.id, { phone: '555-0199' })).phone).toBe('555-0199');
    // A stale delete is refused too; a current one goes through.
    await expect(contacts.remove(contact.id, { version: read.version })).rejects.toMatchObject({ status: 412 });
    const now = await contacts.get(contact.id);
    await contacts.remove(contact.id, { version: now.version });
    const gone = await contacts.get(contact.id).catch((e: unknown) => e as ApiError);
    expect(gone).toMatchObject({ status: 404, kind: 'contact' });
    expect(describeError(gone)).toBe('That contact no longer exists. Someone may have deleted it.');
  });

  it('replaces a record whole', async () => {
    const customers = resource(api, 'customers');
    const created = await customers.create({ name: 'Replace Co', email: 'r@example.com', phone: '1' });
    const replaced = await customers.replace(created.id, { name: 'Replaced Co', email: 'r2@example.com' }, { version: created.version });
    expect(replaced).toMatchObject({ name: 'Replaced Co', email: 'r2@example.com' });
    expect(replaced.phone).toBeUndefined();
    await expect(customers.replace(created.id, { name: 'Late Co', email: 'r3@example.com' }, { version: created.version })).rejects.toMatchObject({ status: 412 });
  });

  it('creates once however often a create is retried with the same Idempotency-Key', async () => {
    const customers = resource(api, 'customers');
    const key = 'retry-me-1';
    const a = await customers.create({ name: 'Once Co', email: 'once@example.com' }, { idempotencyKey: key });
    const b = await customers.create({ name: 'Once Co', email: 'once@example.com' }, { idempotencyKey: key });
    expect(b.id).toBe(a.id);
    expect((await customers.list({ q: 'Once Co' })).total).toBe(1);
  });

  it('turns problem+json into one ApiError with the fields named; a 404 names the kind, a user’s too', async () => {
    const refused = (await resource(api, 'customers')
      .create({ name: '', email: 'not an email' })
      .catch((e: unknown) => e)) as ApiError;
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused.status).toBe(422);
    expect(Object.keys(refused.fieldErrors).sort()).toEqual(['email', 'name']);
    const missingDeal = (await resource(api, 'opportunities').get('0123456789abcdef01234567').catch((e: unknown) => e)) as ApiError;
    expect(describeError(missingDeal)).toBe('That deal no longer exists. Someone may have deleted it.');
    const admin = new ShoalApi({ base: `${t.url}/api`, token: t.admin.token });
    const missingUser = (await admin.patchUser('0123456789abcdef01234567', { name: 'Nobody' }).catch((e: unknown) => e)) as ApiError;
    expect(missingUser.status).toBe(404);
    expect(describeError(missingUser)).toBe('That team member no longer exists. Someone may have deleted it.');
  });

  it('sends a batch and answers a result per item', async () => {
    const customers = resource(api, 'customers');
    const existing = await customers.create({ name: 'Batch Co', email: 'batch@example.com' });
    const result = await customers.batch({
      create: [{ name: 'Batch New Co', email: 'new@example.com' }, { name: '', email: 'bad' }],
      update: [{ id: existing.id, version: existing.version, phone: '42' }],
    });
    expect(result.succeeded).toBe(2);
    expect(result.failed).toBe(1);
    expect(result.create[1]?.status).toBe(422);
    expect((await customers.get(existing.id)).value.phone).toBe('42');
  });

  it('says plainly that the server could not be reached', async () => {
    const offline = new ShoalApi({ base: 'http://127.0.0.1:9/api', token: rep.token });
    const error = (await resource(offline, 'tasks').list({}).catch((e: unknown) => e)) as ApiError;
    expect(error.isNetworkError).toBe(true);
    expect(describeError(error)).toBe("Shoal can't reach the server right now. Check your connection and try again.");
  });
});
