import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShoal, type TestShoal } from '../support/shoal.js';

const run = promisify(execFile);
let t: TestShoal;
beforeAll(async () => {
  t = await startShoal();
});
afterAll(async () => {
  await t.close();
});

/** Runs curl as the README shows it; answers the status and the parsed body. */
async function curl(...args: string[]): Promise<{ status: number; body: any }> {
  const { stdout } = await run('curl', ['-s', '-w', '\n%{http_code}', ...args]);
  const lines = stdout.split('\n');
  const status = Number(lines.pop());
  const text = lines.join('\n');
  return { status, body: text ? JSON.parse(text) : undefined };
}

describe("the README's curl flow", () => {
  it('gets a token with -u email:password, then runs the seed calls with it', async () => {
    const created = await curl('-u', `${t.admin.email}:${t.admin.password}`, '-X', 'POST', `${t.url}/api/tokens`, '-H', 'content-type: application/json', '-d', '{"name":"my script"}');
    expect(created.status).toBe(201);
    const auth = `Authorization: Bearer ${created.body.token}`;

    const post = await curl('-X', 'POST', `${t.url}/api/customers`, '-H', auth, '-H', 'content-type: application/json', '-d', '{"name":"Acme","email":"ops@acme.test","phone":"555-0100","address":"1 Main St"}');
    expect(post.status).toBe(201);
    expect(post.body).toMatchObject({ name: 'Acme', email: 'ops@acme.test', phone: '555-0100', address: '1 Main St' });

    const list = await curl(`${t.url}/api/customers`, '-H', auth);
    expect(list.status).toBe(200);
    expect(list.body.map((c: { id: string }) => c.id)).toEqual([post.body.id]);

    const put = await curl('-X', 'PUT', `${t.url}/api/customers/${post.body.id}`, '-H', auth, '-H', 'content-type: application/json', '-d', '{"name":"Acme Corp","email":"ops@acme.test","phone":"555-0101","address":"2 Main St"}');
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ name: 'Acme Corp', phone: '555-0101', address: '2 Main St', version: 2 });

    const del = await curl('-X', 'DELETE', `${t.url}/api/customers/${post.body.id}`, '-H', auth);
    expect(del.status).toBe(204);
    expect((await curl(`${t.url}/api/customers`, '-H', auth)).body).toEqual([]);

    const without = await curl(`${t.url}/api/customers`);
    expect(without.status).toBe(401);
  });
});
