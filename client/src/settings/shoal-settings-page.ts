import { consume } from '@lit/context';
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { User } from '../../../shared/user.js';
import { userContext } from '../context.js';
import { isPlainClick, paths } from '../shell/routes.js';
import { base, card, pageHead } from '../styles.js';
import './shoal-field-settings.js';
import './shoal-pipeline-settings.js';

/** The sections of the settings, each at its own address. */
export type SettingsSection = 'fields' | 'pipelines';

const SECTIONS: ReadonlyArray<{ section: SettingsSection; label: string; path: string }> = [
  { section: 'fields', label: 'Custom fields', path: paths.settingsFields() },
  { section: 'pipelines', label: 'Pipelines', path: paths.settingsPipelines() },
];

/**
 * The admins' settings (SPEC section 12): custom fields and pipelines, one section at a time,
 * each at its own address. A sales rep who opens the address is told that only admins change
 * these, and nothing is loaded.
 *
 * @fires shoal-navigate - A section link was followed. Detail: `{ path }`.
 */
@customElement('shoal-settings-page')
export class ShoalSettingsPage extends LitElement {
  static override styles = [
    base,
    card,
    pageHead,
    css`
      :host {
        display: block;
      }
      nav ul {
        list-style: none;
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
        margin: 0 0 1.25rem;
        padding: 0;
        border-bottom: 1px solid var(--shoal-border, #e3e8ee);
      }
      nav a {
        display: inline-block;
        padding: 0.5rem 0.75rem;
        color: var(--shoal-muted, #536171);
        text-decoration: none;
        font-weight: 600;
        font-size: 0.9375rem;
        border-bottom: 2px solid transparent;
        margin-bottom: -1px;
      }
      nav a[aria-current='page'] {
        color: var(--shoal-text, #1b2733);
        border-bottom-color: var(--shoal-primary, #0b6e99);
      }
      nav a:focus-visible {
        outline: 2px solid var(--shoal-primary, #0b6e99);
        outline-offset: 2px;
      }
      .only-admins {
        padding: 1.5rem;
        line-height: 1.5;
      }
      .only-admins h2 {
        margin: 0 0 0.375rem;
        font-size: 1.0625rem;
      }
      .only-admins p {
        margin: 0;
        color: var(--shoal-muted, #536171);
      }
    `,
  ];

  /** The signed-in user (from `<shoal-app>`): only admins see the settings. */
  @consume({ context: userContext, subscribe: true })
  @property({ attribute: false })
  user: User | undefined;

  /** Which section shows. */
  @property() section: SettingsSection = 'fields';

  #follow(event: MouseEvent, path: string): void {
    if (!isPlainClick(event)) return;
    event.preventDefault();
    this.dispatchEvent(new CustomEvent('shoal-navigate', { detail: { path }, bubbles: true, composed: true }));
  }

  protected override render() {
    const head = html`<div class="page-head">
      <div>
        <h1 tabindex="-1">Settings</h1>
        <p class="subtitle">Shape Shoal to your team: the fields it keeps and the pipelines it sells through.</p>
      </div>
    </div>`;
    if (!this.user) return head;
    if (this.user.role !== 'admin')
      return html`${head}
        <div class="card only-admins" role="status">
          <h2>Only admins can change the settings</h2>
          <p>Custom fields and pipelines are set up by your team's admins. Ask one of them if a field or a stage is missing.</p>
        </div>`;
    return html`${head}
      <nav aria-label="Settings">
        <ul>
          ${SECTIONS.map(
            (s) => html`<li><a href=${s.path} aria-current=${s.section === this.section ? 'page' : 'false'} @click=${(e: MouseEvent) => this.#follow(e, s.path)}>${s.label}</a></li>`,
          )}
        </ul>
      </nav>
      ${this.section === 'pipelines' ? html`<shoal-pipeline-settings></shoal-pipeline-settings>` : html`<shoal-field-settings></shoal-field-settings>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-settings-page': ShoalSettingsPage;
  }
}
