import { describe, expect, it } from 'vitest';
import { bucketDay, calendarDay, dateOnly, dueDate, fullDate, isPastDay, periodText, shortDay, timeAgo, timeOfDay } from '../../client/src/format/dates.js';
import { avatarColors, FORMER_TEAMMATE, initials, member, memberName, roleInSentence, roleLabel } from '../../client/src/format/people.js';
import type { User } from '../../shared/user.js';

const now = Date.parse('2026-06-15T12:00:00Z');

describe('dates', () => {
  it('tells how long ago an instant was, then its date after a week', () => {
    expect(timeAgo('2026-06-15T11:59:30Z', now)).toBe('just now');
    expect(timeAgo('2026-06-15T11:55:00Z', now)).toBe('5 minutes ago');
    expect(timeAgo('2026-06-14T12:00:00Z', now)).toBe('yesterday');
    expect(timeAgo('2026-05-01T12:00:00Z', now)).toBe(dateOnly('2026-05-01T12:00:00Z'));
    expect(timeAgo('not a date', now)).toBe('');
  });

  it('shows an instant in full, as a date, as a time of day; accepts a Date too', () => {
    const at = '2026-06-15T12:00:00Z';
    expect(fullDate(at)).toContain('2026');
    expect(fullDate(new Date(at))).toBe(fullDate(at));
    expect(dateOnly(at)).toMatch(/Jun 1[45], 2026/);
    expect(timeOfDay(at)).toMatch(/\d:\d\d/);
    expect(fullDate('')).toBe('');
  });

  it('shows a calendar day as that same day in every time zone', () => {
    expect(calendarDay('2026-12-31')).toBe('Dec 31, 2026');
    expect(calendarDay('2026-12-31T23:00:00Z')).toBe('Dec 31, 2026');
    expect(calendarDay('someday')).toBe('someday');
    expect(shortDay('2026-03-03', new Date(now))).toBe('Mar 3');
    expect(shortDay('2027-01-09', new Date(now))).toBe('Jan 2027');
    expect(isPastDay('2026-06-14', new Date(now))).toBe(true);
    expect(isPastDay('2026-06-16', new Date(now))).toBe(false);
    expect(dueDate('2026-12-05')).toBe('Sat, Dec 5');
    expect(bucketDay('2026-01-05T00:00:00.000Z')).toBe('Jan 5');
  });

  it('shows a period by its first and last day (its end is exclusive)', () => {
    expect(periodText(new Date(2026, 0, 5), new Date(2026, 1, 4))).toMatch(/^Jan 5\s*–\s*Feb 3, 2026$/);
    expect(periodText('x', 'y')).toBe('');
  });
});

describe('people', () => {
  const stamp = { active: true, version: 1, createdAt: '2026-01-05T10:00:00.000Z', updatedAt: '2026-01-05T10:00:00.000Z', email: 'a@b.c', role: 'rep' as const };
  const team: User[] = [{ ...stamp, id: 'u1', name: 'Dana Park', color: '#ffe08a' }];

  it('takes up to two initials, whatever the spacing and script', () => {
    expect(initials('Dana Park')).toBe('DP');
    expect(initials('  ana  maría  de la cruz ')).toBe('AC');
    expect(initials('Cher')).toBe('C');
    expect(initials('')).toBe('');
  });

  it('picks readable avatar text and a stable fallback colour', () => {
    expect(avatarColors('#ffe08a').text).toBe('#14181d');
    expect(avatarColors('#1b4f85').text).toBe('#fff');
    expect(avatarColors('red', 'u1')).toEqual(avatarColors(undefined, 'u1'));
  });

  it('names roles and team members one way', () => {
    expect(roleLabel('rep')).toBe('Sales rep');
    expect(roleInSentence('admin')).toBe('an admin');
    expect(member(team, 'u1')).toEqual({ id: 'u1', name: 'Dana Park', color: '#ffe08a' });
    expect(memberName(team, 'gone')).toBe(FORMER_TEAMMATE);
    expect(memberName(team, undefined)).toBe('Nobody');
  });
});
