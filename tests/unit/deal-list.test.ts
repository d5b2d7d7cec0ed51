import { describe, expect, it } from 'vitest';
import { changedPatch, dealValues, parseDealForm } from '../../client/src/deals/deal-fields.js';
import { StageChoice } from '../../client/src/deals/stage-choice.js';
import type { Opportunity } from '../../shared/opportunity.js';

describe('stage choice on a deal row', () => {
  it('saves a stage picked from the open list at once', () => {
    const choice = new StageChoice();
    expect(choice.changed('d1', 'won', 'proposal')).toBe('commit');
  });

  it('keeps a stage reached with arrow keys or type-ahead pending until Enter; Escape drops it', () => {
    const choice = new StageChoice();
    expect(choice.key('d1', { key: 'ArrowDown' })).toBeUndefined();
    expect(choice.changed('d1', 'negotiation', 'proposal')).toBe('pending');
    expect(choice.pending.get('d1')).toBe('negotiation');
    expect(choice.key('d1', { key: 'Enter' })).toEqual({ commit: 'negotiation' });
    expect(choice.key('d1', { key: 'Escape' })).toBe('drop');
    choice.key('d1', { key: 'p' });
    expect(choice.changed('d1', 'proposal', 'proposal')).toBe('pending');
    expect(choice.pending.has('d1'), 'back on its own stage: nothing pending').toBe(false);
    // Enter without anything pending is left to the browser.
    expect(choice.key('d1', { key: 'Enter' })).toBeUndefined();
  });
});

describe('deal form', () => {
  const deal = { id: 'x', name: 'Renewal', stage: 'proposal', amount: 1000, probability: 40, currency: 'USD', lostReason: undefined } as unknown as Opportunity;
  it('parses the form, asks for the reason of a lost deal, and patches only what changed', () => {
    const before = dealValues(deal);
    const values = { ...before, amount: '1,500', stage: 'lost', lostReason: '' };
    const lost = parseDealForm(values, true);
    expect(lost.errors).toEqual({ lostReason: 'needs an answer' });
    const ok = parseDealForm({ ...values, lostReason: 'Budget cut' }, true);
    expect(ok.errors).toEqual({});
    expect(changedPatch({ ...values, lostReason: 'Budget cut' }, before, ok.body)).toEqual({ amount: 1500, stage: 'lost', lostReason: 'Budget cut' });
    expect(parseDealForm({ ...before, name: ' ', amount: 'x' }, false).errors).toMatchObject({ name: 'is required', amount: expect.stringContaining('must be an amount') });
  });
});
