import { expect, fixture, html } from '@open-wc/testing';
import '../../client/src/components/shoal-team-page.js';
import type { ShoalTeamPage } from '../../client/src/components/shoal-team-page.js';
import type { User } from '../../shared/user.js';
import { sendKeys } from '@web/test-runner-commands';
import { json, problem, scriptedApi, settle } from './scripted-api.js';

const base = { active: true, version: 1, createdAt: '2026-01-05T10:00:00.000Z', updatedAt: '2026-01-05T10:00:00.000Z' };
const ada: User = { ...base, id: '0000000000000000000000a1', name: 'Ada Lovelace', email: 'ada@shoal.example', role: 'admin', color: '#2563eb' };
const ben: User = { ...base, id: '0000000000000000000000a2', name: 'Ben Ortiz', email: 'ben@shoal.example', role: 'rep', color: '#db2777' };

const shadow = (el: ShoalTeamPage) => el.shadowRoot!;
const row = (el: ShoalTeamPage, user: User) => shadow(el).querySelector<HTMLTableRowElement>(`tbody tr[data-id="${user.id}"]`)!;
const roleOf = (el: ShoalTeamPage, user: User) => row(el, user).querySelector<HTMLSelectElement>('select')!;
const confirmDialog = (el: ShoalTeamPage) => shadow(el).querySelector('shoal-confirm-dialog')!;

