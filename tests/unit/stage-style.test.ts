import { describe, expect, it } from 'vitest';
import { LOST_COLOR, OTHER_STAGE_COLOR, WON_COLOR, stageColor, stageStyle } from '../../client/src/format/stage-style.js';
import { DEFAULT_STAGES } from '../../shared/stages.js';

describe('stage style', () => {
  it('gives the default stages a blue ramp towards the close, green for won, red for lost', () => {
    expect(DEFAULT_STAGES.map((s) => stageColor(s.key))).toEqual(['#7fb2dd', '#4a90c9', '#2a6fb0', '#1b4f85', WON_COLOR, LOST_COLOR]);
    expect(stageStyle('lost')).toEqual({ color: LOST_COLOR, kind: 'lost' });
    expect(stageStyle('gone')).toEqual({ color: OTHER_STAGE_COLOR, kind: 'open' });
  });

  it('styles another pipeline by kind and place, whatever its keys', () => {
    const stages = [
      { key: 'lead', kind: 'open' as const },
      { key: 'demo', kind: 'open' as const },
      { key: 'signed', kind: 'won' as const },
    ];
    expect(stages.map((s) => stageColor(s.key, stages))).toEqual(['#7fb2dd', '#1b4f85', WON_COLOR]);
    expect(stageColor('only', [{ key: 'only', kind: 'open' }])).toBe('#7fb2dd');
  });
});
