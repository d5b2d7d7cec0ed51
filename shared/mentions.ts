/**
 * Mentions in free text (the notes of an interaction or a task): `@[Display Name](user:<id>)`.
 * The name is what the text shows; the id is who is meant. One parser, used by the server to
 * find who to notify and by the client to render name chips.
 */

/** One mention in a text: who, the name it shows, and where it is. */
export interface Mention {
  userId: string;
  name: string;
  start: number;
  end: number;
}

// The name holds no brackets or line breaks (mentionMarkup drops them); the id is any run of
// characters up to `)`, so a malformed id is read (and refused as unknown) rather than ignored.
const MENTION = /@\[([^\[\]\n]{1,100})\]\(user:([^()\s]{1,64})\)/g;

/** Whether `text` may mention someone: a quick test before the parse (a batch's thousand notes mostly mention no one). */
export const mentionsSomeone = (text: string | undefined | null): text is string => !!text && text.includes('@[');

/** Every mention in `text`, in order. */
export function parseMentions(text: string | undefined | null): Mention[] {
  if (!mentionsSomeone(text)) return [];
  return [...text.matchAll(MENTION)].map((m) => ({ userId: m[2]!, name: m[1]!, start: m.index, end: m.index + m[0].length }));
}

/** The distinct user ids `text` mentions, in order of first mention. */
export function mentionedIds(text: string | undefined | null): string[] {
  return [...new Set(parseMentions(text).map((m) => m.userId))];
}

/** The ids `after` mentions that `before` did not (who an edit newly mentions). */
export function addedMentions(before: string | undefined | null, after: string | undefined | null): string[] {
  const earlier = new Set(mentionedIds(before));
  return mentionedIds(after).filter((id) => !earlier.has(id));
}

/** The markup that mentions a user, as a picker inserts it. */
export function mentionMarkup(name: string, userId: string): string {
  const shown = name.replace(/[\[\]\s]+/g, ' ').trim().slice(0, 100) || 'someone';
  return `@[${shown}](user:${userId})`;
}

/** `text` with each mention shown as `@Name` (notification texts, previews). */
export function mentionsAsText(text: string): string {
  return text.replace(MENTION, (_m, name: string) => `@${name}`);
}
