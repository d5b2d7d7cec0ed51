import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ApiToken, CreatedToken } from '../../../shared/user.js';
import { fullDate, timeAgo } from '../format/dates.js';
import { base, columnHead, forms } from '../styles.js';
import './shoal-confirm-dialog.js';

/** Detail of `shoal-token-create`. */
export interface TokenCreateDetail {
  name: string;
}

/** Detail of `shoal-token-revoke`. */
export interface TokenRevokeDetail {
  id: string;
  name: string;
}

/** The curl line that tries a token out. */
export const curlExample = (token: string, origin: string) => `curl -H "Authorization: Bearer ${token}" ${origin}/api/customers`;

/**
 * A person's personal API tokens: the list (name, created, last used), a form to create
 * one, and revoking one after a confirmation. A newly created token (`revealed`) is shown
 * once, in a copyable field with a curl example, until the person closes it; nothing can
 * show it again.
 *
 * @fires shoal-token-create - The person asked for a new token. Detail: `{ name }`.
 * @fires shoal-token-revoke - The person confirmed revoking a token. Detail: `{ id, name }`.
 */
@customElement('shoal-token-list')
export class ShoalTokenList extends LitElement {
  static override styles = [
    base,
    forms,
    css`
      :host {
        display: block;
      }
      .create {
        display: flex;
        flex-wrap: wrap;
        align-items: flex-start;
        gap: 0.5rem 0.75rem;
      }
      .create .field {
        flex: 1 1 16rem;
        max-width: 26rem;
      }
      .create button {
        margin-top: 1.6875rem;
      }
      .secret {
        margin: 1.25rem 0 0;
        padding: 1rem 1.125rem;
        border-radius: 0.75rem;
        border: 1px solid #fedf89;
        background: #fffcf2;
      }
      .secret h3 {
        margin: 0 0 0.375rem;
        font-size: 1rem;
      }
      .secret .warning {
        margin: 0 0 0.875rem;
        color: #7a2e0e;
        font-size: 0.875rem;
        line-height: 1.45;
      }
      .copy-row {
        display: flex;
        gap: 0.5rem;
      }
      .copy-row input,
      .copy-row textarea {
        flex: 1;
        min-width: 0;
        font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
        font-size: 0.8125rem;
        background: #fff;
      }
      .copy-row textarea {
        resize: none;
        min-height: 3.75rem;
      }
      .secret .field + .field {
        margin-top: 0.75rem;
      }
      .secret-actions {
        display: flex;
        align-items: center;
        gap: 0.75rem;
        margin-top: 1rem;
      }
      .copied {
        font-size: 0.8125rem;
        color: #067647;
        font-weight: 600;
      }
      table {
        width: 100%;
        border-collapse: collapse;
        margin-top: 1.25rem;
        font-size: 0.9rem;
      }
      th,
      td {
        text-align: left;
        padding: 0.625rem 0.75rem;
        border-bottom: 1px solid var(--shoal-border, #e3e8ee);
      }
      thead th {
        ${columnHead}
        background: var(--shoal-surface-muted, #f7f9fb);
      }
      td.actions {
        text-align: right;
      }
      .muted {
        color: var(--shoal-muted, #536171);
      }
      .empty {
        margin: 1.25rem 0 0;
        color: var(--shoal-muted, #536171);
      }
      button.revoke {
        color: var(--shoal-danger, #b42318);
      }
      @media (max-width: 40rem) {
        .created-col {
          display: none;
        }
      }
    `,
  ];

  /** The tokens to list (never with their secrets). */
  @property({ attribute: false })
  tokens: ApiToken[] = [];

  /** A token just created, with its secret, to show this once. */
  @property({ attribute: false })
  revealed: CreatedToken | undefined;

  /** The server's address for the curl example (default: this page's origin). */
  @property()
  origin = globalThis.location?.origin ?? '';

  /** A token is being created: the create button waits. */
  @property({ type: Boolean })
  busy = false;

  /** Why the last create or revoke failed, in words. */
  @property()
  error = '';

