import { describe, expect, it } from 'vitest';
import { merge, parseValues, patchBody, takeTheirs, valuesOf, type Values } from '../../client/src/interactions/interaction-values.js';
import { recreateBody } from '../../client/src/interactions/remove.js';
import { INTERACTION_TYPES, INTERACTION_TYPE_INFO } from '../../client/src/format/interaction-types.js';
import { Interaction, InteractionType } from '../../shared/interaction.js';

const call = Interaction.parse({
  id: 'a'.repeat(24),
  customerId: 'b'.repeat(24),
  type: 'call',
  date: '2026-01-20T15:00:00.000Z',
  subject: 'Pricing',
  notes: 'Three years.',
  durationMinutes: 25,
  userId: 'u1',
  version: 3,
  createdAt: '2026-01-05T10:00:00.000Z',
  updatedAt: '2026-01-05T10:00:00.000Z',
});

describe('interaction types', () => {
  it('are the shared schema’s, each with a name, colour and icon tint', () => {
    expect(INTERACTION_TYPES).toEqual(InteractionType.options);
    for (const t of INTERACTION_TYPES) expect(INTERACTION_TYPE_INFO[t].color).toMatch(/^#[0-9a-f]{6}$/);
  });
});

describe('interaction form values', () => {
  const base = valuesOf(call);

  it('an edit patches only the fields the rep changed; a cleared duration is null, cleared notes empty', () => {
    const mine: Values = { ...base, subject: 'Pricing and terms', durationMinutes: '', notes: '' };
    expect(patchBody(base, mine, parseValues(mine))).toEqual({ subject: 'Pricing and terms', notes: '', durationMinutes: null });
    expect(patchBody(base, { ...base }, parseValues(base))).toBeUndefined();
  });

  it('refuses a bad duration and a missing date', () => {
    expect(parseValues({ ...base, durationMinutes: '2.5', date: '' }).errors).toEqual({ date: 'is required', durationMinutes: 'must be a whole number of minutes, up to 1440' });
  });

  it('a colleague’s save: fields only they changed are taken, fields both changed conflict', () => {
    const mine: Values = { ...base, notes: 'Mine.' };
    const theirs: Values = { ...base, notes: 'Theirs.', subject: 'Their subject' };
    const { conflicts, values } = merge(base, mine, theirs);
    expect(conflicts).toEqual(['notes']);
    expect(values).toEqual({ ...mine, subject: 'Their subject' });
    expect(takeTheirs(values, theirs, conflicts).notes).toBe('Theirs.');
    // The same change on both sides is no conflict.
    expect(merge(base, mine, { ...base, notes: 'Mine.' }).conflicts).toEqual([]);
  });

  it('Undo logs a deleted interaction again with its own fields, none of the server’s', () => {
    expect(recreateBody(call)).toEqual({ customerId: call.customerId, type: 'call', date: call.date, subject: 'Pricing', notes: 'Three years.', durationMinutes: 25 });
  });
});
