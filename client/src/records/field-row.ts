import { html, nothing, type TemplateResult } from 'lit';
import { icons } from '../customer-parts.js';
import type { HighlightController } from '../highlight-controller.js';
import { requiredMark } from './custom-rows.js';
import type { FieldEditController } from './field-edit-controller.js';
import type { FieldSpec } from './field-editor.js';
import { busyBadge, type Viewer } from './viewers.js';

/** What a record page's field row is made of. */
export interface FieldRowParts<F extends string> {
  spec: FieldSpec<F>;
  /** A required custom field (marked beside its label). */
  required: boolean;
  /** Whether its in-place editor is open. */
  editing: boolean;
  /** Fields a colleague just changed: the row flashes and shows the note. */
  highlights: HighlightController;
  /** Who else is on the page (a colleague editing this field is named beside it). */
  viewers: readonly Viewer[];
  /** The in-place editor, while editing. */
  editor: () => TemplateResult;
  /** The value shown while not editing. */
  value: () => unknown;
  /** Opens the editor (the pencil button). */
  edit: () => void;
}

/**
 * One field of a record page's About list (the customer's, the deal's): its label, then its
 * value with a pencil button to edit it in place, or its editor; under it a colleague's change
 * note and who else is editing it.
 */
export function fieldRow<F extends string>(p: FieldRowParts<F>): TemplateResult {
  const { spec, editing } = p;
  const field = spec.name;
  const note = p.highlights.note(field);
  const busy = busyBadge(p.viewers, field);
  const label = spec.label.toLowerCase();
  return html`<div class="row ${p.highlights.flashing(field) ? 'flash' : ''} ${editing ? 'editing' : ''}" data-field=${field}>
    <dt>${editing ? html`<span aria-hidden="true">${spec.label}</span>` : spec.label}${p.required ? requiredMark : nothing}</dt>
    <dd>
      ${editing
        ? p.editor()
        : html`<div class="value">
            ${p.value()}
            <button type="button" class="small ghost icon-button" data-edit=${field} aria-label="Edit ${label}" title="Edit ${label}" @click=${p.edit}>${icons.pencil}</button>
          </div>`}
      ${note || busy !== nothing ? html`<div class="flags">${note ? html`<span class="note">${note}</span>` : nothing} ${busy}</div>` : nothing}
    </dd>
  </div>`;
}

/**
 * A colleague (`who`) changed `fields` of the open record: each row flashes with their name, and
 * an editor open on one keeps their version for "take theirs". Answers what the live region
 * says ("Dana Park changed phone, tier"), or '' when no field shown changed.
 */
export function colleagueChanged<F extends string, R extends { id: string; version: number }>(
  fields: readonly F[],
  who: string,
  theirs: R,
  page: { highlights: HighlightController; inPlace: FieldEditController<F, R>; label: (field: F) => string },
): string {
  for (const field of fields) page.highlights.mark(field, `by ${who}`);
  page.inPlace.colleague(fields, who, theirs);
  return fields.length ? `${who} changed ${fields.map((f) => page.label(f).toLowerCase()).join(', ')}` : '';
}
