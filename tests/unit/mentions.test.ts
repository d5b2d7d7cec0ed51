import { describe, expect, it } from 'vitest';
import { addedMentions, mentionMarkup, mentionedIds, mentionsAsText, parseMentions } from '../../shared/mentions.js';

const ana = '0123456789abcdef01234567';
const ben = '89abcdef0123456789abcdef';

describe('mentions', () => {
  it('reads each mention with its name, id and place', () => {
    const text = `Call @[Ana Lee](user:${ana}) then @[Ben](user:${ben}).`;
    expect(parseMentions(text)).toEqual([
      { userId: ana, name: 'Ana Lee', start: 5, end: 5 + `@[Ana Lee](user:${ana})`.length },
      { userId: ben, name: 'Ben', start: text.indexOf('@[Ben'), end: text.indexOf(').') + 1 },
    ]);
  });

  it('gives distinct ids in order, and none for text without mentions', () => {
    expect(mentionedIds(`@[B](user:${ben}) @[A](user:${ana}) @[B again](user:${ben})`)).toEqual([ben, ana]);
    expect(mentionedIds('email ana@example.com [x](user:1) @ana')).toEqual([]);
    expect(mentionedIds(undefined)).toEqual([]);
    expect(mentionedIds('')).toEqual([]);
  });

  it('reads a malformed id as an id, so the server can refuse it', () => {
    expect(mentionedIds('@[Who](user:not-an-id)')).toEqual(['not-an-id']);
  });

  it('does not read across lines or nested brackets', () => {
    expect(mentionedIds(`@[Ana\nLee](user:${ana})`)).toEqual([]);
    expect(mentionedIds(`@[[Ana]](user:${ana})`)).toEqual([]);
  });

  it('names the ids an edit newly mentions', () => {
    const before = `@[Ana](user:${ana})`;
    expect(addedMentions(before, `${before} and @[Ben](user:${ben})`)).toEqual([ben]);
    expect(addedMentions(before, `@[Ana Lee](user:${ana})`)).toEqual([]);
    expect(addedMentions(undefined, before)).toEqual([ana]);
    expect(addedMentions(before, undefined)).toEqual([]);
  });

  it('writes markup that reads back, whatever the name holds', () => {
    const markup = mentionMarkup('Ana [ops]\nLee', ana);
    expect(markup).toBe(`@[Ana ops Lee](user:${ana})`);
    expect(parseMentions(markup)[0]).toMatchObject({ userId: ana, name: 'Ana ops Lee' });
    expect(mentionsAsText(`Hi ${markup}!`)).toBe('Hi @Ana ops Lee!');
  });
});
