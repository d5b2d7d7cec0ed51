import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../client/src/components/shoal-customer-form.js';
import type { ShoalCustomerForm } from '../../client/src/components/shoal-customer-form.js';
import type { Customer } from '../../shared/customer.js';
import { customer, recordEvents } from './fixtures.js';
import { json, problem as problemWith, scriptedApi as scripted } from './scripted-api.js';

/** An API as after signing in: writes must echo the session's CSRF token. */
const scriptedApi = (answers: Array<() => Response>) => scripted(answers, { csrfToken: 'csrf-of-this-session' });
const problem = (status: number, body: Record<string, unknown>) => problemWith(status, { detail: 'Some fields are invalid.', ...body });

const field = (el: ShoalCustomerForm, name: string) => el.shadowRoot!.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
const fieldBox = (el: ShoalCustomerForm, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[data-field="${name}"]`)!;

async function type(input: HTMLInputElement, text: string): Promise<void> {
  input.focus();
  await sendKeys({ type: text });
}

async function submit(el: ShoalCustomerForm): Promise<void> {
  el.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
  // Let the fake fetch answer and the form render the outcome.
  for (let i = 0; i < 5; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await el.updateComplete;
  }
}

describe('shoal-customer-form', () => {
  it('shows the server’s field error next to the field it names', async () => {
    const { api, calls } = scriptedApi([problem(422, { errors: [{ path: 'email', message: 'must be an email address' }] })]);
    const el = await fixture<ShoalCustomerForm>(html`<shoal-customer-form .api=${api} open></shoal-customer-form>`);
    await el.updateComplete;
    const seen = recordEvents(el, ['shoal-saved', 'shoal-close']);
    await type(field(el, 'name'), 'Northwind Traders');
    await type(field(el, 'email'), 'orders@northwind.example');
    await submit(el);

    expect(calls).to.have.length(1);
    expect(calls[0]!.method).to.equal('POST');
    expect(calls[0]!.body).to.deep.equal({ name: 'Northwind Traders', email: 'orders@northwind.example' });
    expect(calls[0]!.headers['x-csrf-token']).to.equal('csrf-of-this-session');
    expect(calls[0]!.headers).to.not.have.property('x-shoal-actor-name');

    const email = field(el, 'email');
    const error = fieldBox(el, 'email').querySelector('.error');
    expect(error, 'error inside the email field').to.exist;
    expect(error!.textContent).to.contain('Email must be an email address.');
    expect(email.getAttribute('aria-invalid')).to.equal('true');
    expect(email.getAttribute('aria-describedby')).to.contain(error!.id);
    expect(field(el, 'name').getAttribute('aria-invalid')).to.equal('false');
    expect(fieldBox(el, 'name').querySelector('.error')).to.equal(null);
    expect(el.shadowRoot!.activeElement).to.equal(email);
    expect(el.open).to.equal(true);
    expect(seen).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('names a taken email (409) next to the email field, then saves once it is fixed', async () => {
    const saved = customer({ name: 'Northwind Traders', email: 'buying@northwind.example' });
    const { api, calls } = scriptedApi([
      problem(409, { title: 'Email already in use', detail: 'Another customer already uses orders@northwind.example.', errors: [{ path: 'email', message: 'is already used by another customer' }] }),
      json(201, saved),
    ]);
    const el = await fixture<ShoalCustomerForm>(html`<shoal-customer-form .api=${api} open></shoal-customer-form>`);
    await type(field(el, 'name'), 'Northwind Traders');
    await type(field(el, 'email'), 'orders@northwind.example');
    await submit(el);
    expect(fieldBox(el, 'email').querySelector('.error')!.textContent).to.contain('Email is already used by another customer.');

    const email = field(el, 'email');
    email.select();
    await sendKeys({ type: 'buying@northwind.example' });
    expect(fieldBox(el, 'email').querySelector('.error'), 'editing the field clears its error').to.equal(null);
    const done = oneEvent(el, 'shoal-saved');
    await submit(el);
    const event = await done;
    expect(event.detail).to.deep.equal({ customer: saved, mode: 'created' });
    expect(calls[1]!.body).to.deep.equal({ name: 'Northwind Traders', email: 'buying@northwind.example' });
    expect(calls[0]!.headers['idempotency-key']).to.not.equal(calls[1]!.headers['idempotency-key']);
    expect(el.open).to.equal(false);
  });

  it('says which required field is missing without calling the server', async () => {
    const { api, calls } = scriptedApi([]);
    const el = await fixture<ShoalCustomerForm>(html`<shoal-customer-form .api=${api} open></shoal-customer-form>`);
    await type(field(el, 'email'), 'someone@example.com');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(calls).to.have.length(0);
    expect(fieldBox(el, 'name').querySelector('.error')!.textContent).to.contain('Company name is required.');
    expect(el.shadowRoot!.activeElement).to.equal(field(el, 'name'));
  });

  it('warns with the colleague’s values when they saved first (412), and overwrites only when asked', async () => {
    const original = customer({ name: 'Harbor Freight Co', email: 'ap@harbor.example', phone: '+1 206 555 0142', version: 3 });
    const theirs: Customer = { ...original, email: 'billing@harbor.example', version: 4 };
    const mine: Customer = { ...original, email: 'accounts@harbor.example', version: 5 };
    const { api, calls } = scriptedApi([
      problem(412, { title: 'The record changed since you read it', current: theirs, conflicts: ['email'], errors: [{ path: 'email', message: 'was changed by someone else since version 3' }] }),
      json(200, mine),
    ]);
    const el = await fixture<ShoalCustomerForm>(html`<shoal-customer-form .api=${api} .customer=${original} .lastEditor=${'Dana Park'} open></shoal-customer-form>`);
    const email = field(el, 'email');
    email.select();
    await sendKeys({ type: 'accounts@harbor.example' });
    await submit(el);

    expect(calls[0]!.method).to.equal('PATCH');
    expect(calls[0]!.headers['if-match']).to.equal('"3"');
    expect(calls[0]!.body).to.deep.equal({ email: 'accounts@harbor.example' });
    const warning = el.shadowRoot!.querySelector('.conflict')!;
    expect(warning.getAttribute('role')).to.equal('alert');
    expect(warning.textContent).to.contain('Dana Park saved this customer while you were editing');
    expect(warning.textContent).to.contain('billing@harbor.example').and.contain('accounts@harbor.example');
    expect(el.open, 'nothing was saved, the dialog stays open').to.equal(true);
    await expect(el).to.be.accessible();

    const done = oneEvent(el, 'shoal-saved');
    warning.querySelector<HTMLButtonElement>('button.overwrite')!.click();
    const event = await done;
    expect(calls[1]!.headers['if-match']).to.equal('"4"');
    expect(calls[1]!.body).to.deep.equal({ email: 'accounts@harbor.example' });
    expect(event.detail.customer.email).to.equal('accounts@harbor.example');
  });

  it('reloads the colleague’s version when the rep chooses to', async () => {
    const original = customer({ name: 'Harbor Freight Co', email: 'ap@harbor.example', version: 3 });
    const theirs: Customer = { ...original, email: 'billing@harbor.example', version: 4 };
    const { api, calls } = scriptedApi([problem(412, { current: theirs, conflicts: ['email'] })]);
    const el = await fixture<ShoalCustomerForm>(html`<shoal-customer-form .api=${api} .customer=${original} open></shoal-customer-form>`);
    field(el, 'email').select();
    await sendKeys({ type: 'accounts@harbor.example' });
    await submit(el);
    el.shadowRoot!.querySelector<HTMLButtonElement>('.conflict button.reload')!.click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.conflict')).to.equal(null);
    expect(field(el, 'email').value).to.equal('billing@harbor.example');
    expect(calls).to.have.length(1);
  });
});
