import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../client/src/components/shoal-login-form.js';
import type { ShoalLoginForm } from '../../client/src/components/shoal-login-form.js';
import type { Session } from '../../shared/user.js';
import { recordEvents } from './fixtures.js';
import { json, problem, scriptedApi, settle, unreachable } from './scripted-api.js';

const session: Session = {
  user: {
    id: '0000000000000000000000a1',
    name: 'Ana Silva',
    email: 'ana@shoal.example',
    role: 'rep',
    color: '#2563eb',
    active: true,
    version: 1,
    createdAt: '2026-01-05T10:00:00.000Z',
    updatedAt: '2026-01-05T10:00:00.000Z',
  },
  csrfToken: 'csrf-token-of-the-new-session',
};

const field = (el: ShoalLoginForm, name: string) => el.shadowRoot!.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
const errorOf = (el: ShoalLoginForm, name: string) => el.shadowRoot!.querySelector(`[data-field="${name}"] .error`);
const alert = (el: ShoalLoginForm) => el.shadowRoot!.querySelector('[role="alert"]');

async function type(input: HTMLInputElement, text: string): Promise<void> {
  input.focus();
  await sendKeys({ type: text });
}

describe('shoal-login-form', () => {
  it('names each missing field next to it, without calling the server', async () => {
    const { api, calls } = scriptedApi([]);
    const el = await fixture<ShoalLoginForm>(html`<shoal-login-form .api=${api}></shoal-login-form>`);
    const seen = recordEvents(el, ['shoal-signed-in']);
    field(el, 'email').focus();
    await sendKeys({ press: 'Enter' });
    await settle(el);

    expect(calls).to.have.length(0);
    expect(errorOf(el, 'email')!.textContent).to.contain('Email is required.');
    expect(errorOf(el, 'password')!.textContent).to.contain('Password is required.');
    expect(field(el, 'email').getAttribute('aria-invalid')).to.equal('true');
    expect(field(el, 'email').getAttribute('aria-describedby')).to.equal(errorOf(el, 'email')!.id);
    expect(el.shadowRoot!.activeElement, 'the first field with an error has the focus').to.equal(field(el, 'email'));
    expect(seen).to.have.length(0);
    await expect(el).to.be.accessible();

    await sendKeys({ type: 'ana@' });
    expect(errorOf(el, 'email'), 'typing clears that field’s error').to.equal(null);
    expect(errorOf(el, 'password')).to.exist;
  });

  it('shows the server’s field errors (422) next to their field', async () => {
    const { api } = scriptedApi([problem(422, { errors: [{ path: 'email', message: 'must be at most 254 characters' }] })]);
    const el = await fixture<ShoalLoginForm>(html`<shoal-login-form .api=${api}></shoal-login-form>`);
    await type(field(el, 'email'), 'ana@shoal.example');
    await type(field(el, 'password'), 'a long enough password');
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(errorOf(el, 'email')!.textContent).to.contain('Email must be at most 254 characters.');
    expect(errorOf(el, 'password')).to.equal(null);
    expect(alert(el)).to.equal(null);
  });

  it('says when the email and password do not match (401), keeps the email and clears the password', async () => {
    const { api, calls } = scriptedApi([problem(401, { title: 'Not signed in', detail: 'The email or password is wrong, or the account is deactivated.' })]);
    const el = await fixture<ShoalLoginForm>(html`<shoal-login-form .api=${api}></shoal-login-form>`);
    const seen = recordEvents(el, ['shoal-signed-in']);
    await type(field(el, 'email'), 'ana@shoal.example');
    await type(field(el, 'password'), 'not my password');
    await sendKeys({ press: 'Enter' });
    await settle(el);

    expect(calls).to.have.length(1);
    expect(alert(el)!.textContent).to.contain("That email and password don't match an active account");
    expect(field(el, 'email').value).to.equal('ana@shoal.example');
    expect(field(el, 'password').value).to.equal('');
    expect(el.shadowRoot!.activeElement).to.equal(field(el, 'password'));
    expect(seen).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('signs in from the keyboard: Enter in the password field sends the form and fires shoal-signed-in', async () => {
    const { api, calls } = scriptedApi([json(200, session)]);
    const el = await fixture<ShoalLoginForm>(html`<shoal-login-form .api=${api}></shoal-login-form>`);
    await type(field(el, 'email'), 'ana@shoal.example');
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(field(el, 'password'));
    await sendKeys({ type: 'correct horse battery' });
    const signedIn = oneEvent(el, 'shoal-signed-in');
    await sendKeys({ press: 'Enter' });
    const event = await signedIn;

    expect(calls[0]!.method).to.equal('POST');
    expect(calls[0]!.url).to.equal('/api/auth/login');
    expect(calls[0]!.body).to.deep.equal({ email: 'ana@shoal.example', password: 'correct horse battery' });
    expect(event.detail).to.deep.equal(session);
    expect(event.bubbles && event.composed).to.equal(true);
    expect(api.csrfToken, 'the API client now sends the session’s CSRF token').to.equal(session.csrfToken);
    await settle(el);
    expect(field(el, 'password').value, 'the password does not linger in the form').to.equal('');
  });

  it('tells how long to wait after too many attempts (429), and when the server cannot be reached', async () => {
    const { api } = scriptedApi([problem(429, { title: 'Too many requests' }, { 'retry-after': '42' }), unreachable()]);
    const el = await fixture<ShoalLoginForm>(html`<shoal-login-form .api=${api}></shoal-login-form>`);
    await type(field(el, 'email'), 'ana@shoal.example');
    await type(field(el, 'password'), 'guess number eleven');
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(alert(el)!.textContent).to.contain('Too many sign-in attempts. Wait 42 seconds');

    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(alert(el)!.textContent).to.contain("Shoal's server can't be reached");
    expect(field(el, 'password').value, 'nothing was wrong with the password').to.equal('guess number eleven');
  });

  it('shows a notice and starts from a given email, without firing anything', async () => {
    const { api } = scriptedApi([]);
    const el = await fixture<ShoalLoginForm>(html`<shoal-login-form .api=${api} notice="Your session has ended." email="ana@shoal.example"></shoal-login-form>`);
    const seen = recordEvents(el, ['shoal-signed-in']);
    expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).to.contain('Your session has ended.');
    expect(field(el, 'email').value).to.equal('ana@shoal.example');
    el.email = 'ben@shoal.example';
    el.notice = '';
    await el.updateComplete;
    expect(field(el, 'email').value).to.equal('ben@shoal.example');
    expect(seen).to.have.length(0);
  });
});
