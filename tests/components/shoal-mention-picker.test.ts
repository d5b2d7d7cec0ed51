import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { LitElement, render } from 'lit';
import '../../client/src/mentions/shoal-mention-picker.js';
import { renderNotes } from '../../client/src/mentions/mention-notes.js';

const ana = { id: '0123456789abcdef01234567', name: 'Ana Silva', email: 'ana@shoal.example', active: true };
const ben = { id: '89abcdef0123456789abcdef', name: 'Ben Ortiz', email: 'ben@shoal.example', active: true };
const bea = { id: 'aaaaaaaaaaaaaaaaaaaaaaaa', name: 'Beatriz Lima', email: 'bea@shoal.example', active: true };

/** A form as the app's forms are: its own shadow root, a labelled notes field it keeps the value of, Escape closes it. */
class NotesHost extends LitElement {
  static override properties = { value: { state: true } };
  value = '';
  closed = 0;
  protected override render() {
    return html`<form @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && this.closed++}>
      <label for="notes">Notes</label>
      <textarea id="notes" .value=${this.value} @input=${(e: Event) => (this.value = (e.target as HTMLTextAreaElement).value)}></textarea>
      <shoal-mention-picker for="notes" .team=${[ana, ben, bea]}></shoal-mention-picker>
    </form>`;
  }
}
customElements.define('notes-host', NotesHost);

const parts = (el: NotesHost) => {
  const root = el.shadowRoot!;
  return { root, field: root.querySelector('textarea')!, list: root.querySelector<HTMLElement>('[role="listbox"]')!, options: () => [...root.querySelectorAll<HTMLElement>('[role="option"]')] };
};

describe('shoal-mention-picker', () => {
  it('offers teammates on @, moves with the arrows, inserts the mention with Enter, closes with Escape alone', async () => {
    const el = await fixture<NotesHost>(html`<notes-host></notes-host>`);
    const { root, field, list, options } = parts(el);
    expect(field.getAttribute('aria-haspopup')).to.equal('listbox');
    field.focus();
    await sendKeys({ type: 'Call @b' });
    await el.updateComplete;
    expect(list.hidden).to.equal(false);
    expect(options().map((o) => o.querySelector('.who')!.textContent)).to.deep.equal(['Beatriz Lima', 'Ben Ortiz']);
    expect(field.getAttribute('aria-autocomplete')).to.equal('list');
    expect(root.querySelector('[role="status"]')!.textContent).to.contain('2 teammates to mention');
    expect(field.getAttribute('aria-controls')).to.equal(list.id);
    expect(field.getAttribute('aria-activedescendant')).to.equal(options()[0]!.id);
    expect(options()[0]!.getAttribute('aria-selected')).to.equal('true');
    await expect(el).to.be.accessible();

    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(field.getAttribute('aria-activedescendant')).to.equal(options()[1]!.id);
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowUp' });
    await el.updateComplete;
    expect(options()[1]!.getAttribute('aria-selected')).to.equal('true');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(el.value, 'the host saw the new text').to.equal(`Call @[Ben Ortiz](user:${ben.id}) `);
    expect(field.selectionStart).to.equal(el.value.length);
    expect(list.hidden).to.equal(true);
    expect(field.hasAttribute('aria-activedescendant')).to.equal(false);

    // Typing on: a name not on the team closes the list; Escape closes it without closing the form.
    await sendKeys({ type: 'and @zz' });
    await el.updateComplete;
    expect(list.hidden).to.equal(true);
    await sendKeys({ press: 'Backspace' });
    await sendKeys({ press: 'Backspace' });
    await el.updateComplete;
    expect(options()).to.have.length(3);
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(list.hidden).to.equal(true);
    expect(el.closed, 'the form did not see that Escape').to.equal(0);
    await sendKeys({ press: 'Escape' });
    expect(el.closed).to.equal(1);
    // Enter with the list closed is a line break, as ever.
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(el.value.endsWith('and @\n')).to.equal(true);
    expect(root.activeElement).to.equal(field);
  });

  it('picks with the mouse, and Tab inserts too', async () => {
    const el = await fixture<NotesHost>(html`<notes-host></notes-host>`);
    const { field, options } = parts(el);
    field.focus();
    await sendKeys({ type: '@ana' });
    await el.updateComplete;
    await sendKeys({ press: 'Tab' });
    await el.updateComplete;
    expect(el.value).to.equal(`@[Ana Silva](user:${ana.id}) `);
    await sendKeys({ type: 'cc @Lim' });
    await el.updateComplete;
    options()[0]!.click();
    await el.updateComplete;
    expect(el.value).to.equal(`@[Ana Silva](user:${ana.id}) cc @[Beatriz Lima](user:${bea.id}) `);
  });

  it('renders notes with name chips, and any markup in them as plain text', async () => {
    const host = document.createElement('p');
    render(renderNotes(`Ask @[Ana S](user:${ana.id}) <img src=x onerror="window.pwned=1"> @[Gone](user:cccccccccccccccccccccccc)`, [ana]), host);
    expect(host.querySelector('img')).to.equal(null);
    expect(host.textContent).to.contain('<img src=x onerror="window.pwned=1">');
    const chips = [...host.querySelectorAll('.mention')];
    expect(chips.map((c) => c.textContent)).to.deep.equal(['@Ana Silva', '@Gone']);
    expect(chips[0]!.getAttribute('data-user-id')).to.equal(ana.id);
    expect(host.textContent).not.to.contain('user:');
  });
});
