import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { FieldDefinition, FieldEntity } from '../../../shared/field.js';
import type { User } from '../../../shared/user.js';
import type { ShoalApi } from '../api.js';
import { StoreController } from '../data/store-controller.js';
import type { RecordStore } from '../data/record-store.js';
import type { LiveClient } from '../live.js';
import { draftOf, type CustomDraft } from './custom-field-input.js';
import { changedCustom, createCustom, customDraftsOf, customErrorsOf, customInputs, customTyped, readCustom, type CustomDrafts } from './custom-form.js';
import { fieldsOf, loadFields } from './list-api.js';

type Custom = Record<string, unknown> | undefined;
type Source = () => { live: LiveClient | undefined; api: ShoalApi | undefined };

/**
 * One kind of record's custom field definitions for a view that has no list to hand them down:
 * the store's, loaded once per store (`GET /api/fields`) and kept live by their change events
 * (the host updates on each, so one an admin adds shows at once).
 */
export class FieldDefinitions implements ReactiveController {
  readonly #store: StoreController;
  #loadedFor: RecordStore | undefined;

  constructor(
    host: ReactiveControllerHost,
    private readonly entity: FieldEntity,
    private readonly source: Source,
  ) {
    host.addController(this);
    this.#store = new StoreController(host, source, { field: () => undefined });
  }

  hostUpdated(): void {
    this.load();
  }

  /** The definitions, oldest first. */
  get defs(): FieldDefinition[] {
    return fieldsOf(this.#store.store, this.entity);
  }

  /** Loads the definitions into the store, once per store. */
  load(): void {
    const store = this.#store.store;
    const api = this.source().api;
    if (!store || !api || this.#loadedFor === store) return;
    this.#loadedFor = store;
    loadFields(store, api).catch(() => {
      // Shown without their custom fields; the next view opened tries again.
    });
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The custom fields of one kind of record in a form that has no list of its own to hand it the
 * definitions (the interaction form, the task dialog): the store's definitions, loaded once per
 * store and kept live by their change events (one an admin adds while the form is open gets its
 * control), the drafts and errors by key, and custom-form.ts's rules for them: only the changed
 * keys in a PATCH, a required field held here, a 422 on `custom.<key>` shown at its control.
 */
export class CustomFormFields implements ReactiveController {
  /** The drafts by key (a key without one stands at the record's value). */
  drafts: CustomDrafts = {};
  /** The errors to show by key. */
  errors: Record<string, string> = {};

  readonly #fields: FieldDefinitions;

  constructor(
    private readonly host: ReactiveControllerHost & { renderRoot: HTMLElement | DocumentFragment },
    entity: FieldEntity,
    source: Source,
    private readonly idPrefix: string,
  ) {
    host.addController(this);
    this.#fields = new FieldDefinitions(host, entity, source);
  }

  hostConnected(): void {}

  /** The definitions, oldest first. */
  get defs(): FieldDefinition[] {
    return this.#fields.defs;
  }

  /** A new edit or create begins: drafts of the record's values (none: empty). */
  start(custom: Custom): void {
    this.#fields.load();
    this.drafts = customDraftsOf(this.defs, custom);
    this.errors = {};
    this.host.requestUpdate();
  }

  /** The rep changed a control. */
  set(key: string, value: CustomDraft): void {
    ({ drafts: this.drafts, errors: this.errors } = customTyped(this.drafts, this.errors, key, value));
    this.host.requestUpdate();
  }

  /**
   * The drafts checked (`before`: the record's values on an edit): the values by key, and
   * whether any error holds the save (shown at its control).
   */
  check(before?: Custom): { values: Record<string, unknown>; ok: boolean } {
    const { values, errors } = readCustom(this.defs, this.drafts, before === undefined ? undefined : (before ?? {}));
    this.errors = errors;
    this.host.requestUpdate();
    return { values, ok: !Object.keys(errors).length };
  }

  /** The first key with an error, in the definitions' order. */
  get firstError(): string | undefined {
    return this.defs.find((d) => this.errors[d.key])?.key;
  }

  /** Focuses the control of the first key with an error; false when none has one. */
  focusError(): boolean {
    const key = this.firstError;
    if (!key) return false;
    void this.host.updateComplete.then(() => this.host.renderRoot.querySelector<HTMLElement>(`[data-field="custom.${key}"] :is(input, select, textarea)`)?.focus());
    return true;
  }

  /** The `custom` of a create body (undefined when no key holds anything). */
  createBody(values: Record<string, unknown>): Record<string, unknown> | undefined {
    return createCustom(values);
  }

  /** The `custom` of a PATCH: only the keys changed from the record's (undefined when none). */
  patchBody(values: Record<string, unknown>, before: Custom): Record<string, unknown> | undefined {
    return changedCustom(this.defs, values, before);
  }

  /** A save failed: a 422's `custom.<key>` errors go to their controls; true when there were some. */
  failed(error: unknown): boolean {
    this.errors = customErrorsOf(error, this.defs);
    this.host.requestUpdate();
    return Object.keys(this.errors).length > 0;
  }

  /** Whether a 422 path is about one of the definitions (shown at its control, not in a banner). */
  isCustomPath(path: string): boolean {
    return this.defs.some((d) => path === `custom.${d.key}` || path.startsWith(`custom.${d.key}.`));
  }

  /**
   * A colleague saved `theirs` while the rep edits from `before`: a key the rep left as it was
   * takes their value (so saving does not put the old one back); the keys both changed, to
   * different values, are returned (`custom.<key>`) for the form's "keep yours or take theirs".
   */
  rebase(before: Custom, theirs: Custom): `custom.${string}`[] {
    const conflicts: `custom.${string}`[] = [];
    const drafts = { ...this.drafts };
    for (const def of this.defs) {
      const was = draftOf(def, before?.[def.key]);
      const now = draftOf(def, theirs?.[def.key]);
      const mine = drafts[def.key] ?? was;
      if (same(was, now)) continue;
      if (same(mine, was)) drafts[def.key] = now;
      else if (!same(mine, now)) conflicts.push(`custom.${def.key}`);
    }
    this.drafts = drafts;
    this.host.requestUpdate();
    return conflicts;
  }

  /** Take theirs for some keys (`custom.<key>` names). */
  take(theirs: Custom, fields: readonly string[]): void {
    const drafts = { ...this.drafts };
    for (const def of this.defs) if (fields.includes(`custom.${def.key}`)) drafts[def.key] = draftOf(def, theirs?.[def.key]);
    this.drafts = drafts;
    this.host.requestUpdate();
  }

  /** The label of a `custom.<key>` name (the key when its definition is gone). */
  label(field: string): string {
    return this.defs.find((d) => `custom.${d.key}` === field)?.label ?? field.slice(7);
  }

  /** The controls (use with `customFieldStyles`); `base`: the record's values on an edit. */
  inputs(users: readonly User[], base: Custom) {
    return customInputs({ defs: this.defs, drafts: this.drafts, errors: this.errors, users, base, idPrefix: this.idPrefix, onInput: (key, value) => this.set(key, value) });
  }
}
