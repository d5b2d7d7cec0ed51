import type { Opportunity } from '../../../shared/opportunity.js';
import { DEFAULT_STAGES, type Stage } from '../../../shared/stage.js';
import type { User } from '../../../shared/user.js';
import { calendarDay, member } from '../customer-parts.js';
import { money } from '../format/money.js';
import type { FieldSpec } from '../records/field-editor.js';
import { DEAL_LABELS, dealText, type DealField } from './deal-fields.js';

/** A stage by its key: the pipeline's, else a default one (a deal can sit in a stage since renamed). */
export function stageOf(stages: readonly Stage[], key: string): Stage | undefined {
  return stages.find((s) => s.key === key) ?? DEFAULT_STAGES.find((s) => s.key === key);
}

/**
 * The deal page's "About this deal" fields (the name is edited in the head): the stage and the
 * owner as lists, the reason only once the deal is lost (or has one).
 */
export function dealDetailFields(deal: Opportunity | undefined, stages: readonly Stage[], team: readonly User[], draftOwner: () => string | undefined): FieldSpec<DealField>[] {
  const owners = () => [{ value: '', label: 'No owner' }, ...team.filter((u) => u.active || u.id === draftOwner()).map((u) => ({ value: u.id, label: u.name }))];
  return [
    { name: 'stage', label: DEAL_LABELS.stage, options: () => stages.map((s) => ({ value: s.key, label: s.name })) },
    { name: 'amount', label: DEAL_LABELS.amount, inputmode: 'decimal', hint: `In ${deal?.currency ?? 'USD'}, e.g. 12,500` },
    { name: 'probability', label: DEAL_LABELS.probability, type: 'number', hint: 'Percent, 0 to 100; empty: from the stage' },
    { name: 'expectedCloseDate', label: DEAL_LABELS.expectedCloseDate, type: 'date' },
    { name: 'ownerId', label: DEAL_LABELS.ownerId, options: owners },
    ...(deal && (stageOf(stages, deal.stage)?.kind === 'lost' || deal.lostReason) ? [{ name: 'lostReason' as const, label: DEAL_LABELS.lostReason, multiline: true }] : []),
  ];
}

/** A built-in field's value in words (the stage's name, the owner's name, the amount in its currency). */
export function dealDisplay(field: DealField, deal: Opportunity, stages: readonly Stage[], team: readonly User[]): string {
  switch (field) {
    case 'stage':
      return stageOf(stages, deal.stage)?.name ?? deal.stage;
    case 'ownerId':
      return member(team, deal.ownerId)?.name ?? '';
    case 'amount':
      return money(deal.amount, deal.currency);
    case 'probability':
      return `${deal.probability}%`;
    case 'expectedCloseDate':
      return calendarDay(deal.expectedCloseDate);
    default:
      return dealText(deal, field);
  }
}
