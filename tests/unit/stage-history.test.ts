import { describe, expect, it } from 'vitest';
import { dealText, dealValue } from '../../client/src/deals/deal-fields.js';
import { spanText, stageSpans } from '../../client/src/deals/stage-history.js';
import type { Opportunity } from '../../shared/opportunity.js';

const ana = { id: 'a', name: 'Ana Silva' };
const day = 24 * 3600_000;
const t0 = Date.parse('2026-11-01T09:00:00.000Z');
const at = (days: number) => new Date(t0 + days * day).toISOString();

describe('stage history', () => {
  it('gives each stage its time in stage, newest first, the current one until now', () => {
    const history = [
      { from: null, to: 'prospecting', actor: ana, at: at(0) },
      { from: 'prospecting', to: 'proposal', actor: ana, at: at(3) },
      { from: 'proposal', to: 'negotiation', actor: ana, at: at(10) },
    ];
    const spans = stageSpans(history, { stage: 'negotiation', createdAt: at(0) }, t0 + 12 * day);
    expect(spans.map((s) => [s.stage, s.ms / day, s.to])).toEqual([
      ['negotiation', 2, undefined],
      ['proposal', 7, at(10)],
      ['prospecting', 3, at(3)],
    ]);
    expect(spans[1]!.by).toEqual(ana);
    expect(spans.map((s) => s.created)).toEqual([undefined, undefined, true]);
  });

  it('starts at the deal’s creation when the history does not, and is the current stage alone when empty', () => {
    const spans = stageSpans([{ from: 'qualified', to: 'won', actor: ana, at: at(5) }], { stage: 'won', createdAt: at(0) }, t0 + 6 * day);
    expect(spans.map((s) => [s.stage, s.ms / day, s.by?.name])).toEqual([
      ['won', 1, 'Ana Silva'],
      ['qualified', 5, undefined],
    ]);
    expect(stageSpans([], { stage: 'proposal', createdAt: at(0) }, t0 + day)).toEqual([{ stage: 'proposal', from: at(0), ms: day, created: true }]);
  });

  it('says a time in stage in whole units', () => {
    expect(spanText(20_000)).toBe('under a minute');
    expect(spanText(60_000)).toBe('1 minute');
    expect(spanText(5 * 3600_000 + 1)).toBe('5 hours');
    expect(spanText(day)).toBe('1 day');
    expect(spanText(13 * day)).toBe('13 days');
    expect(spanText(21 * day)).toBe('3 weeks');
    expect(spanText(90 * day)).toBe('3 months');
  });
});

describe('deal fields', () => {
  const deal = { name: 'Renewal', stage: 'proposal', amount: 12500.5, probability: 40, expectedCloseDate: '2026-12-31', currency: 'USD' } as Opportunity;
  it('shows a field’s text and takes it back as the API wants it', () => {
    expect(dealText(deal, 'amount')).toBe('12500.5');
    expect(dealText(deal, 'ownerId')).toBe('');
    expect(dealValue('amount', '12,500')).toEqual({ value: 12500 });
    expect(dealValue('amount', '')).toEqual({ error: 'is required' });
    expect(dealValue('amount', 'lots')).toHaveProperty('error');
    expect(dealValue('probability', '')).toEqual({ value: null });
    expect(dealValue('probability', '101')).toEqual({ error: 'must be a whole number from 0 to 100' });
    expect(dealValue('name', '  ')).toEqual({ error: 'is required' });
    expect(dealValue('ownerId', '')).toEqual({ value: null });
  });
});
