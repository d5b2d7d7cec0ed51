/**
 * The client's formatters live in client/src/format/ (dates.ts, people.ts, money.ts); these
 * names stay importable from here for the views not yet moved over. New code imports from
 * format/ directly.
 */
export { dateOnly, dueDate, fullDate, timeAgo } from './format/dates.js';
export { avatarColors, hueOf, initials, roleLabel } from './format/people.js';

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
