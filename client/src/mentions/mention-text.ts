import { mentionMarkup, parseMentions } from '../../../shared/mentions.js';

/**
 * Mentions in notes, for the web client: the parts a text shows (plain text and name chips),
 * the `@` query a rep is typing, the teammates it matches, and the text once one is picked.
 * Pure functions over shared/mentions.ts (the one parser, also the server's).
 */

/** A piece of a note: plain text, or a mention shown as a name chip. */
export type NotePart = { text: string } | { userId: string; name: string };

/** Someone a rep can mention. */
export interface Mentionable {
  id: string;
  name: string;
  email?: string;
  active?: boolean;
}

/**
 * A note as the parts it shows, in order. A mention shows the teammate's current name when
 * `nameOf` knows them, else the name the text stored.
 */
export function noteParts(text: string, nameOf: (userId: string) => string | undefined = () => undefined): NotePart[] {
  const parts: NotePart[] = [];
  let at = 0;
  for (const m of parseMentions(text)) {
    if (m.start > at) parts.push({ text: text.slice(at, m.start) });
    parts.push({ userId: m.userId, name: nameOf(m.userId) ?? m.name });
    at = m.end;
  }
  if (at < text.length) parts.push({ text: text.slice(at) });
  return parts;
}

/** The `@` query a rep is typing at `caret`: where its `@` is and the text after it. */
export interface MentionQuery {
  start: number;
  query: string;
}

/**
 * The mention being typed just before `caret`, if any: an `@` at the start or after a space or
 * an opening bracket or quote (not inside an email address), followed by up to 30 characters
 * on the same line that are not brackets, another `@` or a leading space.
 */
export function mentionQueryAt(text: string, caret: number): MentionQuery | undefined {
  const before = text.slice(0, caret);
  const match = /(^|[\s("'“])@([^\s@[\]()][^\n@[\]()]{0,29}|)$/u.exec(before);
  if (!match) return undefined;
  const query = match[2]!;
  return { start: caret - query.length - 1, query };
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * The teammates a query matches, best first: active people whose name (any word of it) or
 * email starts with the query, ignoring case and accents; an empty query lists everyone.
 */
export function matchTeam<T extends Mentionable>(team: readonly T[], query: string, limit = 6): T[] {
  const q = fold(query.trim());
  const scored: { person: T; score: number }[] = [];
  for (const person of team) {
    if (person.active === false) continue;
    const name = fold(person.name);
    let score = -1;
    if (!q || name.startsWith(q)) score = 0;
    else if (name.split(/\s+/).some((word) => word.startsWith(q))) score = 1;
    else if (person.email && fold(person.email).startsWith(q)) score = 2;
    if (score >= 0) scored.push({ person, score });
  }
  return scored
    .sort((a, b) => a.score - b.score || a.person.name.localeCompare(b.person.name))
    .slice(0, limit)
    .map((s) => s.person);
}

/** The text with the query at `query.start` up to `caret` replaced by a mention of `person` and a space; where the caret goes. */
export function insertMention(text: string, query: MentionQuery, caret: number, person: Mentionable): { text: string; caret: number } {
  const markup = `${mentionMarkup(person.name, person.id)} `;
  const rest = text.slice(caret);
  const after = rest.startsWith(' ') ? rest.slice(1) : rest;
  return { text: text.slice(0, query.start) + markup + after, caret: query.start + markup.length };
}
