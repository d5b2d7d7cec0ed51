import { describe, expect, it } from 'vitest';
import { optionalText, requiredText } from '../../shared/text.js';
import { Password } from '../../shared/user.js';

const messages = (result: { success: boolean; error?: { issues: { message: string }[] } }) => (result.success ? [] : result.error!.issues.map((i) => i.message));

describe('text fields (shared/text.ts)', () => {
  it('keep ordinary text of any script, emoji and marks included', () => {
    for (const value of ['Zoë Ångström', '北京办公室', 'مكتب دبي', 'Deal 🚀', 'O’Brien & Sons', 'A\u200dB']) {
      expect(requiredText(200).safeParse(value)).toEqual({ success: true, data: value });
    }
  });

  it('refuse lone surrogates, control characters, bidi overrides and invisible-only text', () => {
    expect(messages(requiredText(200).safeParse('Acme \ud800'))).toEqual(['must be valid Unicode text (it has half of a surrogate pair)']);
    expect(messages(requiredText(200).safeParse('\udc00'))).toHaveLength(1);
    expect(messages(requiredText(200).safeParse('Acme\u0007'))).toEqual(['must not contain control characters or line breaks']);
    expect(messages(requiredText(200).safeParse('two\nlines'))).toEqual(['must not contain control characters or line breaks']);
    expect(messages(requiredText(200).safeParse('invoice\u202egpj.exe'))).toEqual(['must not contain bidirectional override characters']);
    expect(messages(requiredText(200).safeParse('\u2066x\u2069'))).toEqual(['must not contain bidirectional override characters']);
    for (const invisible of ['\u200b', '\u200b\u200c\u2060', '\u3164', '\u2800\u2800', '\ufeff\u00ad']) {
      expect(messages(requiredText(200).safeParse(invisible)), JSON.stringify(invisible)).toEqual(['must contain visible characters']);
    }
    expect(messages(requiredText(200).safeParse('   '))).toEqual(['is required']);
  });

  it('keep tabs and line breaks in long text only, and let optional text be cleared', () => {
    const notes = optionalText(1000, { multiline: true });
    expect(notes.safeParse('Called.\n\tBudget: 10k\r\nNext: demo')).toMatchObject({ success: true });
    expect(messages(notes.safeParse('bell\u0007'))).toEqual(['must not contain control characters other than tabs and line breaks']);
    expect(messages(optionalText(50).safeParse('555\n0100'))).toEqual(['must not contain control characters or line breaks']);
    expect(optionalText(50).safeParse('')).toEqual({ success: true, data: undefined });
    expect(optionalText(50).safeParse(null)).toEqual({ success: true, data: undefined });
  });
});

describe('the password policy', () => {
  it('takes long, typable, uncommon passwords, spaces inside included', () => {
    for (const value of ['correct horse battery staple', 'Zoë’s pässwörd 2026', 'x'.repeat(10) + '!7']) expect(Password.safeParse(value).success).toBe(true);
  });

  it('refuses short, blank, control-character and common passwords', () => {
    expect(messages(Password.safeParse('short'))).toEqual(['must be at least 10 characters']);
    expect(messages(Password.safeParse(' '.repeat(12)))).toEqual(['must not be only spaces']);
    expect(messages(Password.safeParse('tab\there pass'))).toEqual(['must not contain control characters']);
    expect(messages(Password.safeParse('nul\u0000byte pass'))).toEqual(['must not contain control characters']);
    for (const common of ['password123', 'qwertyuiop', '1234567890', 'Password123', 'BASKETBALL']) {
      expect(messages(Password.safeParse(common)), common).toEqual(['is one of the most common passwords; choose another']);
    }
  });
});
