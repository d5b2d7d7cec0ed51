import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { MAX_NAME_LENGTH } from '../identity.js';
import { base } from '../styles.js';

/** Detail of `shoal-rep-name`. */
export interface RepNameDetail {
  name: string;
}

/**
 * Asks the rep for the name colleagues see next to their changes. On a first visit it
 * cannot be dismissed (`required`); later it changes the name.
 *
 * @fires shoal-rep-name - The rep chose a name. Detail: `{ name }`.
 * @fires shoal-close - The rep closed the dialog without changing the name.
 */
@customElement('shoal-rep-name-dialog')
export class ShoalRepNameDialog extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: contents;
      }
      dialog {
        width: min(26rem, calc(100vw - 1.5rem));
      }
      p {
        margin: 0.25rem 0 1rem;
        color: var(--shoal-muted, #536171);
        line-height: 1.5;
      }
      label {
        display: block;
        font-weight: 600;
        font-size: 0.875rem;
        margin-bottom: 0.3125rem;
      }
      .error {
        color: var(--shoal-danger, #b42318);
        font-size: 0.8125rem;
        margin: 0.3125rem 0 0;
      }
    `,
  ];

  /** Whether the dialog is shown. */
  @property({ type: Boolean, reflect: true })
  open = false;

  /** The current name, to start from. */
  @property()
  name = '';

  /** A first visit: the rep must pick a name (no Cancel, Escape does nothing). */
  @property({ type: Boolean })
  required = false;

  @state() private value = '';
  @state() private error = '';

  @query('dialog') private dialog!: HTMLDialogElement;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('open') && this.open) {
      this.value = this.name;
      this.error = '';
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('open')) return;
    if (this.open && !this.dialog.open) {
      this.dialog.showModal();
      const input = this.renderRoot.querySelector('input');
      input?.focus();
      input?.select();
    } else if (!this.open && this.dialog.open) this.dialog.close();
  }

  #cancel(event?: Event): void {
    event?.preventDefault();
    if (this.required) return;
    this.open = false;
    this.dispatchEvent(new CustomEvent('shoal-close', { bubbles: true, composed: true }));
  }

  #submit(event: Event): void {
    event.preventDefault();
    const name = this.value.trim();
    if (!name) {
      this.error = 'Please enter your name.';
      this.renderRoot.querySelector('input')?.focus();
      return;
    }
    this.open = false;
    this.dispatchEvent(new CustomEvent<RepNameDetail>('shoal-rep-name', { detail: { name }, bubbles: true, composed: true }));
  }

  protected override render() {
    return html`<dialog aria-labelledby="rep-title" @cancel=${(e: Event) => this.#cancel(e)}>
      <form novalidate @submit=${(e: Event) => this.#submit(e)}>
        <div class="dialog-head">
          <h2 id="rep-title">${this.required ? 'Welcome to Shoal' : 'Change your name'}</h2>
        </div>
        <div class="dialog-body">
          <p>Your colleagues see this name next to the changes you make.</p>
          <label for="rep-name">Your name</label>
          <input
            id="rep-name"
            name="rep-name"
            autocomplete="name"
            maxlength=${MAX_NAME_LENGTH}
            .value=${this.value}
            aria-invalid=${this.error ? 'true' : 'false'}
            aria-describedby=${this.error ? 'rep-name-error' : nothing}
            @input=${(e: Event) => {
              this.value = (e.target as HTMLInputElement).value;
              this.error = '';
            }}
          />
          ${this.error ? html`<p class="error" id="rep-name-error">${this.error}</p>` : nothing}
        </div>
        <div class="dialog-actions">
          ${this.required ? nothing : html`<button type="button" @click=${() => this.#cancel()}>Cancel</button>`}
          <button type="submit" class="primary">${this.required ? 'Start' : 'Save'}</button>
        </div>
      </form>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-rep-name-dialog': ShoalRepNameDialog;
  }
  interface GlobalEventHandlersEventMap {
    'shoal-rep-name': CustomEvent<RepNameDetail>;
  }
}
