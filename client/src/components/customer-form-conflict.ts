import { css, html } from 'lit';
import type { Customer } from '../../../shared/customer.js';
import type { FieldDefinition } from '../../../shared/field.js';
import type { User } from '../../../shared/user.js';
import { customInput, customText } from '../lists/custom-values.js';
import type { CustomDrafts } from '../lists/custom-form.js';

/** What the customer form's 412 banner shows and can do. */
export interface FormConflict {
  who: string;
  current: Customer;
  /** The fields that changed since the rep's version (`custom.<key>` for a custom one). */
  fields: string[];
  labels: Record<string, string>;
  defs: readonly FieldDefinition[];
  users: readonly User[];
  /** The rep's text of a built-in field. */
  mine(field: string): string;
  custom: CustomDrafts;
  saving: boolean;
  reload(): void;
  overwrite(event: Event): void;
}

/** A built-in field's value of the saved customer, in words. */
function theirs(field: string, customer: Customer): string {
  const value = (customer as Record<string, unknown>)[field];
  if (Array.isArray(value)) return value.join(', ');
  return typeof value === 'string' ? value : '';
}

/**
 * The banner of a save refused because a colleague saved the same fields first: their value
 * beside the rep's for each, then Reload their version or Overwrite with mine.
 */
export function conflictBanner(c: FormConflict) {
  const row = (field: string) => {
    const def = field.startsWith('custom.') ? c.defs.find((d) => `custom.${d.key}` === field) : undefined;
    const label = def?.label ?? c.labels[field] ?? field;
    const saved = def ? customText(def, c.current.custom?.[def.key], c.users) : theirs(field, c.current);
    const draft = def ? c.custom[def.key] : undefined;
    const mine = def ? (draft === undefined ? '' : customText(def, customInput(def, draft), c.users)) : c.mine(field);
    return html`<tr>
      <th scope="row">${label}</th>
      <td>${saved || html`<em>empty</em>`}</td>
      <td>${mine || html`<em>empty</em>`}</td>
    </tr>`;
  };
  return html`<div class="banner conflict" role="alert">
    <h3>${c.who} saved this customer while you were editing</h3>
    <p>Your changes were not saved, so nothing was overwritten. Compare the values and choose what to keep.</p>
    <table>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Their value (saved)</th>
          <th scope="col">Your value</th>
        </tr>
      </thead>
      <tbody>
        ${c.fields.map(row)}
      </tbody>
    </table>
    <div class="conflict-actions">
      <button type="button" class="reload" @click=${() => c.reload()} ?disabled=${c.saving}>Reload their version</button>
      <button type="button" class="danger overwrite" @click=${(e: Event) => c.overwrite(e)} ?disabled=${c.saving}>Overwrite with mine</button>
    </div>
  </div>`;
}

export const conflictStyles = css`
  .banner {
    border-radius: 0.625rem;
    padding: 0.875rem 1rem;
    margin-bottom: 1rem;
    font-size: 0.9rem;
  }
  .banner p {
    margin: 0 0 0.5rem;
  }
  .banner p:last-child {
    margin-bottom: 0;
  }
  .banner.conflict {
    background: #fffaeb;
    border: 1px solid #fedf89;
    color: #7a2e0e;
  }
  .conflict h3 {
    margin: 0 0 0.375rem;
    font-size: 1rem;
  }
  .conflict table {
    width: 100%;
    border-collapse: collapse;
    margin: 0.5rem 0 0.75rem;
    font-size: 0.875rem;
    background: #fff;
    border-radius: 0.375rem;
    overflow: hidden;
  }
  .conflict th,
  .conflict td {
    text-align: left;
    padding: 0.375rem 0.5rem;
    border-bottom: 1px solid #fde9b8;
    vertical-align: top;
    overflow-wrap: anywhere;
  }
  .conflict-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
`;