function choose(select: HTMLSelectElement, value: string): void {
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('shoal-team-page', () => {
  it('lists the team and changes another member’s role only after the admin confirms', async () => {
    const { api, calls } = scriptedApi([json(200, [ada, ben]), json(200, { ...ben, role: 'admin', version: 2 })], { csrfToken: 'csrf' });
    const el = await fixture<ShoalTeamPage>(html`<shoal-team-page .api=${api} .user=${ada}></shoal-team-page>`);
    await settle(el);
    expect(row(el, ada).textContent).to.contain('You').and.contain('ada@shoal.example').and.contain('Active');
    expect(roleOf(el, ben).value).to.equal('rep');
    expect(roleOf(el, ben).getAttribute('aria-label')).to.equal('Role of Ben Ortiz');
    await expect(el).to.be.accessible();

    choose(roleOf(el, ben), 'admin');
    await settle(el);
    expect(calls, 'nothing is saved before the confirmation').to.have.length(1);
    expect(confirmDialog(el).heading).to.equal('Make Ben Ortiz an admin?');
    confirmDialog(el).shadowRoot!.querySelector<HTMLButtonElement>('button.confirm')!.click();
    await settle(el);
    expect(calls[1]).to.deep.include({ method: 'PATCH', url: `/api/users/${ben.id}`, body: { role: 'admin' } });
    expect(calls[1]!.headers['x-csrf-token']).to.equal('csrf');
    expect(roleOf(el, ben).value).to.equal('admin');
    expect(shadow(el).querySelector('[role="status"][aria-live]')!.textContent).to.contain('Ben Ortiz is now an admin.');
  });

  it('ArrowDown on the closed role list saves nothing; cancelling gives the focus back to the list', async () => {
    const { api, calls } = scriptedApi([json(200, [ada, ben])]);
    const el = await fixture<ShoalTeamPage>(html`<shoal-team-page .api=${api} .user=${ada}></shoal-team-page>`);
    await settle(el);
    roleOf(el, ben).focus();
    await sendKeys({ press: 'ArrowDown' });
    await settle(el);
    expect(calls).to.have.length(1);
    expect(roleOf(el, ben).value, 'the list still shows the saved role').to.equal('rep');
    expect(confirmDialog(el).open).to.equal(true);
    await sendKeys({ press: 'Escape' });
    await settle(el);
    expect(confirmDialog(el).open).to.equal(false);
    expect(calls).to.have.length(1);
    expect(shadow(el).activeElement).to.equal(roleOf(el, ben));
  });

  it('resets a member’s password after the admin types a new one', async () => {
    const { api, calls } = scriptedApi([json(200, [ada, ben]), json(200, { ...ben, version: 2 })]);
    const el = await fixture<ShoalTeamPage>(html`<shoal-team-page .api=${api} .user=${ada}></shoal-team-page>`);
    await settle(el);
    row(el, ben).querySelector<HTMLButtonElement>('button.reset')!.click();
    await settle(el);
    expect(confirmDialog(el).heading).to.equal("Reset Ben Ortiz's password?");
    const input = shadow(el).querySelector<HTMLInputElement>('#new-password')!;
    input.value = 'short';
    input.dispatchEvent(new Event('input'));
    confirmDialog(el).shadowRoot!.querySelector<HTMLButtonElement>('button.confirm')!.click();
    await settle(el);
    expect(calls, 'a short password is refused before sending').to.have.length(1);
    expect(shadow(el).querySelector('#new-password-help')!.textContent).to.contain('at least 10 characters');
    input.value = 'a brand new passphrase';
    input.dispatchEvent(new Event('input'));
    confirmDialog(el).shadowRoot!.querySelector<HTMLButtonElement>('button.confirm')!.click();
    await settle(el);
    expect(calls[1]).to.deep.include({ method: 'PATCH', url: `/api/users/${ben.id}`, body: { password: 'a brand new passphrase' } });
    expect(shadow(el).querySelector('[role="status"][aria-live]')!.textContent).to.contain("Ben Ortiz's password is reset");
  });

  it('asks before an admin demotes themselves, and explains that the last admin can’t be demoted', async () => {
    const refusal = problem(422, { title: 'Invalid input', detail: 'The last active admin cannot be demoted or deactivated.', errors: [{ path: 'role', message: 'would leave the team without an admin' }] });
    const { api, calls } = scriptedApi([json(200, [ada, ben]), refusal]);
    const el = await fixture<ShoalTeamPage>(html`<shoal-team-page .api=${api} .user=${ada}></shoal-team-page>`);
    await settle(el);
    choose(roleOf(el, ada), 'rep');
    await settle(el);
    expect(calls, 'nothing is sent before the confirmation').to.have.length(1);
    expect(roleOf(el, ada).value).to.equal('admin');
    expect(confirmDialog(el).open).to.equal(true);
    expect(confirmDialog(el).heading).to.equal('Make yourself a sales rep?');

    confirmDialog(el).shadowRoot!.querySelector<HTMLButtonElement>('button.confirm')!.click();
    await settle(el);
    expect(calls[1]!.body).to.deep.equal({ role: 'rep' });
    const alert = shadow(el).querySelector('.team-error')!;
    expect(alert.getAttribute('role')).to.equal('alert');
    expect(alert.textContent).to.contain("Ada Lovelace is the last admin, and the last admin can't be demoted. Make someone else an admin first.");
    expect(roleOf(el, ada).value, 'the select shows the role that was kept').to.equal('admin');
    await expect(el).to.be.accessible();
  });

  it('sends the version it shows as If-Match, and on a 412 says another admin changed the member and shows them as they are now', async () => {
    const now = { ...ben, role: 'rep' as const, active: false, version: 3 };
    const stale = problem(412, { title: 'Precondition failed', detail: 'Someone else changed active since version 1.', errors: [{ path: 'active', message: 'was changed by someone else since version 1' }], current: now, conflicts: ['active'] });
    const { api, calls } = scriptedApi([json(200, [ada, ben]), stale]);
    const el = await fixture<ShoalTeamPage>(html`<shoal-team-page .api=${api} .user=${ada}></shoal-team-page>`);
    await settle(el);
    choose(roleOf(el, ben), 'admin');
    await settle(el);
    confirmDialog(el).shadowRoot!.querySelector<HTMLButtonElement>('button.confirm')!.click();
    await settle(el);
    expect(calls[1]).to.deep.include({ method: 'PATCH', url: `/api/users/${ben.id}`, body: { role: 'admin' } });
    expect(calls[1]!.headers['if-match']).to.equal('"1"');
    const alert = shadow(el).querySelector('.team-error')!;
    expect(alert.getAttribute('role')).to.equal('alert');
    expect(alert.textContent).to.contain('Ben Ortiz was not changed: another admin changed their access (active or deactivated) a moment ago.');
    expect(alert.textContent).to.contain('It is now: Ben Ortiz, a sales rep, deactivated.');
    expect(alert.textContent).not.to.contain('version');
    expect(roleOf(el, ben).value, 'the role that is stored').to.equal('rep');
    expect(row(el, ben).textContent, 'the row shows the member as they are now').to.contain('Deactivated');
  });

  it('deactivates only after a confirmation', async () => {
    const { api, calls } = scriptedApi([json(200, [ada, ben]), json(200, { ...ben, active: false, version: 2 })]);
    const el = await fixture<ShoalTeamPage>(html`<shoal-team-page .api=${api} .user=${ada}></shoal-team-page>`);
    await settle(el);
    row(el, ben).querySelector<HTMLButtonElement>('button.deactivate')!.click();
    await settle(el);
    expect(confirmDialog(el).heading).to.equal('Deactivate Ben Ortiz?');
    expect(calls).to.have.length(1);
    confirmDialog(el).shadowRoot!.querySelector<HTMLButtonElement>('button.confirm')!.click();
    await settle(el);
    expect(calls[1]!.body).to.deep.equal({ active: false });
    expect(row(el, ben).textContent).to.contain('Deactivated');
    expect(row(el, ben).querySelector('button.reactivate')).to.exist;
  });

  it('tells a rep that only admins manage the team, without loading it', async () => {
    const { api, calls } = scriptedApi([json(200, [ada, ben])]);
    const el = await fixture<ShoalTeamPage>(html`<shoal-team-page .api=${api} .user=${ben}></shoal-team-page>`);
    await settle(el);
    expect(shadow(el).textContent).to.contain('Only admins can manage the team.');
    expect(shadow(el).querySelector('table')).to.equal(null);
    expect(calls).to.have.length(0);
    await expect(el).to.be.accessible();
  });
});
