import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../client/src/components/shoal-token-list.js';
import type { ShoalTokenList } from '../../client/src/components/shoal-token-list.js';
import type { ApiToken, CreatedToken } from '../../shared/user.js';
import { recordEvents } from './fixtures.js';

const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
const importScript: ApiToken = { id: '0000000000000000000000b1', name: 'Import script', createdAt: '2026-01-05T10:00:00.000Z', lastUsedAt: hourAgo };
const zapier: ApiToken = { id: '0000000000000000000000b2', name: 'Zapier', createdAt: '2026-01-07T10:00:00.000Z' };
const SECRET = 'shoal_0000000000000000000000b3_Zr4nd0mS3cr3tV4lu3Th4tM4tt3rs0nlyOnc3xyz';
const created: CreatedToken = { id: '0000000000000000000000b3', name: 'Nightly sync', createdAt: new Date().toISOString(), token: SECRET };

const EVENTS = ['shoal-token-create', 'shoal-token-revoke'];
const shadow = (el: ShoalTokenList) => el.shadowRoot!;
const row = (el: ShoalTokenList, id: string) => shadow(el).querySelector<HTMLTableRowElement>(`tbody tr[data-id="${id}"]`)!;
const confirmDialog = (el: ShoalTokenList) => shadow(el).querySelector('shoal-confirm-dialog')!;

/** Everything the component shows or holds in its fields, as text. */
const everything = (el: ShoalTokenList) =>
  shadow(el).innerHTML + [...shadow(el).querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')].map((f) => f.value).join(' ');

async function list(tokens: ApiToken[] = [importScript, zapier]): Promise<ShoalTokenList> {
  return fixture<ShoalTokenList>(html`<shoal-token-list .tokens=${tokens} origin="https://crm.example.com"></shoal-token-list>`);
}

describe('shoal-token-list', () => {
  it('lists each token with its name, when it was created and last used', async () => {
    const el = await list();
    expect(row(el, importScript.id).querySelector('th')!.textContent).to.equal('Import script');
    expect(row(el, importScript.id).textContent).to.contain('1 hour ago');
    expect(row(el, zapier.id).textContent).to.contain('Never');
    expect(row(el, zapier.id).querySelector('time')!.getAttribute('datetime')).to.equal(zapier.createdAt);
    await expect(el).to.be.accessible();

    const empty = await list([]);
    expect(shadow(empty).textContent).to.contain('You have no API tokens yet.');
  });

  it('asks for a name, then fires shoal-token-create from the keyboard', async () => {
    const el = await list();
    const seen = recordEvents(el, EVENTS);
    const name = shadow(el).querySelector<HTMLInputElement>('#field-token-name')!;
    name.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(seen).to.have.length(0);
    expect(shadow(el).querySelector('.error')!.textContent).to.contain('Token name is required.');
    expect(name.getAttribute('aria-invalid')).to.equal('true');

    await sendKeys({ type: ' Nightly sync ' });
    await sendKeys({ press: 'Enter' });
    expect(seen.map((e) => [e.type, e.detail])).to.deep.equal([['shoal-token-create', { name: 'Nightly sync' }]]);
    expect(seen[0]!.bubbles && seen[0]!.composed).to.equal(true);
  });

  it('shows a new token’s secret once, with a warning and a curl example, and never again after it is hidden', async () => {
    const el = await list();
    const seen = recordEvents(el, EVENTS);
    el.revealed = created;
    el.tokens = [created, importScript, zapier].map(({ id, name, createdAt }) => ({ id, name, createdAt }));
    await el.updateComplete;

    const secret = shadow(el).querySelector<HTMLInputElement>('#token-secret')!;
    expect(secret.value).to.equal(SECRET);
    expect(secret.readOnly).to.equal(true);
    expect(shadow(el).querySelector('.secret')!.textContent).to.contain('This is the only time Shoal shows this token');
    expect(shadow(el).querySelector<HTMLTextAreaElement>('#token-curl')!.value).to.equal(
      `curl -H "Authorization: Bearer ${SECRET}" https://crm.example.com/api/customers`,
    );
    expect(row(el, created.id).textContent, 'the list itself never shows a secret').to.not.contain(SECRET);
    await expect(el).to.be.accessible();

    shadow(el).querySelector<HTMLButtonElement>('button.done')!.click();
    await el.updateComplete;
    expect(everything(el)).to.not.contain(SECRET);
    expect(shadow(el).activeElement?.id, 'the focus goes back to the create form').to.equal('field-token-name');

    // The list refreshes (as after any change): the secret stays gone.
    el.tokens = [...el.tokens];
    await el.updateComplete;
    expect(everything(el)).to.not.contain(SECRET);
    expect(seen, 'setting properties fires nothing').to.have.length(0);
  });

  it('revokes only after a confirmation, firing shoal-token-revoke with the token', async () => {
    const el = await list();
    const seen = recordEvents(el, EVENTS);
    row(el, zapier.id).querySelector<HTMLButtonElement>('button.revoke')!.click();
    await el.updateComplete;
    const dialog = confirmDialog(el);
    await dialog.updateComplete;
    expect(dialog.open).to.equal(true);
    expect(dialog.heading).to.equal('Revoke “Zapier”?');
    expect(dialog.textContent).to.contain('stop working at once');

    // Escape cancels; nothing is revoked.
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(dialog.open).to.equal(false);
    expect(seen).to.have.length(0);

    row(el, importScript.id).querySelector<HTMLButtonElement>('button.revoke')!.click();
    await el.updateComplete;
    await dialog.updateComplete;
    dialog.shadowRoot!.querySelector<HTMLButtonElement>('button.confirm')!.click();
    await el.updateComplete;
    expect(seen.map((e) => [e.type, e.detail])).to.deep.equal([['shoal-token-revoke', { id: importScript.id, name: 'Import script' }]]);
    expect(seen[0]!.bubbles && seen[0]!.composed).to.equal(true);
    expect(dialog.open).to.equal(false);
  });

  it('shows the error its page reports', async () => {
    const el = await list();
    el.error = 'The token was not created. Your session has ended. Sign in again to continue.';
    await el.updateComplete;
    expect(shadow(el).querySelector('[role="alert"]')!.textContent).to.contain('Your session has ended');
    await expect(el).to.be.accessible();
  });
});
