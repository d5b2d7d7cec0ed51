import { css, html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';

/** What a form dialog's frame shows around its fields. */
export interface DialogFrame {
  /** The title's id (the dialog is labelled by it). */
  titleId: string;
  heading: unknown;
  /** A line under the title. */
  intro?: unknown;
  /** A message over the fields (a refusal that names no field). */
  error?: string | undefined;
  saving: boolean;
  /** The submit button's words ("Add task"); "Saving…" while saving. */
  submitLabel: string;
  /** Extra classes of the submit button. */
  submitClass?: string;
  cancel: () => void;
  submit: (event: Event) => void;
}

/**
 * The frame of a modal form dialog (the `dialogForm` styles): a title with an intro line, the
 * fields under a message for what names no field, and Cancel and submit at the foot. Escape
 * cancels through `cancel` (the dialog never closes by itself, so a draft is not lost silently).
 */
export function dialogFrame(frame: DialogFrame, fields: TemplateResult): TemplateResult {
  return html`<dialog
    aria-labelledby=${frame.titleId}
    @cancel=${(e: Event) => {
      e.preventDefault();
      frame.cancel();
    }}
  >
    <form novalidate @submit=${frame.submit}>
      <div class="dialog-head">
        <h2 id=${frame.titleId}>${frame.heading}</h2>
        ${frame.intro ? html`<p class="intro">${frame.intro}</p>` : nothing}
      </div>
      <div class="dialog-body">
        ${frame.error ? html`<div class="banner error-banner" role="alert"><p>${frame.error}</p></div>` : nothing}
        ${fields}
      </div>
      <div class="dialog-actions">
        <button type="button" class="cancel" ?disabled=${frame.saving} @click=${frame.cancel}>Cancel</button>
        <button type="submit" class="primary ${frame.submitClass ?? ''}" ?disabled=${frame.saving}>${frame.saving ? 'Saving…' : frame.submitLabel}</button>
      </div>
    </form>
  </dialog>`;
}

/** A modal dialog's host: no box of its own; the dialog as wide as `--shoal-dialog-width` allows on the screen. */
export const dialogHost = css`
  :host {
    display: contents;
  }
  dialog {
    width: min(var(--shoal-dialog-width, 32rem), calc(100vw - 1.5rem));
  }
`;

/**
 * Closes a modal dialog from the inside (Cancel, Escape, Close): `open` turns false and the page
 * hears `shoal-close`; nothing happens while `busy` (a save under way), so no answer is lost.
 */
export function closeModal(host: HTMLElement & { open: boolean }, busy = false): void {
  if (busy) return;
  host.open = false;
  host.dispatchEvent(new CustomEvent('shoal-close', { bubbles: true, composed: true }));
}

/**
 * Shows the host's `<dialog>` as a modal while `open()` is true and closes it when it turns
 * false; `opened` runs once it shows (to focus the first field).
 */
export class ModalController implements ReactiveController {
  constructor(
    private readonly host: ReactiveControllerHost & { renderRoot: ParentNode },
    private readonly open: () => boolean,
    private readonly opened: () => void = () => undefined,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const dialog = this.host.renderRoot.querySelector('dialog');
    if (!dialog) return;
    if (this.open() && !dialog.open) {
      dialog.showModal();
      this.opened();
    } else if (!this.open() && dialog.open) dialog.close();
  }
}
