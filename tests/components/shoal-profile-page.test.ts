import { expect, fixture, html } from '@open-wc/testing';
import '../../client/src/components/shoal-profile-page.js';
import type { ShoalProfilePage } from '../../client/src/components/shoal-profile-page.js';
import type { User } from '../../shared/user.js';
import { json, problem, scriptedApi, settle } from './scripted-api.js';

const ben: User = { id: '0000000000000000000000b2', name: 'Ben Ortiz', email: 'ben@shoal.example', role: 'rep', color: '#db2777', active: true, version: 1, createdAt: '2026-01-05T10:00:00.000Z', updatedAt: '2026-01-05T10:00:00.000Z' };
const root = (el: ShoalProfilePage) => el.shadowRoot!;

function type(el: ShoalProfilePage, selector: string, value: string): void {
  const input = root(el).querySelector<HTMLInputElement>(selector)!;
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

describe('shoal-profile-page', () => {
  it('sends the version the form started from as If-Match; a 412 says who changed what in words, keeps the typing, and the next save sends the new version', async () => {
    const renamed = { ...ben, name: 'Benjamin Ortiz', version: 3 };
    const stale = problem(412, {
      title: 'Precondition failed',
      detail: 'Someone else changed name since version 1. Review the current values and try again.',
      errors: [{ path: 'name', message: 'was changed by someone else since version 1' }],
      current: renamed,
      conflicts: ['name'],
    });
    const { api, calls } = scriptedApi([json(200, []), stale, json(200, { user: { ...renamed, name: 'Ben O.', version: 4 }, csrfToken: 'csrf' })], { csrfToken: 'csrf' });
    const el = await fixture<ShoalProfilePage>(html`<shoal-profile-page .api=${api} .user=${ben}></shoal-profile-page>`);
    await settle(el);
    root(el).querySelector<HTMLButtonElement>('button.edit-details')!.click();
    await settle(el);
    type(el, '#profile-name', 'Ben O.');
    await settle(el);
    root(el).querySelector<HTMLButtonElement>('button.save-details')!.click();
    await settle(el);
    const patch = calls.find((c) => c.method === 'PATCH')!;
    expect(patch).to.deep.include({ url: '/api/auth/me', body: { name: 'Ben O.' } });
    expect(patch.headers['if-match']).to.equal('"1"');
    const status = root(el).querySelector('.details-status')!;
    expect(status.getAttribute('role')).to.equal('alert');
    expect(status.textContent).to.contain('Your profile was not saved: someone else changed it while you were editing (your name is now “Benjamin Ortiz”).');
    expect(status.textContent).not.to.contain('version');
    expect(root(el).querySelector<HTMLInputElement>('#profile-name')!.value, 'the typing is kept').to.equal('Ben O.');
    expect(root(el).querySelector('#name-error'), 'no field message about versions').to.equal(null);
    await expect(el).to.be.accessible();

    root(el).querySelector<HTMLButtonElement>('button.save-details')!.click();
    await settle(el);
    const again = calls.filter((c) => c.method === 'PATCH')[1]!;
    expect(again.headers['if-match'], 'saving again replaces theirs knowingly').to.equal('"3"');
    expect(root(el).querySelector('.details-status')!.textContent).to.contain('Your profile is saved.');
  });
});
