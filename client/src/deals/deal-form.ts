import { html, nothing } from 'lit';
import type { Opportunity } from '../../../shared/opportunity.js';
import type { Stage } from '../../../shared/stage.js';
import type { User } from '../../../shared/user.js';
import { textField } from '../fields.js';
import { money } from '../format/money.js';
import { calendarDay } from '../customer-parts.js';
import { dealValues, type DealField, type DealValues } from './deal-fields.js';

/** The deal form's labels (the customer page's deal list). */
export const DEAL_FORM_LABELS: Record<DealField, string> = {
  name: 'Deal name',
  stage: 'Stage',
  amount: 'Amount',
  probability: 'Probability (%)',
  expectedCloseDate: 'Expected close',
  ownerId: 'Owner',
  lostReason: 'Why was it lost?',
};

/** What the deal form shows and calls back. */
export interface DealFormProps {
  editing: Opportunity | 'new';
  values: DealValues;
  errors: Partial<Record<DealField, string>>;
  formError: string;
  changedBy: string;
  saving: boolean;
  team: readonly User[];
  stages: readonly Stage[];
  lost: boolean;
  input(field: DealField, value: string): void;
  submit(event: Event): void;
  close(): void;
}

function selectField(p: DealFormProps, name: 'stage' | 'ownerId', options: { value: string; label: string }[]) {
  const id = `field-${name}`;
  const error = p.errors[name];
  const label = DEAL_FORM_LABELS[name];
  return html`<div class="field" data-field=${name}>
    <label for=${id}>${label}</label>
    <select id=${id} name=${name} aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? `${id}-error` : nothing} @change=${(e: Event) => p.input(name, (e.target as HTMLSelectElement).value)}>
      ${options.map((o) => html`<option value=${o.value} ?selected=${o.value === p.values[name]}>${o.label}</option>`)}
    </select>
    ${error ? html`<p class="error" id="${id}-error"><span aria-hidden="true">⚠</span><span>${label} ${error}.</span></p>` : nothing}
  </div>`;
}

/** The inline form that adds a deal or edits all of one deal's fields at once. */
export function dealForm(p: DealFormProps) {
  const editing = p.editing;
  const title = editing === 'new' ? 'New deal' : `Edit ${editing.name}`;
  const currency = editing === 'new' ? 'USD' : editing.currency;
  const text = (name: DealField, type = 'text', extra: { hint?: string; required?: boolean } = {}) =>
    textField({ name, label: name === 'amount' ? `Amount (${currency})` : DEAL_FORM_LABELS[name], type, error: p.errors[name], value: p.values[name], onInput: (v) => p.input(name, v), ...extra });
  const owners = [{ value: '', label: 'No owner' }, ...p.team.filter((u) => u.active || u.id === p.values.ownerId).map((u) => ({ value: u.id, label: u.name }))];
  const stages = p.stages.map((s) => ({ value: s.key, label: s.name }));
  return html`<form
    class="inline-form"
    aria-label=${title}
    novalidate
    @submit=${p.submit}
    @keydown=${(e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        p.close();
      }
    }}
  >
    ${p.changedBy ? html`<div class="banner info" role="status">${p.changedBy}</div>` : nothing}
    ${p.formError ? html`<div class="banner error-banner" role="alert">${p.formError}</div>` : nothing}
    <div class="grid">${text('name', 'text', { required: true })} ${selectField(p, 'stage', stages)}</div>
    <div class="grid three">
      ${text('amount', 'text', { required: true })} ${text('probability', 'number', { hint: 'Empty: from the stage' })} ${text('expectedCloseDate', 'date')}
    </div>
    <div class="grid">${selectField(p, 'ownerId', owners)} ${p.lost ? html`${text('lostReason', 'text', { required: true })}` : nothing}</div>
    <div class="form-actions">
      <button type="button" class="cancel" ?disabled=${p.saving} @click=${p.close}>Cancel</button>
      <button type="submit" class="primary" ?disabled=${p.saving}>${p.saving ? 'Saving…' : editing === 'new' ? 'Add deal' : 'Save deal'}</button>
    </div>
  </form>`;
}

/** "3 open ($54,000) · 1 won ($12,000)": a customer's deals in a line (sums only when they share a currency). */
export function dealsSummary(deals: readonly Opportunity[], kindOf: (stage: string) => Stage['kind']): string {
  if (!deals.length) return '';
  const open = deals.filter((d) => kindOf(d.stage) === 'open');
  const won = deals.filter((d) => kindOf(d.stage) === 'won');
  const currency = deals[0]!.currency;
  const single = deals.every((d) => d.currency === currency);
  const sum = (list: Opportunity[]) => money(list.reduce((total, d) => total + d.amount, 0), currency);
  const parts = [`${open.length} open${single && open.length ? ` (${sum(open)})` : ''}`];
  if (won.length) parts.push(`${won.length} won${single ? ` (${sum(won)})` : ''}`);
  return parts.join(' · ');
}

/** A save refused because a colleague changed the same fields first. */
export interface RowConflict {
  current: Opportunity;
  patch: Record<string, unknown>;
  who: string;
}

/** "Lost: budget cut", "Won Dec 3, 2026" beside a closed deal's name. */
export function dealOutcome(deal: Opportunity, kind: Stage['kind'] | undefined) {
  if (kind === 'lost') return html`<span class="outcome lost">Lost${deal.lostReason ? `: ${deal.lostReason}` : ''}</span>`;
  if (kind === 'won' && deal.closedAt) return html`<span class="outcome won">Won ${calendarDay(deal.closedAt)}</span>`;
  return nothing;
}

/** "moved it to Proposal, changed the amount (usd) to 52000": what a colleague did to the fields the rep saved. */
export function conflictChanges(conflict: RowConflict, stageName: (key: string) => string): string {
  return Object.keys(conflict.patch)
    .map((f) => {
      const field = f as DealField;
      const theirs = field === 'stage' ? stageName(conflict.current.stage) : (dealValues(conflict.current)[field] ?? '');
      return field === 'stage' ? `moved it to ${theirs}` : `changed the ${DEAL_FORM_LABELS[field]?.toLowerCase() ?? field} to ${theirs || 'nothing'}`;
    })
    .join(', ');
}

/** The banner under a deal's row: a save it could not make, or a colleague's change to keep or take. */
export function dealRowBanner(deal: Opportunity, conflict: RowConflict | undefined, error: string | undefined, stageName: (key: string) => string, h: { keep(id: string): void; take(id: string): void }) {
  if (!conflict && !error) return nothing;
  if (!conflict) return html`<tr class="row-banner"><td colspan="7"><div class="banner error-banner" role="alert">${error}</div></td></tr>`;
  return html`<tr class="row-banner">
    <td colspan="7">
      <div class="banner warning conflict" role="alert">
        <p><strong>${conflict.who}</strong> ${conflictChanges(conflict, stageName)} before you saved. Keep yours, or take theirs?</p>
        <div class="choice">
          <button type="button" class="small primary keep" @click=${() => h.keep(deal.id)}>Keep yours</button>
          <button type="button" class="small take" @click=${() => h.take(deal.id)}>Take theirs</button>
        </div>
      </div>
    </td>
  </tr>`;
}
