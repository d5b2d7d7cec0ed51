import { css, html, nothing, type TemplateResult } from 'lit';
import '../components/shoal-confirm-dialog.js';

/** What the question before a delete shows and does. */
export interface DeleteQuestion {
  open: boolean;
  /** "Delete Fleet renewal?" */
  heading: string;
  /** The confirm button's words ("Delete deal"); "Deleting…" while busy. */
  confirmLabel: string;
  busy: boolean;
  /** Why the delete was refused (a colleague's change since, the connection). */
  error: string;
  confirm: () => void;
  cancel: () => void;
}

/** The question's styles: its host has no box of its own; the record's name stands out; a refusal is red. */
export const deleteQuestionStyles = css`
  :host {
    display: contents;
  }
  .delete-error {
    margin: 0.75rem 0 0;
    color: var(--shoal-danger, #b42318);
  }
  strong {
    color: var(--shoal-text, #1b2430);
  }
`;

/**
 * The question before deleting a record (a customer with its parts, a deal): the modal confirm
 * dialog, danger-styled, with what goes (`body`) and a refusal under it. Cancel has the focus
 * first, so Enter never deletes by accident.
 */
export function deleteQuestion(q: DeleteQuestion, body: TemplateResult): TemplateResult {
  return html`<shoal-confirm-dialog
    .open=${q.open}
    heading=${q.heading}
    confirm-label=${q.busy ? 'Deleting…' : q.confirmLabel}
    danger
    ?busy=${q.busy}
    @shoal-confirm=${q.confirm}
    @shoal-cancel=${(e: Event) => {
      e.stopPropagation();
      q.cancel();
    }}
  >
    <p style="margin: 0">${body}</p>
    ${q.error ? html`<p class="delete-error" role="alert">${q.error}</p>` : nothing}
  </shoal-confirm-dialog>`;
}
