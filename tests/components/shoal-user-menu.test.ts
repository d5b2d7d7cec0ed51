import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../client/src/components/shoal-user-menu.js';
import type { ShoalUserMenu } from '../../client/src/components/shoal-user-menu.js';
import type { User } from '../../shared/user.js';
import { recordEvents } from './fixtures.js';

const ana: User = {
  id: '0000000000000000000000a1',
  name: 'Ana Silva',
  email: 'ana@shoal.example',
  role: 'admin',
  color: '#d97706',
  active: true,
  version: 1,
  createdAt: '2026-01-05T10:00:00.000Z',
  updatedAt: '2026-01-05T10:00:00.000Z',
};

const shadow = (el: ShoalUserMenu) => el.shadowRoot!;
const trigger = (el: ShoalUserMenu) => shadow(el).querySelector<HTMLButtonElement>('button.trigger')!;

describe('shoal-user-menu', () => {
  it('shows the user’s initials on their colour, readable, and opens a menu with Profile and Sign out', async () => {
    const el = await fixture<ShoalUserMenu>(html`<shoal-user-menu .user=${ana}></shoal-user-menu>`);
    const avatar = shadow(el).querySelector('shoal-avatar')!;
    await avatar.updateComplete;
    const initials = avatar.shadowRoot!.querySelector('span')!;
    expect(initials.textContent).to.equal('AS');
    expect(getComputedStyle(initials).backgroundColor).to.equal('rgb(217, 119, 6)');
    // White on this amber would be hard to read: the text turns dark.
    expect(getComputedStyle(initials).color).to.equal('rgb(20, 24, 29)');
    expect(trigger(el).getAttribute('aria-expanded')).to.equal('false');
    expect(trigger(el).getAttribute('aria-haspopup')).to.equal('menu');
    expect(trigger(el).textContent!.trim(), 'named by the user’s name').to.equal('Ana Silva');

    trigger(el).click();
    await el.updateComplete;
    expect(trigger(el).getAttribute('aria-expanded')).to.equal('true');
    const items = [...shadow(el).querySelectorAll('[role="menuitem"]')].map((i) => i.textContent?.trim());
    expect(items).to.deep.equal(['Profile and API tokens', 'Sign out']);
    expect(shadow(el).textContent).to.contain('ana@shoal.example').and.contain('Admin');
    await expect(el).to.be.accessible();
  });

  it('works from the keyboard and fires shoal-navigate and shoal-sign-out only when chosen', async () => {
    const el = await fixture<ShoalUserMenu>(html`<shoal-user-menu .user=${ana}></shoal-user-menu>`);
    const seen = recordEvents(el, ['shoal-navigate', 'shoal-sign-out']);
    el.user = { ...ana, name: 'Ana S. Silva' };
    await el.updateComplete;
    expect(seen, 'setting the user fires nothing').to.have.length(0);

    trigger(el).focus();
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(shadow(el).activeElement?.textContent?.trim()).to.equal('Profile and API tokens');
    await sendKeys({ press: 'ArrowDown' });
    expect(shadow(el).activeElement?.textContent?.trim()).to.equal('Sign out');
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(shadow(el).querySelector('[role="menu"]')).to.equal(null);
    expect(shadow(el).activeElement).to.equal(trigger(el));
    expect(seen).to.have.length(0);

    await sendKeys({ press: 'ArrowUp' });
    await el.updateComplete;
    expect(shadow(el).activeElement?.textContent?.trim(), 'ArrowUp opens on the last item').to.equal('Sign out');
    await sendKeys({ press: 'Enter' });
    trigger(el).focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    await sendKeys({ press: 'Enter' });
    expect(seen.map((e) => [e.type, e.detail ?? null])).to.deep.equal([
      ['shoal-sign-out', null],
      ['shoal-navigate', { path: '/profile' }],
    ]);
    expect(seen.every((e) => e.bubbles && e.composed)).to.equal(true);
  });
});
