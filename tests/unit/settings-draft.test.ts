import { describe, expect, it } from 'vitest';
import { freeKey, keyOf } from '../../client/src/settings/settings-api.js';
import { addStage, changeStage, draftOf, moveDealsOut, moveStage, patchOf, removeStage, restoreStage } from '../../client/src/settings/stage-draft.js';
import { PipelinePatch } from '../../shared/pipeline.js';
import { DEFAULT_STAGES } from '../../shared/stage.js';

const saved = { name: 'Sales', stages: DEFAULT_STAGES };

describe('settings keys', () => {
  it('makes a key from a label: lower case, words joined by _, starting with a letter', () => {
    expect(keyOf('Renewal date')).toBe('renewal_date');
    expect(keyOf('  Café  tier! ')).toBe('cafe_tier');
    expect(keyOf('2nd phone')).toBe('nd_phone');
    expect(keyOf('Demo booked', '-')).toBe('demo-booked');
    expect(keyOf('!!!')).toBe('');
    expect(keyOf('x'.repeat(60))).toHaveLength(40);
  });
  it('numbers a key already taken', () => {
    expect(freeKey('tier', new Set(['tier', 'tier_2']))).toBe('tier_3');
    expect(freeKey('tier', new Set())).toBe('tier');
  });
});

describe('pipeline draft', () => {
  it('a draft left alone sends nothing', () => {
    expect(patchOf(draftOf(saved), saved)).toBeUndefined();
  });

  it('adds a stage before the closed ones, its key from its name and never a saved stage’s key', () => {
    const { draft, row } = addStage(draftOf(saved), saved.stages);
    const named = changeStage(draft, saved.stages, row, { name: 'Won' });
    expect(named.stages.map((s) => s.key)).toEqual(['prospecting', 'qualification', 'proposal', 'negotiation', 'won_2', 'won', 'lost']);
    const patch = patchOf(changeStage(named, saved.stages, row, { name: 'Demo' }), saved)!;
    expect(PipelinePatch.safeParse(patch).success).toBe(true);
    expect(patch.stages!.map((s) => s.key)).toContain('demo');
  });

  it('a rename of the pipeline alone sends only the name', () => {
    expect(patchOf({ ...draftOf(saved), name: ' Sales team ' }, saved)).toEqual({ name: 'Sales team' });
  });

  it('moves a stage and stops at the ends', () => {
    const d = draftOf(saved);
    const first = d.stages[0]!.row;
    expect(moveStage(d, first, -1)).toBe(d);
    expect(moveStage(d, first, 1).stages.map((s) => s.key).slice(0, 2)).toEqual(['qualification', 'prospecting']);
  });

  it('a removed saved stage waits for where its deals go; restoring puts it back in place', () => {
    const d = draftOf(saved);
    const row = d.stages.find((s) => s.key === 'proposal')!.row;
    const removed = removeStage(d, saved.stages, row, { proposal: 4 });
    expect(removed.removed).toEqual([{ stage: DEFAULT_STAGES[2], deals: 4, moveTo: '' }]);
    expect(moveDealsOut(removed)).toBeUndefined();
    const answered = { ...removed, removed: [{ ...removed.removed[0]!, moveTo: 'qualification' }] };
    expect(patchOf(answered, saved)).toMatchObject({ moveDeals: { proposal: 'qualification' } });
    expect(restoreStage(removed, saved.stages, 'proposal').stages.map((s) => s.key)).toEqual(DEFAULT_STAGES.map((s) => s.key));
  });

  it('a closed stage has no rot days; a number typed wrong goes as typed for the server to name', () => {
    const d = draftOf(saved);
    const row = d.stages[0]!.row;
    const withRot = changeStage(d, saved.stages, row, { rotDays: '10' });
    expect(patchOf(withRot, saved)!.stages![0]).toEqual({ key: 'prospecting', name: 'Prospecting', probability: 10, kind: 'open', rotDays: 10 });
    expect(changeStage(withRot, saved.stages, row, { kind: 'won' }).stages[0]!.rotDays).toBe('');
    const wrong = changeStage(d, saved.stages, row, { probability: '1.5' });
    expect(patchOf(wrong, saved)!.stages![0]!.probability).toBe('1.5');
  });
});
