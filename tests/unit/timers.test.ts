import { describe, expect, it } from 'vitest';
import { TimerSet, type Timers } from '../../client/src/timers.js';
import { ManualTimers } from '../components/manual-timers.js';

describe('TimerSet', () => {
  it('runs each wait once its time has passed, and forgets it', () => {
    const clock = new ManualTimers();
    const waits = new TimerSet(() => clock);
    const ran: string[] = [];
    waits.later(() => ran.push('flash'), 3_000);
    waits.later(() => ran.push('note'), 12_000);
    expect(waits.size).toBe(2);
    clock.tick(2_999);
    expect(ran).toEqual([]);
    clock.tick(1);
    expect(ran).toEqual(['flash']);
    expect(waits.size).toBe(1);
    clock.tick(9_000);
    expect(ran).toEqual(['flash', 'note']);
    expect(waits.size).toBe(0);
  });

  it('clear() stops every pending wait on the timers it was set on, even after the host’s timers changed', () => {
    const first = new ManualTimers();
    const second = new ManualTimers();
    let current: Timers = first;
    const waits = new TimerSet(() => current);
    const ran: string[] = [];
    waits.later(() => ran.push('a'), 1_000);
    current = second;
    waits.later(() => ran.push('b'), 1_000);
    waits.clear();
    expect([first.pending, second.pending, waits.size]).toEqual([0, 0, 0]);
    first.tick(5_000);
    second.tick(5_000);
    expect(ran).toEqual([]);
  });
});
