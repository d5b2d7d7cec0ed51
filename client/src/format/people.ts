import type { Role, User } from '../../../shared/user.js';

/**
 * People as every view shows them: initials and avatar colours, role names, and a team
 * member looked up by id (with one wording for someone no longer on the team).
 */

/** Up to two initials of a name ("Dana Park" → "DP", "Cher" → "C"). */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts.at(-1)] : [parts[0]];
  return letters
    .map((p) => (p ? ([...p][0] ?? '') : ''))
    .join('')
    .toUpperCase();
}

/** A stable hue for an id, for avatars. */
export function hueOf(id: string): number {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return hash % 360;
}

/** Relative luminance of a `#rrggbb` colour (WCAG 2). */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * The colours of an avatar: the user's colour as background (or a stable hue from `id` when
 * the colour is missing or malformed), and white or near-black text, whichever reads better.
 */
export function avatarColors(color: string | undefined, id = ''): { background: string; text: string } {
  if (!color || !/^#[0-9a-f]{6}$/i.test(color)) return { background: `hsl(${hueOf(id)} 55% 38%)`, text: '#fff' };
  const l = luminance(color);
  const onWhite = 1.05 / (l + 0.05);
  const onDark = (l + 0.05) / 0.0589; // #14181d has a luminance of about 0.0089
  return { background: color, text: onWhite >= 4.5 || onWhite >= onDark ? '#fff' : '#14181d' };
}

/** "Admin" or "Sales rep". */
export function roleLabel(role: Role): string {
  return role === 'admin' ? 'Admin' : 'Sales rep';
}

/** "an admin" or "a sales rep", inside a sentence. */
export function roleInSentence(role: Role): string {
  return role === 'admin' ? 'an admin' : 'a sales rep';
}

/** How someone who is no longer on the team (or not yet loaded) is named. */
export const FORMER_TEAMMATE = 'Former teammate';

/** A team member by id, or a stand-in for someone no longer known; undefined without an id. */
export function member(team: readonly User[], id: string | undefined): { id: string; name: string; color?: string } | undefined {
  if (!id) return undefined;
  const user = team.find((u) => u.id === id);
  return user ? { id: user.id, name: user.name, color: user.color } : { id, name: FORMER_TEAMMATE };
}

/** A team member's name by id ("Former teammate" for someone no longer known). */
export function memberName(team: readonly User[], id: string | undefined, nobody = 'Nobody'): string {
  return member(team, id)?.name ?? nobody;
}
