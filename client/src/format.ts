const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const shortDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** "5 minutes ago", "yesterday", or a date for anything older than a week. */
export function timeAgo(iso: string, now: number = Date.now()): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return '';
  const seconds = Math.round((time - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return relative.format(Math.round(seconds / 3600), 'hour');
  if (abs < 7 * 86_400) return relative.format(Math.round(seconds / 86_400), 'day');
  return shortDate.format(time);
}

/** A full date and time, for tooltips and screen readers. */
export function fullDate(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? '' : absolute.format(time);
}

/** Up to two initials of a name ("Dana Park" → "DP"). */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts.at(-1)] : [parts[0]];
  return letters
    .map((p) => (p ? [...p][0] ?? '' : ''))
    .join('')
    .toUpperCase();
}

/** A stable hue for an id, for avatars. */
export function hueOf(id: string): number {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return hash % 360;
}

/** A link for a website field, when it looks like one (http/https only). */
export function websiteHref(website: string | undefined): string | undefined {
  if (!website) return undefined;
  const candidate = /^https?:\/\//i.test(website) ? website : `https://${website}`;
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** A website without its scheme and trailing slash, for display. */
export function websiteLabel(website: string): string {
  return website.replace(/^https?:\/\//i, '').replace(/\/$/, '');
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
export function roleLabel(role: 'admin' | 'rep'): string {
  return role === 'admin' ? 'Admin' : 'Sales rep';
}

/** A date without the time ("Jan 5, 2026"). */
export function dateOnly(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? '' : shortDate.format(time);
}

const utcDay = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
const dayAndTime = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' });

/**
 * When a task is due, the one way the client shows it: a whole day ("2026-12-05") as that
 * calendar day whatever the viewer's time zone ("Sat, Dec 5"); a date and time in local time
 * ("Sat, Dec 5, 3:00 PM").
 */
export function dueDate(dueAt: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(dueAt)) return utcDay.format(Date.parse(`${dueAt}T00:00:00Z`));
  const time = Date.parse(dueAt);
  return Number.isNaN(time) ? '' : dayAndTime.format(time);
}