  @state() private name = '';
  @state() private nameError = '';
  @state() private revoking: ApiToken | undefined;
  @state() private copied: '' | 'token' | 'curl' = '';

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('revealed') && this.revealed) {
      this.name = '';
      this.copied = '';
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('revealed') && this.revealed) this.renderRoot.querySelector<HTMLInputElement>('#token-secret')?.select();
  }

  #create(event: Event): void {
    event.preventDefault();
    const name = this.name.trim();
    if (!name) {
      this.nameError = 'is required';
      this.renderRoot.querySelector<HTMLInputElement>('#field-token-name')?.focus();
      return;
    }
    if (this.busy) return;
    this.dispatchEvent(new CustomEvent<TokenCreateDetail>('shoal-token-create', { detail: { name }, bubbles: true, composed: true }));
  }

  #confirmRevoke(): void {
    const token = this.revoking;
    if (!token) return;
    this.revoking = undefined;
    this.dispatchEvent(new CustomEvent<TokenRevokeDetail>('shoal-token-revoke', { detail: { id: token.id, name: token.name }, bubbles: true, composed: true }));
  }

  async #copy(what: 'token' | 'curl', selector: string): Promise<void> {
    const field = this.renderRoot.querySelector<HTMLInputElement | HTMLTextAreaElement>(selector);
    if (!field) return;
    try {
      await navigator.clipboard.writeText(field.value);
    } catch {
      // No clipboard API (plain HTTP on a LAN address): select it and copy the old way.
      field.select();
      document.execCommand('copy');
    }
    this.copied = what;
  }

  #dismiss(): void {
    this.revealed = undefined;
    this.copied = '';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('#field-token-name')?.focus());
  }

  #secret() {
    const token = this.revealed;
    if (!token) return nothing;
    return html`<section class="secret" aria-labelledby="secret-title">
      <h3 id="secret-title">Copy your new token “${token.name}” now</h3>
      <p class="warning" id="secret-warning">
        <strong>This is the only time Shoal shows this token.</strong> Store it somewhere safe, such as a password manager. If you lose it, revoke it
        and create a new one.
      </p>
      <div class="field">
        <label for="token-secret">Token</label>
        <div class="copy-row">
          <input id="token-secret" readonly .value=${token.token} aria-describedby="secret-warning" spellcheck="false" />
          <button type="button" class="copy-token" @click=${() => void this.#copy('token', '#token-secret')}>Copy</button>
        </div>
      </div>
      <div class="field">
        <label for="token-curl">Try it</label>
        <div class="copy-row">
          <textarea id="token-curl" readonly .value=${curlExample(token.token, this.origin)} spellcheck="false" rows="2"></textarea>
          <button type="button" class="copy-curl" @click=${() => void this.#copy('curl', '#token-curl')}>Copy</button>
        </div>
      </div>
      <div class="secret-actions">
        <button type="button" class="primary done" @click=${() => this.#dismiss()}>I've stored it, hide the token</button>
        <span class="copied" role="status">${this.copied === 'token' ? 'Token copied' : this.copied === 'curl' ? 'Example copied' : ''}</span>
      </div>
    </section>`;
  }

  #table() {
    if (this.tokens.length === 0) return html`<p class="empty">You have no API tokens yet.</p>`;
    return html`<table>
      <caption class="visually-hidden">Your API tokens</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col" class="created-col">Created</th>
          <th scope="col">Last used</th>
          <th scope="col"><span class="visually-hidden">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        ${this.tokens.map(
          (t) => html`<tr data-id=${t.id}>
            <th scope="row">${t.name}</th>
            <td class="created-col"><time datetime=${t.createdAt} title=${fullDate(t.createdAt)}>${timeAgo(t.createdAt)}</time></td>
            <td>${t.lastUsedAt ? html`<time datetime=${t.lastUsedAt} title=${fullDate(t.lastUsedAt)}>${timeAgo(t.lastUsedAt)}</time>` : html`<span class="muted">Never</span>`}</td>
            <td class="actions">
              <button type="button" class="small ghost revoke" aria-label="Revoke ${t.name}" @click=${() => (this.revoking = t)}>Revoke</button>
            </td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  protected override render() {
    const nameId = 'field-token-name';
    return html`${this.error ? html`<div class="banner error-banner" role="alert"><p>${this.error}</p></div>` : nothing}
      <form class="create" novalidate @submit=${(e: Event) => this.#create(e)}>
        <div class="field">
          <label for=${nameId}>Token name</label>
          <input
            id=${nameId}
            name="token-name"
            .value=${this.name}
            maxlength="100"
            autocomplete="off"
            aria-invalid=${this.nameError ? 'true' : 'false'}
            aria-describedby="${nameId}-${this.nameError ? 'error' : 'hint'}"
            @input=${(e: Event) => {
              this.name = (e.target as HTMLInputElement).value;
              this.nameError = '';
            }}
          />
          ${this.nameError
            ? html`<p class="error" id="${nameId}-error"><span aria-hidden="true">⚠</span><span>Token name ${this.nameError}.</span></p>`
            : html`<p class="hint" id="${nameId}-hint">Name it after the script or integration that uses it.</p>`}
        </div>
        <button type="submit" class="primary create-token" ?disabled=${this.busy}>${this.busy ? 'Creating…' : 'Create token'}</button>
      </form>
      ${this.#secret()} ${this.#table()}
      <shoal-confirm-dialog
        .open=${this.revoking !== undefined}
        heading="Revoke “${this.revoking?.name ?? ''}”?"
        confirm-label="Revoke token"
        danger
        @shoal-confirm=${(e: Event) => {
          e.stopPropagation();
          this.#confirmRevoke();
        }}
        @shoal-cancel=${(e: Event) => {
          e.stopPropagation();
          this.revoking = undefined;
        }}
      >
        <p style="margin: 0">Scripts and integrations that use this token stop working at once. This can't be undone.</p>
      </shoal-confirm-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-token-list': ShoalTokenList;
  }
  interface GlobalEventHandlersEventMap {
    'shoal-token-create': CustomEvent<TokenCreateDetail>;
    'shoal-token-revoke': CustomEvent<TokenRevokeDetail>;
  }
}
