import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Customer } from '../../shared/customer.js';
import { JobProgress } from '../../shared/events.js';
import { FieldDefinition } from '../../shared/field.js';
import { bodyOf, call, problemOf } from '../support/call.js';
import { startShoal, type TestShoal } from '../support/shoal.js';

// CSV export and import of custom fields (SPEC section 12): a column `custom.<key>` per field,
// values read as the field's type and checked row by row, each refused row naming the column.

let t: TestShoal;
beforeAll(async () => {
  t = await startShoal();
  const defs = [
    { entity: 'customer', key: 'tier', label: 'Tier', type: 'select', options: [{ key: 'gold', label: 'Gold' }, { key: 'silver', label: 'Silver' }] },
    { entity: 'customer', key: 'seats', label: 'Seats', type: 'number' },
    { entity: 'customer', key: 'partner', label: 'Partner', type: 'checkbox' },
    { entity: 'customer', key: 'regions', label: 'Regions', type: 'multiselect', options: [{ key: 'emea', label: 'EMEA' }, { key: 'apac', label: 'APAC' }] },
    { entity: 'customer', key: 'renewal', label: 'Renewal', type: 'date' },
    { entity: 'task', key: 'effort', label: 'Effort', type: 'money' },
    { entity: 'contact', key: 'role', label: 'Role', type: 'text' },
  ];
  for (const def of defs) expect((await call(t.url, 'POST', '/api/fields', def, undefined, FieldDefinition)).status).toBe(201);
});
afterAll(async () => {
  await t.close();
});

const exported = async (path: string) => {
  const res = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${t.admin.token}` } });
  expect(res.status).toBe(200);
  const text = (await res.text()).replace(/^\ufeff/, '');
  return { header: text.split('\n')[0]!, rows: parse(text, { columns: true }) as Record<string, string>[], text };
};

/** Imports a file and waits for its result. */
async function imported(path: string, text: string): Promise<JobProgress> {
  const res = await call(t.url, 'POST', path, text, { 'content-type': 'text/csv' });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  const { id } = bodyOf(res, JobProgress);
  for (;;) {
    const job = (await call(t.url, 'GET', `/api/imports/${id}`, undefined, undefined, JobProgress)).body;
    if (job.state !== 'running') return job;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('CSV custom columns', () => {
  it('export writes a custom.<key> column per field of the kind, values as the API has them', async () => {
    await call(t.url, 'POST', '/api/customers', { name: 'Csv One', email: 'one@csv.test', custom: { tier: 'gold', seats: 12, partner: true, regions: ['emea', 'apac'], renewal: '2027-05-01' } }, undefined, Customer);
    await call(t.url, 'POST', '/api/customers', { name: 'Csv Two', email: 'two@csv.test' }, undefined, Customer);
    const { header, rows } = await exported('/api/customers/export?q=csv.test&sort=-custom.seats');
    expect(header).toBe('id,name,email,phone,address,website,industry,ownerId,tags,createdAt,updatedAt,custom.tier,custom.seats,custom.partner,custom.regions,custom.renewal');
    expect(rows.map((r) => [r.name, r['custom.tier'], r['custom.seats'], r['custom.partner'], r['custom.regions'], r['custom.renewal']])).toEqual([
      ['Csv One', 'gold', '12', 'true', 'emea; apac', '2027-05-01'],
      ['Csv Two', '', '', '', '', ''],
    ]);
    // The export takes the list's custom filters, checked as the list checks them.
    expect((await exported('/api/customers/export?custom.tier=silver')).rows).toEqual([]);
    expect((await call(t.url, 'GET', '/api/customers/export?custom.nosuch=1')).status).toBe(422);
  });

  it('import reads each custom column as its type (an option by key or label), and refuses a bad value naming the row and the column', async () => {
    const file = [
      'name,email,custom.tier,custom.seats,custom.partner,custom.regions,custom.renewal',
      'Good One,good1@import.test,Gold,5,yes,"EMEA; apac",2027-01-31',
      'Good Two,good2@import.test,silver,,no,,',
      'Bad Tier,bad1@import.test,bronze,1,,,',
      'Bad Seats,bad2@import.test,gold,many,,,',
      'Bad Rest,bad3@import.test,,,maybe,mars,2027-13-01',
    ].join('\n');
    const job = await imported('/api/customers/import', file);
    expect(job.result).toMatchObject({ created: 2, failed: 3 });
    expect(job.result!.errors.map((e) => [e.row, e.errors.map((x) => x.path)])).toEqual([
      [4, ['custom.tier']],
      [5, ['custom.seats']],
      [6, ['custom.partner', 'custom.regions.0', 'custom.renewal']],
    ]);
    const made = (await call(t.url, 'GET', '/api/customers?q=import.test&sort=name', undefined, undefined, z.array(Customer))).body;
    expect(made.map((c) => [c.name, c.custom])).toEqual([
      ['Good One', { tier: 'gold', seats: 5, partner: true, regions: ['emea', 'apac'], renewal: '2027-01-31' }],
      ['Good Two', { tier: 'silver', partner: false }],
    ]);
  });

  it('an exported file imports back to the same custom values', async () => {
    const { text } = await exported('/api/customers/export?q=one@csv.test');
    const again = text.replace('one@csv.test', 'one-again@csv.test');
    const job = await imported('/api/customers/import', again);
    expect(job.result).toMatchObject({ created: 1, failed: 0 });
    const [copy] = (await call(t.url, 'GET', '/api/customers?q=one-again', undefined, undefined, z.array(Customer))).body;
    expect(copy!.custom).toEqual({ tier: 'gold', seats: 12, partner: true, regions: ['emea', 'apac'], renewal: '2027-05-01' });
  });

  it('a header naming a custom field the kind does not have refuses the file, naming the column', async () => {
    const res = await call(t.url, 'POST', '/api/customers/import', 'name,email,custom.teir\nX,x@import.test,gold\n', { 'content-type': 'text/csv' });
    expect(res.status).toBe(422);
    expect(problemOf(res).errors).toEqual([{ path: 'custom.teir', message: 'is not a custom field of this kind of record' }]);
    // A field of another kind is not this kind's.
    expect((await call(t.url, 'POST', '/api/contacts/import', 'customerEmail,name,email,custom.tier\ntwo@csv.test,X,x@import.test,gold\n', { 'content-type': 'text/csv' })).status).toBe(422);
  });

  it('contacts and tasks have their own kinds custom columns, both ways', async () => {
    const contacts = await imported('/api/contacts/import', 'customerEmail,name,email,custom.role\ntwo@csv.test,Cat Contact,cat@import.test,Buyer\n');
    expect(contacts.result).toMatchObject({ created: 1, failed: 0 });
    const contactCsv = await exported('/api/contacts/export?q=cat');
    expect(contactCsv.header.endsWith(',custom.role')).toBe(true);
    expect(contactCsv.rows.map((r) => r['custom.role'])).toEqual(['Buyer']);

    const tasks = await imported('/api/tasks/import', 'title,dueAt,custom.effort\nPlan,2027-01-02,12.50\nBad,2027-01-03,1.234\n');
    expect(tasks.result).toMatchObject({ created: 1, failed: 1 });
    expect(tasks.result!.errors).toEqual([{ row: 3, errors: [expect.objectContaining({ path: 'custom.effort' })] }]);
    const taskCsv = await exported('/api/tasks/export');
    expect(taskCsv.rows.map((r) => [r.title, r['custom.effort']])).toEqual([['Plan', '12.5']]);
  });
});
