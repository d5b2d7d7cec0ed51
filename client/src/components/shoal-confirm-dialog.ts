import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { base, dialogHost } from '../styles.js';

/**
 * A modal question with a confirm and a cancel button (used before deleting). The cancel
 * button has the focus first, so Enter never destroys anything by accident.
 *
 * @fires shoal-confirm - The rep confirmed.
 * @fires shoal-cancel - The rep cancelled (button or Escape).
 * @slot - The question's details.
 */
@customElement('shoal-confirm-dialog')
export class ShoalConfirmDialog extends LitElement {
  static override styles = [
    base,
    css`
      ${dialogHost(28)}
      .dialog-body {
        color: var(--shoal-muted, #536171);
        line-height: 1.5;
      }
    `,
  ];

  /** Whether the dialog is shown. */
  @property({ type: Boolean, reflect: true })
  open = false;

  /** The question, as the dialog's title. */
  @property()
  heading = 'Are you sure?';

  /** Text of the confirm button. */
  @property({ attribute: 'confirm-label' })
  confirmLabel = 'Confirm';

  /** Shows the confirm button as destructive. */
  @property({ type: Boolean })
  danger = false;

  /** Disables the buttons while the confirmed action runs. */
  @property({ type: Boolean })
  busy = false;

  @query('dialog') private dialog!: HTMLDialogElement;

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('open')) return;
    if (this.open && !this.dialog.open) {
      this.dialog.showModal();
      this.renderRoot.querySelector<HTMLButtonElement>('button.cancel')?.focus();
    } else if (!this.open && this.dialog.open) this.dialog.close();
  }

  #answer(type: 'shoal-confirm' | 'shoal-cancel'): void {
    if (this.busy) return;
    if (type === 'shoal-cancel') this.open = false;
    this.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true }));
  }

  protected override render() {
    return html`<dialog
      aria-labelledby="confirm-title"
      aria-describedby="confirm-body"
      @cancel=${(e: Event) => {
        e.preventDefault();
        this.#answer('shoal-cancel');
      }}
    >
      <div class="dialog-head"><h2 id="confirm-title">${this.heading}</h2></div>
      <div class="dialog-body" id="confirm-body"><slot></slot></div>
      <div class="dialog-actions">
        <button type="button" class="cancel" ?disabled=${this.busy} @click=${() => this.#answer('shoal-cancel')}>Cancel</button>
        <button type="button" class="confirm ${this.danger ? 'danger' : 'primary'}" ?disabled=${this.busy} @click=${() => this.#answer('shoal-confirm')}>
          ${this.confirmLabel}
        </button>
      </div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-confirm-dialog': ShoalConfirmDialog;
  }
  interface GlobalEventHandlersEventMap {
    'shoal-confirm': CustomEvent<void>;
    'shoal-cancel': CustomEvent<void>;
  }
}
