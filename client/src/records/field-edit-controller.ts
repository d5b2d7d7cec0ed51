import type { LitElement, ReactiveController } from 'lit';
import { ApiError } from '../api.js';
import * as edit from './field-edit.js';
import { editorId, type EditorHandlers } from './field-editor.js';

/** What saving a field's draft takes: the PATCH body, an error to show, nothing changed, or not now (the page asks something first). */
export type SaveStep = { patch: Record<string, unknown> } | { error: string } | 'unchanged' | 'wait';

export interface FieldEditOptions<F extends string, R extends { id: string; version: number }> {
  /** The record as the store has it. */
  record: () => R | undefined;
  /** A field's value as its input shows it. */
  text: (record: R, field: F) => string;
  /** The PATCH for a field's draft (`extra`: what the page adds, a lost reason). */
  step: (field: F, draft: edit.Draft, record: R, extra: Record<string, unknown>) => SaveStep;
  /** Sends the PATCH with If-Match on `version`; resolves with the record saved. */
  send: (record: R, patch: Record<string, unknown>, version: number) => Promise<R>;
  /** Into the store (a save, or the colleague's version a 412 carried). */
  put: (record: R) => void;
  /** A refusal other than a 412, in words beside the field; `focus`: back into the editor. */
  refusal: (field: F, error: unknown) => { message: string; focus: boolean };
  /** The edits changed what the rep is editing (presence says it). */
  changed: () => void;
  /** Select an input's text when it gets the focus (not an email's). */
  select?: boolean;
}

/**
 * Fields of a record page edited in place (the customer's and the deal's pages): each field
 * saves alone with If-Match on the version its edit began from; a colleague's change of a
 * field being edited, or a 412, asks "Keep yours, or take theirs?" (keep after a 412 saves
 * again on their version). The rules are records/field-edit.ts's; this holds their state for
 * a page and moves the focus (a field's editor while editing, its pencil after).
 */
export class FieldEditController<F extends string, R extends { id: string; version: number }> implements ReactiveController {
  edits: edit.EditState<F, R> = edit.emptyEdits<F, R>();
  /** Who last changed each field, when it was a colleague (named when a save is refused). */
  readonly editors = new Map<string, string>();

  constructor(
    private readonly host: LitElement,
    private readonly options: FieldEditOptions<F, R>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  #set(state: edit.EditState<F, R>): void {
    this.edits = state;
    this.host.requestUpdate();
  }

  /** What the fieldEditor() calls. */
  readonly handlers: EditorHandlers<F> = {
    input: (field, value) => this.#set(edit.input(this.edits, field, value)),
    save: (field) => void this.save(field),
    cancel: (field) => this.end(field),
    keep: (field) => {
      const { state, resave } = edit.keepMine(this.edits, field, (r) => r.version);
      this.#set(state);
      if (resave) void this.save(field);
      else this.focusEditor(field);
    },
    take: (field) => {
      const { state, theirs } = edit.takeTheirs(this.edits, field);
      if (theirs) this.options.put(theirs);
      this.#set(state);
      this.options.changed();
      this.#focus(`button[data-edit="${field}"]`);
    },
  };

  isEditing(field: F): boolean {
    return edit.isEditing(this.edits, field);
  }

  start(field: F): void {
    const record = this.options.record();
    if (!record || this.isEditing(field)) return;
    this.#set(edit.startEdit(this.edits, field, this.options.text(record, field), record.version));
    this.options.changed();
    this.focusEditor(field);
  }

  end(field: F): void {
    this.#set(edit.endEdit(this.edits, field));
    this.options.changed();
    this.#focus(`button[data-edit="${field}"]`);
  }

  /** Every edit closed (the record was deleted, or another one is shown). */
  closeAll(): void {
    this.#set(edit.closeAll());
  }

  /** Shows an error beside a field being edited. */
  error(field: F, message: string): void {
    this.#set(edit.setError(this.edits, field, message));
  }

  /** A colleague changed these fields: flag the ones being edited (their version kept for "take theirs"). */
  colleague(fields: readonly F[], who: string, theirs: R): void {
    for (const field of fields) this.editors.set(field, who);
    this.#set(edit.colleagueChanged(this.edits, fields, who, theirs));
  }

  /** The editor's control (a multiselect's first box). */
  focusEditor(field: F): void {
    this.#focus(`#${editorId(field)}, [data-editor="${field}"] input`);
  }

  #focus(selector: string): void {
    void this.host.updateComplete.then(() => {
      const target = this.host.renderRoot.querySelector<HTMLElement>(selector);
      target?.focus();
      if (this.options.select && target instanceof HTMLInputElement && target.type !== 'email') target.select?.();
    });
  }

  async save(field: F, extra: Record<string, unknown> = {}): Promise<void> {
    const draft = this.edits.drafts[field];
    const record = this.options.record();
    if (!draft || !record || this.edits.saving[field]) return;
    const step = this.options.step(field, draft, record, extra);
    if (step === 'wait') return;
    if (step === 'unchanged') return this.end(field);
    if ('error' in step) return this.error(field, step.error);
    this.#set(edit.setSaving(this.edits, field, true));
    try {
      const saved = await this.options.send(record, step.patch, draft.version);
      this.options.put(saved);
      this.#set(edit.setSaving(this.edits, field, false));
      this.end(field);
    } catch (error) {
      this.#set(edit.setSaving(this.edits, field, false));
      if (error instanceof ApiError && error.status === 412 && error.problem.current) {
        const theirs = error.problem.current as R;
        this.options.put(theirs);
        this.#set(edit.refused(this.edits, field, this.editors.get(field) ?? 'A colleague', theirs));
        return;
      }
      const { message, focus } = this.options.refusal(field, error);
      this.error(field, message);
      if (focus) this.focusEditor(field);
    }
  }
}
