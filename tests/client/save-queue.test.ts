import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShoalApi } from '../../client/src/api.js';
import { ApiError, networkError } from '../../client/src/data/problem.js';
import { resource, type RequestOptions, type Transport } from '../../client/src/data/resource.js';
import { SaveQueue } from '../../client/src/data/save-queue.js';
import { z } from 'zod';
import { Contact } from '../../shared/contact.js';
import { Customer } from '../../shared/customer.js';
import { call } from '../support/call.js';
import { startShoal, type TestShoal } from '../support/shoal.js';

/**
 * The offline save queue against a real Shoal: the network is cut in the transport (every call
 * fails as fetch does offline), and "back online" is the browser's `online` signal, given by hand.
 */
let t: TestShoal;
let api: ShoalApi;
beforeAll(async () => {
  t = await startShoal();
  api = new ShoalApi({ base: `${t.url}/api`, token: t.admin.token });
});
afterAll(async () => {
  await t.close();
});

const contactNow = async (id: string) => (await call(t.url, 'GET', `/api/contacts/${id}`, undefined, undefined, Contact)).body;

/** A transport whose network can be cut; `loseAnswers` lets the request reach the server and loses its answer. */
function flakyNetwork() {
  const state = { down: false, loseAnswers: false, sent: 0 };
  const transport: Transport = {
    async request(method: string, path: string, options: RequestOptions = {}) {
      if (state.down) throw networkError(options.kind);
      state.sent++;
      const response = await api.request(method, path, options);
      if (state.loseAnswers) throw networkError(options.kind);
      return response;
    },
  };
  let online: (() => void) | undefined;
  const queue = new SaveQueue({ onOnline: (listener) => ((online = listener), () => (online = undefined)), backoffMs: [3_600_000] });
  return { state, transport, queue, backOnline: () => online?.() };
}

async function newContact(name: string) {
  const customer = await resource(api, 'customers').create({ name: `${name} Co`, email: `${name.toLowerCase()}@example.com` });
  return resource(api, 'contacts').create({ customerId: customer.id, name, email: `${name.toLowerCase()}.c@example.com` });
}

describe('the offline save queue', () => {
  it('keeps a save made offline and sends it when the connection returns', async () => {
    const { state, transport, queue, backOnline } = flakyNetwork();
    const contact = await newContact('Olive');
    state.down = true;
    let waited = false;
    const save = queue.save(`contact:${contact.id}`, () => resource(transport, 'contacts').patch(contact.id, { phone: '555-0101' }, { version: contact.version }), () => (waited = true));
    await new Promise<void>((resolve) => queue.subscribe((n) => n === 1 && resolve()));
    expect(waited).toBe(true);
    expect(save.waiting).toBe(true);
    expect((await contactNow(contact.id)).phone).toBeUndefined();
    state.down = false;
    backOnline();
    const saved = await save.done;
    expect(saved.phone).toBe('555-0101');
    expect(queue.waiting).toBe(0);
    expect((await contactNow(contact.id)).phone).toBe('555-0101');
  });

  it('keeps the conflict rules: a field someone else saved meanwhile answers 412 when the save is sent', async () => {
    const { state, transport, queue, backOnline } = flakyNetwork();
    const contact = await newContact('Conrad');
    state.down = true;
    const save = queue.save(`contact:${contact.id}`, () => resource(transport, 'contacts').patch(contact.id, { phone: '555-0202' }, { version: contact.version }));
    const refused = save.done.catch((e: unknown) => e);
    await call(t.url, 'PATCH', `/api/contacts/${contact.id}`, { phone: '555-9999' }, undefined, Contact);
    state.down = false;
    backOnline();
    const error = (await refused) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(412);
    expect(error.problem.conflicts).toEqual(['phone']);
    expect((await contactNow(contact.id)).phone).toBe('555-9999');
  });

  it('creates once when an answer was lost and the create is sent again', async () => {
    const { state, transport, queue, backOnline } = flakyNetwork();
    state.loseAnswers = true;
    const save = queue.save('new-customer', () => resource(transport, 'customers').create({ name: 'Lost Answer Co', email: 'lost@example.com' }, { idempotencyKey: 'lost-answer-1' }));
    await new Promise<void>((resolve) => queue.subscribe((n) => n === 1 && resolve()));
    expect(state.sent).toBe(1);
    state.loseAnswers = false;
    backOnline();
    const created = await save.done;
    expect(created.name).toBe('Lost Answer Co');
    expect((await call(t.url, 'GET', '/api/customers?q=Lost%20Answer', undefined, undefined, z.array(Customer))).body).toHaveLength(1);
  });

  it('sends only the newest of two saves of one record; the older one ends with it', async () => {
    const { state, transport, queue, backOnline } = flakyNetwork();
    const contact = await newContact('Nina');
    state.down = true;
    const patch = (phone: string) => () => resource(transport, 'contacts').patch(contact.id, { phone }, { version: contact.version });
    const first = queue.save(`contact:${contact.id}`, patch('1'));
    await new Promise<void>((resolve) => queue.subscribe((n) => n === 1 && resolve()));
    const replaced = new Promise<void>((resolve) => queue.subscribe(() => second.waiting && resolve()));
    const second = queue.save(`contact:${contact.id}`, patch('2'));
    await replaced;
    expect(queue.waiting).toBe(1);
    state.down = false;
    backOnline();
    const [a, b] = await Promise.all([first.done, second.done]);
    expect([a.phone, b.phone]).toEqual(['2', '2']);
    expect((await contactNow(contact.id)).version).toBe(contact.version + 1);
  });

  it('gives up a waiting save when the form cancels it', async () => {
    const { state, transport, queue } = flakyNetwork();
    state.down = true;
    const save = queue.save('x', () => resource(transport, 'customers').create({ name: 'Never Co', email: 'never@example.com' }));
    await new Promise<void>((resolve) => queue.subscribe((n) => n === 1 && resolve()));
    save.cancel();
    await expect(save.done).rejects.toMatchObject({ name: 'SaveCancelled' });
    expect(queue.waiting).toBe(0);
  });
});
