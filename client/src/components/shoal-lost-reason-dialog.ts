import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { LOST_REASONS } from '../../../shared/lost-reasons.js';
import { base, dialogHost, forms } from '../styles.js';

/** Detail of `shoal-lost-reason`. */
export interface LostReasonDetail {
  reason: string;
}


/**
 * Asks why a deal was lost before it moves to a lost stage: a common reason, or one in the
 * rep's own words. Nothing moves until the rep confirms; Cancel and Escape leave the deal
 * where it was.
 *
 * @fires shoal-lost-reason - The rep confirmed. Detail: `{ reason }`.
 * @fires shoal-cancel - The rep cancelled (button or Escape).
 */
@customElement('shoal-lost-reason-dialog')
export class ShoalLostReasonDialog extends LitElement {
  static override styles = [
    base,
    forms,
    css`
      ${dialogHost(28)}
      fieldset {
        border: none;
        margin: 0;
        padding: 0;
      }
      legend {
        font-size: 0.9375rem;
        line-height: 1.5;
        color: var(--shoal-muted, #536171);
        margin-bottom: 0.75rem;
        padding: 0;
      }
      .choice {
        display: flex;
        align-items: center;
        gap: 0.625rem;
        margin: 0;
        padding: 0.4375rem 0.5rem;
        border-radius: 0.5rem;
        font-weight: 500;
        cursor: pointer;
      }
      .choice:hover {
        background: var(--shoal-hover, #f1f4f7);
      }
      .choice input {
        width: 1.0625rem;
        height: 1.0625rem;
        min-height: 0;
        margin: 0;
        accent-color: var(--shoal-primary, #0b6e99);
      }
      .other {
        margin: 0.375rem 0 0 2.25rem;
      }
    `,
  ];

  /** Whether the dialog is shown. */
  @property({ type: Boolean, reflect: true })
  open = false;

  /** The deal's name, for the title. */
  @property({ attribute: 'deal-name' })
  dealName = '';

  /** The lost stage's name ("Closed Lost"). */
  @property({ attribute: 'stage-name' })
  stageName = 'Closed Lost';

  @state() private choice = '';
  @state() private other = '';
  @state() private error = '';

  @query('dialog') private dialog!: HTMLDialogElement;

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('open')) return;
    if (this.open && !this.dialog.open) {
      this.choice = '';
      this.other = '';
      this.error = '';
      this.dialog.showModal();
      this.renderRoot.querySelector<HTMLInputElement>('input[type="radio"]')?.focus();
    } else if (!this.open && this.dialog.open) this.dialog.close();
  }

  #cancel(): void {
    this.open = false;
    this.dispatchEvent(new CustomEvent('shoal-cancel', { bubbles: true, composed: true }));
  }

  #confirm(event: Event): void {
    event.preventDefault();
    const reason = this.choice === 'other' ? this.other.trim() : this.choice;
    if (!reason) {
      this.error = this.choice === 'other' ? 'Say in a few words why the deal was lost.' : 'Choose why the deal was lost.';
      return;
    }
    this.open = false;
    this.dispatchEvent(new CustomEvent<LostReasonDetail>('shoal-lost-reason', { detail: { reason: reason.slice(0, 500) }, bubbles: true, composed: true }));
  }

  #choose(value: string): void {
    this.choice = value;
    this.error = '';
    if (value === 'other') void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('#other')?.focus());
  }

  protected override render() {
    return html`<dialog
      aria-labelledby="lost-title"
      @cancel=${(e: Event) => {
        e.preventDefault();
        this.#cancel();
      }}
    >
      <form novalidate @submit=${(e: Event) => this.#confirm(e)}>
        <div class="dialog-head"><h2 id="lost-title">Why was ${this.dealName || 'this deal'} lost?</h2></div>
        <div class="dialog-body">
          <fieldset aria-describedby=${this.error ? 'lost-error' : nothing}>
            <legend>It moves to ${this.stageName} with the reason, for everyone and for the win/loss report.</legend>
            ${LOST_REASONS.map(
              (reason) => html`<label class="choice">
                <input type="radio" name="reason" .value=${reason} .checked=${this.choice === reason} @change=${() => this.#choose(reason)} />${reason}
              </label>`,
            )}
            <label class="choice"><input type="radio" name="reason" value="other" .checked=${this.choice === 'other'} @change=${() => this.#choose('other')} />Other</label>
            ${this.choice === 'other'
              ? html`<div class="other">
                  <label for="other" class="visually-hidden">Other reason</label>
                  <input
                    id="other"
                    maxlength="500"
                    placeholder="In a few words"
                    aria-invalid=${this.error ? 'true' : 'false'}
                    .value=${this.other}
                    @input=${(e: Event) => {
                      this.other = (e.target as HTMLInputElement).value;
                      this.error = '';
                    }}
                  />
                </div>`
              : nothing}
          </fieldset>
          ${this.error ? html`<p class="error" id="lost-error" role="alert"><span aria-hidden="true">⚠</span><span>${this.error}</span></p>` : nothing}
        </div>
        <div class="dialog-actions">
          <button type="button" class="cancel" @click=${() => this.#cancel()}>Cancel</button>
          <button type="submit" class="danger confirm">Mark as lost</button>
        </div>
      </form>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-lost-reason-dialog': ShoalLostReasonDialog;
  }
  interface GlobalEventHandlersEventMap {
    'shoal-lost-reason': CustomEvent<LostReasonDetail>;
  }
}
