import { describe, expect, it } from 'vitest';
import * as edit from '../../client/src/records/field-edit.js';

type F = 'name' | 'phone';
interface R {
  name: string;
  phone?: string;
  version: number;
}
const text = (r: R | undefined, f: F) => (r?.[f] as string | undefined) ?? '';

describe('field edit and conflict state', () => {
  it('opens a field on the version it shows, keeps typing, and closes it', () => {
    let s: edit.EditState<F, R> = edit.emptyEdits<F, R>();
    s = edit.startEdit(s, 'phone', '555', 3);
    expect(s.drafts.phone).toEqual({ value: '555', version: 3 });
    // Opening it again keeps what was typed.
    s = edit.input(s, 'phone', '556');
    expect(edit.startEdit(s, 'phone', '555', 4).drafts.phone).toEqual({ value: '556', version: 3 });
    s = edit.setError(s, 'phone', 'is wrong');
    expect(edit.input(s, 'phone', '557').errors.phone).toBeUndefined();
    expect(edit.editingFields(s)).toEqual(['phone']);
    s = edit.endEdit(s, 'phone');
    expect(edit.isEditing(s, 'phone')).toBe(false);
    expect(s.errors).toEqual({});
  });

  it('turns a colleague’s change of a field being edited into a conflict, not one being saved or not open', () => {
    let s: edit.EditState<F, R> = edit.startEdit(edit.emptyEdits<F, R>(), 'phone', '555', 3);
    s = edit.startEdit(s, 'name', 'Acme', 3);
    s = edit.setSaving(s, 'name', true);
    const theirs = { name: 'Acme Ltd', phone: '999', version: 4 };
    s = edit.colleagueChanged(s, ['name', 'phone'], 'Dana Park', theirs);
    expect(s.conflicts.phone).toEqual({ who: 'Dana Park', theirs, kind: 'event' });
    expect(s.conflicts.name).toBeUndefined();
    const untouched = edit.emptyEdits<F, R>();
    expect(edit.colleagueChanged(untouched, ['phone'], 'Dana Park', theirs)).toBe(untouched);
  });

  it('keep yours moves the edit onto their version; after a 412 it saves again at once', () => {
    const theirs = { name: 'Acme', phone: '999', version: 7 };
    let s: edit.EditState<F, R> = edit.input(edit.startEdit(edit.emptyEdits<F, R>(), 'phone', '555', 3), 'phone', '111');
    const onEvent = edit.keepMine(edit.colleagueChanged(s, ['phone'], 'Dana', theirs), 'phone', (r) => r.version);
    expect(onEvent.resave).toBe(false);
    expect(onEvent.state.drafts.phone).toEqual({ value: '111', version: 7 });
    expect(onEvent.state.conflicts.phone).toBeUndefined();
    s = edit.refused(s, 'phone', 'Dana', theirs);
    const on412 = edit.keepMine(s, 'phone', (r) => r.version);
    expect(on412.resave).toBe(true);
    expect(on412.state.drafts.phone!.version).toBe(7);
    // Nothing to keep without a conflict.
    expect(edit.keepMine(on412.state, 'phone', (r) => r.version).resave).toBe(false);
  });

  it('take theirs closes the edit and hands back their record', () => {
    const theirs = { name: 'Acme', phone: '999', version: 7 };
    const s: edit.EditState<F, R> = edit.refused(edit.startEdit(edit.emptyEdits<F, R>(), 'phone', '555', 3), 'phone', 'Dana', theirs);
    const taken = edit.takeTheirs(s, 'phone');
    expect(taken.theirs).toBe(theirs);
    expect(edit.isEditing(taken.state, 'phone')).toBe(false);
    expect(taken.state.conflicts).toEqual({});
  });

  it('finds the fields a change touched, from the event or by comparing', () => {
    const before = { name: 'Acme', phone: '1', version: 1 };
    const after = { name: 'Acme', phone: '2', version: 2 };
    expect(edit.changedFields<F, R>(['name', 'phone'], undefined, before, after, text)).toEqual(['phone']);
    expect(edit.changedFields<F, R>(['name', 'phone'], ['name', 'custom:x'], before, after, text)).toEqual(['name']);
  });

  it('says a save would change nothing only when the value and the version are the same', () => {
    expect(edit.unchanged('a', 'a', { value: 'a', version: 2 }, 2)).toBe(true);
    expect(edit.unchanged('a', 'a', { value: 'a', version: 2 }, 3)).toBe(false);
    expect(edit.unchanged(null, undefined, { value: '', version: 2 }, 2)).toBe(true);
    expect(edit.unchanged('a', 'b', { value: 'b', version: 2 }, 2)).toBe(false);
  });
});
