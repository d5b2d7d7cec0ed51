import type { Opportunity } from '../../../shared/opportunity.js';
import { AMOUNT_ERROR, parseAmount } from '../format/money.js';

/** The deal fields its page edits, in the order it shows them (`name` is edited in the head). */
export type DealField = 'name' | 'stage' | 'amount' | 'probability' | 'expectedCloseDate' | 'ownerId' | 'lostReason';

export const DEAL_FIELDS: readonly DealField[] = ['name', 'stage', 'amount', 'probability', 'expectedCloseDate', 'ownerId', 'lostReason'];

export const DEAL_LABELS: Record<DealField, string> = {
  name: 'Deal name',
  stage: 'Stage',
  amount: 'Amount',
  probability: 'Probability',
  expectedCloseDate: 'Expected close',
  ownerId: 'Owner',
  lostReason: 'Lost because',
};

/** A field's value as its input shows it. */
export function dealText(deal: Opportunity | undefined, field: DealField): string {
  if (!deal) return '';
  switch (field) {
    case 'amount':
      return String(deal.amount);
    case 'probability':
      return String(deal.probability);
    case 'expectedCloseDate':
      return deal.expectedCloseDate?.slice(0, 10) ?? '';
    default:
      return (deal[field] as string | undefined) ?? '';
  }
}

/** A field's text as the API takes it (null clears it), or the error to show ("is required"). */
export function dealValue(field: DealField, text: string): { value: string | number | null } | { error: string } {
  const trimmed = text.trim();
  switch (field) {
    case 'name':
      return trimmed ? { value: trimmed } : { error: 'is required' };
    case 'stage':
      return { value: trimmed };
    case 'amount': {
      if (!trimmed) return { error: 'is required' };
      const amount = parseAmount(trimmed);
      return amount === undefined ? { error: AMOUNT_ERROR } : { value: amount };
    }
    case 'probability': {
      if (!trimmed) return { value: null };
      const p = Number(trimmed);
      return Number.isInteger(p) && p >= 0 && p <= 100 ? { value: p } : { error: 'must be a whole number from 0 to 100' };
    }
    default:
      return { value: trimmed || null };
  }
}

/** The text of every field of the deal form. */
export type DealValues = Record<DealField, string>;

/** A deal's fields as the form shows them. */
export const dealValues = (deal: Opportunity): DealValues => Object.fromEntries(DEAL_FIELDS.map((f) => [f, dealText(deal, f)])) as DealValues;

/**
 * The deal form's text as API values (null clears a field), with the errors to show by field.
 * A lost stage needs its reason; otherwise the reason is not sent.
 */
export function parseDealForm(values: DealValues, lost: boolean): { body: Record<string, unknown>; errors: Partial<Record<DealField, string>> } {
  const body: Record<string, unknown> = {};
  const errors: Partial<Record<DealField, string>> = {};
  for (const field of DEAL_FIELDS) {
    if (field === 'lostReason') continue;
    const parsed = dealValue(field, values[field]);
    if ('error' in parsed) errors[field] = parsed.error;
    else body[field] = parsed.value;
  }
  if (lost) {
    if (!values.lostReason.trim()) errors.lostReason = 'needs an answer';
    body.lostReason = values.lostReason.trim();
  }
  return { body, errors };
}

/** The fields the rep changed in the form (against the deal as it was), as a PATCH body. */
export function changedPatch(values: DealValues, before: DealValues, body: Record<string, unknown>): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const field of DEAL_FIELDS) if (values[field].trim() !== before[field].trim() && field in body) patch[field] = body[field];
  return patch;
}
