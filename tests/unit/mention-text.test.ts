import { describe, expect, it } from 'vitest';
import { insertMention, matchTeam, mentionQueryAt, noteParts } from '../../client/src/mentions/mention-text.js';
import { parseMentions } from '../../shared/mentions.js';

const ana = { id: '0123456789abcdef01234567', name: 'Ana Silva', email: 'ana@shoal.example' };
const ben = { id: '89abcdef0123456789abcdef', name: 'Ben Ortiz', email: 'ben@shoal.example' };
const zoe = { id: 'aaaaaaaaaaaaaaaaaaaaaaaa', name: 'Zoë Ångström', email: 'zoe@shoal.example' };
const gone = { id: 'bbbbbbbbbbbbbbbbbbbbbbbb', name: 'Ana Gone', email: 'old@shoal.example', active: false };
const team = [ben, zoe, ana, gone];

describe('mention text (client)', () => {
  it('splits a note into text and mentions, with the current name when known', () => {
    const text = `Ask @[Ana S](user:${ana.id}) and @[Who](user:cccccccccccccccccccccccc) <b>now</b>`;
    expect(noteParts(text, (id) => (id === ana.id ? ana.name : undefined))).toEqual([
      { text: 'Ask ' },
      { userId: ana.id, name: 'Ana Silva' },
      { text: ' and ' },
      { userId: 'cccccccccccccccccccccccc', name: 'Who' },
      { text: ' <b>now</b>' },
    ]);
    expect(noteParts('')).toEqual([]);
    expect(noteParts('plain')).toEqual([{ text: 'plain' }]);
  });

  it('finds the @ query being typed, not an email address or a finished mention', () => {
    expect(mentionQueryAt('Call @', 6)).toEqual({ start: 5, query: '' });
    expect(mentionQueryAt('@an', 3)).toEqual({ start: 0, query: 'an' });
    expect(mentionQueryAt('Hi (@Ben O', 10)).toEqual({ start: 4, query: 'Ben O' });
    expect(mentionQueryAt('mail ana@shoal', 14)).toBeUndefined();
    expect(mentionQueryAt('@ ben', 5), 'a space right after @ is no mention').toBeUndefined();
    expect(mentionQueryAt(`@[Ana](user:${ana.id}) `, 32)).toBeUndefined();
    expect(mentionQueryAt('@ana\nnext', 9), 'not across lines').toBeUndefined();
    expect(mentionQueryAt('@ana and more', 4), 'only up to the caret').toEqual({ start: 0, query: 'ana' });
  });

  it('matches teammates by any word of the name or the email, ignoring case and accents; never inactive ones', () => {
    expect(matchTeam(team, '').map((p) => p.name)).toEqual(['Ana Silva', 'Ben Ortiz', 'Zoë Ångström']);
    expect(matchTeam(team, 'ORT').map((p) => p.name)).toEqual(['Ben Ortiz']);
    expect(matchTeam(team, 'angs').map((p) => p.name)).toEqual(['Zoë Ångström']);
    expect(matchTeam(team, 'zoe').map((p) => p.name)).toEqual(['Zoë Ångström']);
    expect(matchTeam(team, 'ana').map((p) => p.name)).toEqual(['Ana Silva']);
    expect(matchTeam(team, 'ben@').map((p) => p.name)).toEqual(['Ben Ortiz']);
    expect(matchTeam(team, 'xyz')).toEqual([]);
    expect(matchTeam(team, '', 2)).toHaveLength(2);
  });

  it('replaces the query with the markup and a space, which reads back as the mention', () => {
    const text = 'Ping @be about it';
    const query = mentionQueryAt(text, 8)!;
    const out = insertMention(text, query, 8, ben);
    expect(out.text).toBe(`Ping @[Ben Ortiz](user:${ben.id}) about it`);
    expect(out.caret).toBe(`Ping @[Ben Ortiz](user:${ben.id}) `.length);
    expect(parseMentions(out.text).map((m) => m.userId)).toEqual([ben.id]);
    const end = insertMention('@', { start: 0, query: '' }, 1, { id: ana.id, name: 'Ana [ops]' });
    expect(end.text).toBe(`@[Ana ops](user:${ana.id}) `);
  });
});
