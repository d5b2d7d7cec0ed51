import { consume } from '@lit/context';
import { Task, TaskStatus, initialState } from '@lit/task';
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Customer, CustomerPatch } from '../../../shared/customer.js';
import type { PresenceEntry, PresenceUpdate } from '../../../shared/events.js';
import { isPlainClick, paths, presenceAt } from '../shell/routes.js';
import { DEFAULT_STAGES, type Stage } from '../../../shared/stage.js';
import type { User } from '../../../shared/user.js';
import { ApiError, describeError, type ShoalApi, type Versioned } from '../api.js';
import { apiContext, liveContext, userContext } from '../context.js';
import type { StoreChange } from '../data/record-store.js';
import { StoreController } from '../data/store-controller.js';
import { editingText, icons, member, personChip, sectionStyles, type EditingDetail } from '../customer-parts.js';
import { dateOnly, fullDate, timeAgo, websiteHref, websiteLabel } from '../format.js';
import { HighlightController } from '../highlight-controller.js';
import { LiveController } from '../live-controller.js';
import type { LiveClient } from '../live.js';
import { listStages, restoreCustomer } from '../records.js';
import { base, forms, pageHead } from '../styles.js';
import { recordPageStyles } from '../records/record-page.styles.js';
import './shoal-avatar.js';
import './shoal-contact-list.js';
import './shoal-interaction-timeline.js';
import { listNames } from './shoal-online-users.js';
import './shoal-opportunity-list.js';
import '../tasks/shoal-customer-tasks.js';
import type { NavigateDetail } from './shoal-user-menu.js';
import { roomOf } from '../../../shared/rooms.js';

/** The customer fields the page edits, in the order it shows them. */
type Field = 'name' | 'email' | 'phone' | 'website' | 'industry' | 'ownerId' | 'tags' | 'address';

interface FieldSpec {
  name: Field;
  label: string;
  type?: string;
  autocomplete?: string;
  multiline?: boolean;
  hint?: string;
}

const DETAIL_FIELDS: FieldSpec[] = [
  { name: 'email', label: 'Email', type: 'email', autocomplete: 'email' },
  { name: 'phone', label: 'Phone', type: 'tel', autocomplete: 'tel' },
  { name: 'website', label: 'Website', autocomplete: 'url', hint: 'e.g. acme.com' },
  { name: 'industry', label: 'Industry' },
  { name: 'ownerId', label: 'Owner' },
  { name: 'tags', label: 'Tags', hint: 'Separate tags with commas' },
  { name: 'address', label: 'Address', multiline: true, autocomplete: 'street-address' },
];
const NAME_FIELD: FieldSpec = { name: 'name', label: 'Company name', autocomplete: 'organization' };
const ALL_FIELDS = [NAME_FIELD, ...DETAIL_FIELDS];
const specOf = (field: Field) => ALL_FIELDS.find((f) => f.name === field)!;

/** One field being edited: the text in its input and the version the edit is based on. */
interface Draft {
  value: string;
  version: number;
}

/** A colleague's value for a field the rep is editing: theirs or mine? */
interface Conflict {
  who: string;
  theirs: Customer;
  /** `event`: it arrived while editing; `412`: the save was refused because of it. */
  kind: 'event' | '412';
}

/** Who deleted the customer while it was open, and what went with it. */
interface Deleted {
  by: string;
  mine: boolean;
  at: string;
  removed?: { contacts?: number; opportunities?: number; interactions?: number };
}

/** A colleague on this page (one entry per person, whatever their number of tabs). */
interface Viewer {
  id: string;
  name: string;
  color?: string | undefined;
  editing?: string | undefined;
}

/** What the page loads first. */
interface Loaded {
  customer: Versioned<Customer>;
  stages: Stage[];
}

/** A field's value as the input shows it. */
function textOf(customer: Customer | undefined, field: Field): string {
  if (!customer) return '';
  if (field === 'tags') return (customer.tags ?? []).join(', ');
  return (customer[field] as string | undefined) ?? '';
}

/** A field's text as the API takes it: trimmed, a list for tags, null to clear. */
function apiValue(field: Field, text: string): string | string[] | null {
  if (field === 'tags') {
    const tags = [...new Set(text.split(',').map((t) => t.trim()).filter(Boolean))];
    return tags.length ? tags : null;
  }
  const trimmed = text.trim();
  return trimmed || field === 'name' || field === 'email' ? trimmed : null;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * A customer's page: its name and who else is looking at it (and what they are editing),
 * its details edited in place (each field saved on its own with `If-Match`), its contacts,
 * deals and interaction timeline, all kept live. When a colleague changes a field the rep
 * is editing, or saved it first (412), the page says so and asks: keep yours or take theirs.
 * When the customer is deleted while open, it says by whom and offers to restore it.
 *
 * @fires shoal-navigate - The rep followed the link back to Customers. Detail: `{ path: '/customers' }`.
 */
@customElement('shoal-customer-page')
export class ShoalCustomerPage extends LitElement {
  static override styles = [
    base,
    forms,
    sectionStyles,
    pageHead,
    recordPageStyles,
  ];

  /** The id of the customer to show. */
  @property({ attribute: 'customer-id' })
  customerId = '';

  /** The REST client (from `<shoal-app>`, or set directly). */
  @consume({ context: apiContext, subscribe: true })
  @property({ attribute: false })
  api: ShoalApi | undefined;

  /** The live connection (from `<shoal-app>`, or set directly). */
  @consume({ context: liveContext, subscribe: true })
  @property({ attribute: false })
  live: LiveClient | undefined;

  /** The signed-in user (from `<shoal-app>`); their own changes are not flagged. */
  @consume({ context: userContext, subscribe: true })
  @property({ attribute: false })
  user: User | undefined;

  /** The customer as it was when it was deleted, for the page that says so. */
  @state() private gone: Customer | undefined;
  @state() private stages: Stage[] = [...DEFAULT_STAGES];
  @state() private reloads = 0;
  @state() private drafts: Partial<Record<Field, Draft>> = {};
  @state() private conflicts: Partial<Record<Field, Conflict>> = {};
  @state() private errors: Partial<Record<Field, string>> = {};
  @state() private saving: Partial<Record<Field, boolean>> = {};
  @state() private viewers: Viewer[] = [];
  @state() private deleted: Deleted | undefined;
  @state() private restoring = false;
  @state() private restoreError = '';
  /** Shown after a restore ("Restored by Dana Park"). */
  @state() private restoredBy = '';
  /** What screen readers hear about colleagues' changes. */
  @state() private announcement = '';

  /** The field the rep is editing now (for presence). */
  #editingField: Field | undefined;
  /** What a section says the rep is editing there (contacts, deals, timeline). */
  #sectionEditing: string | undefined;
  #sentPresence = '';
  /** Who last changed each field, when it was a colleague. */
  readonly #fieldEditors = new Map<string, string>();
  readonly #highlights = new HighlightController(this);

  readonly #store = new StoreController(this, () => ({ live: this.live, api: this.api }), {
    customer: (change) => this.#onCustomerChange(change),
    // The team's names and colours show from the store.
    user: () => undefined,
    resync: () => {
      this.reloads++;
    },
  });

  readonly #load = new Task<readonly [ShoalApi | undefined, string, number], Loaded>(this, {
    task: async ([api, id]) => {
      if (!api || !id) return initialState;
      const [customer, stages] = await Promise.all([
        api.getCustomer(id),
        listStages(api).catch(() => [...DEFAULT_STAGES]),
        this.#store.store?.team().catch(() => []),
      ]);
      return { customer, stages };
    },
    args: () => [this.api, this.customerId, this.reloads] as const,
    onComplete: ({ customer, stages }) => {
      if (stages.length) this.stages = stages;
      this.deleted = undefined;
      this.gone = undefined;
      void this.#store.store?.snapshot('customer', [customer.value], customer.seq).catch(() => {
        this.reloads++;
      });
    },
  });

  /** The customer as the store has it (while deleted: as it was, for the page that says so). */
  private get customer(): Customer | undefined {
    return (this.customerId ? this.#store.store?.get('customer', this.customerId) : undefined) ?? (this.deleted ? this.gone : undefined);
  }

  /** The team, by name (the store loads it once). */
  private get team(): User[] {
    return this.#store.store?.users() ?? [];
  }

  /** A record a REST call answered (a save, a 412's current record, a restore): into the store. */
  #put(customer: Customer): void {
    this.#store.store?.put('customer', customer);
  }

  readonly #live = new LiveController(this, () => this.live, {
    presence: (room, entries) => {
      if (room === roomOf({ kind: 'presence', view: 'customer', recordId: this.customerId })) this.#onPresence(entries);
    },
    state: (state) => {
      if (state === 'live' && this.#load.status === TaskStatus.ERROR) this.reloads++;
    },
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this.#sentPresence = '';
    this.#sendPresence();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Leave this customer's room: say where the tab went (the next page may not say it).
    if (this.live && this.#sentPresence) this.live.setPresence(presenceAt(globalThis.location?.pathname ?? '/'));
    this.#sentPresence = '';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('customerId') && changed.get('customerId') !== undefined) {
      this.gone = undefined;
      this.drafts = {};
      this.conflicts = {};
      this.errors = {};
      this.viewers = [];
      this.deleted = undefined;
    }
    if (changed.has('live') || changed.has('customerId')) this.#sendPresence();
  }

  /** Tells the room where this rep is and what they are editing (only when it changes). */
  #sendPresence(): void {
    if (!this.live || !this.customerId || !this.isConnected) return;
    const editing = this.#editingField ?? this.#sectionEditing;
    const update: PresenceUpdate = { view: 'customer', recordId: this.customerId, ...(editing ? { editing } : {}) };
    const key = JSON.stringify(update);
    if (key === this.#sentPresence) return;
    this.#sentPresence = key;
    this.live.setPresence(update);
  }

  #onPresence(entries: PresenceEntry[]): void {
    const me = this.user?.id;
    const seen = new Map<string, Viewer>();
    for (const entry of entries) {
      if (entry.actor.id === me || entry.recordId !== this.customerId) continue;
      const known = seen.get(entry.actor.id);
      if (!known || (!known.editing && entry.editing)) seen.set(entry.actor.id, { id: entry.actor.id, name: entry.actor.name, color: entry.color, editing: entry.editing });
    }
    this.viewers = [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** A change of a customer the store took: this one's, from a colleague, is flagged field by field. */
  #onCustomerChange({ id, event, before, after }: StoreChange<'customer'>): void {
    if (id !== this.customerId || !event) return;
    const mine = event.actor.id === this.user?.id;
    if (event.op === 'deleted') {
      this.gone = before;
      const removed = event.data?.removed;
      this.deleted = { by: event.actor.name, mine, at: event.at, ...(removed ? { removed } : {}) };
      this.drafts = {};
      this.conflicts = {};
      this.#editingField = undefined;
      this.#sectionEditing = undefined;
      this.#sendPresence();
      this.announcement = `${mine ? 'You' : event.actor.name} deleted ${before?.name ?? 'this customer'}`;
      return;
    }
    const data = after;
    if (!data) return;
    if (event.op === 'restored') {
      this.deleted = undefined;
      this.gone = undefined;
      this.restoredBy = mine ? '' : event.actor.name;
      this.announcement = mine ? '' : `${event.actor.name} restored ${data.name}`;
      return;
    }
    const fields = (event.fields ?? ALL_FIELDS.map((f) => f.name).filter((f) => !same(textOf(before, f), textOf(data, f)))).filter((f): f is Field =>
      ALL_FIELDS.some((s) => s.name === f),
    );
    if (mine) return;
    const conflicts = { ...this.conflicts };
    for (const field of fields) {
      this.#fieldEditors.set(field, event.actor.name);
      this.#highlights.mark(field, `by ${event.actor.name}`);
      if (this.drafts[field] && !this.saving[field]) conflicts[field] = { who: event.actor.name, theirs: data, kind: 'event' };
    }
    this.conflicts = conflicts;
    if (fields.length) this.announcement = `${event.actor.name} changed ${fields.map((f) => specOf(f).label.toLowerCase()).join(', ')}`;
  }

  // Editing ----------------------------------------------------------------------------------

  #startEdit(field: Field): void {
    if (!this.customer || this.drafts[field]) return;
    this.drafts = { ...this.drafts, [field]: { value: textOf(this.customer, field), version: this.customer.version } };
    this.#editingField = field;
    this.#sendPresence();
    this.#focus(`#edit-${field}`);
  }

  #input(field: Field, value: string): void {
    const draft = this.drafts[field];
    if (!draft) return;
    this.drafts = { ...this.drafts, [field]: { ...draft, value } };
    if (this.errors[field]) this.errors = this.#without(this.errors, field);
  }

  #endEdit(field: Field): void {
    this.drafts = this.#without(this.drafts, field);
    this.conflicts = this.#without(this.conflicts, field);
    this.errors = this.#without(this.errors, field);
    if (this.#editingField === field) this.#editingField = (Object.keys(this.drafts) as Field[])[0];
    this.#sendPresence();
    this.#focus(`button[data-edit="${field}"]`);
  }

  #without<T extends object>(record: T, key: string): T {
    const { [key]: _gone, ...rest } = record as Record<string, unknown>;
    return rest as T;
  }

  #focus(selector: string): void {
    void this.updateComplete.then(() => {
      const target = this.renderRoot.querySelector<HTMLElement>(selector);
      target?.focus();
      if (target instanceof HTMLInputElement && target.type !== 'email') target.select?.();
    });
  }

  #onKey(field: Field, event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this.#endEdit(field);
    } else if (event.key === 'Enter' && (event.target as HTMLElement).tagName === 'TEXTAREA' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void this.#save(field);
    }
  }

  async #save(field: Field, event?: Event): Promise<void> {
    event?.preventDefault();
    const draft = this.drafts[field];
    const customer = this.customer;
    const api = this.api;
    if (!draft || !customer || !api || this.saving[field]) return;
    const value = apiValue(field, draft.value);
    if ((field === 'name' || field === 'email') && !value) {
      this.errors = { ...this.errors, [field]: 'is required' };
      return;
    }
    if (field === 'email' && typeof value === 'string' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) {
      this.errors = { ...this.errors, [field]: 'must be an email address' };
      return;
    }
    const now = field === 'tags' ? (customer.tags?.length ? customer.tags : null) : (customer[field] ?? null);
    if (same(now, value) && draft.version === customer.version) {
      this.#endEdit(field);
      return;
    }
    this.saving = { ...this.saving, [field]: true };
    try {
      const saved = await api.patchCustomer(customer.id, { [field]: value } as CustomerPatch, draft.version);
      this.#put(saved);
      this.#endEdit(field);
    } catch (error) {
      this.#saveFailed(field, error);
    } finally {
      this.saving = this.#without(this.saving, field);
    }
  }

  #saveFailed(field: Field, error: unknown): void {
    if (error instanceof ApiError && error.status === 412 && error.problem.current) {
      const theirs = error.problem.current as Customer;
      this.#put(theirs);
      this.conflicts = { ...this.conflicts, [field]: { who: this.#fieldEditors.get(field) ?? 'A colleague', theirs, kind: '412' } };
      return;
    }
    if (error instanceof ApiError && (error.status === 422 || error.status === 409)) {
      const mine = error.problem.errors?.find((e) => e.path.split('.')[0] === field);
      this.errors = { ...this.errors, [field]: mine?.message ?? (error.problem.detail || 'was refused') };
      this.#focus(`#edit-${field}`);
      return;
    }
    if (error instanceof ApiError && error.status === 404) {
      this.errors = { ...this.errors, [field]: 'could not be saved: this customer was deleted' };
      return;
    }
    this.errors = { ...this.errors, [field]: `could not be saved. ${describeError(error)}` };
  }

  /** Keep yours: the rep's value wins; after a 412 it is saved at once. */
  #keepMine(field: Field): void {
    const conflict = this.conflicts[field];
    const draft = this.drafts[field];
    if (!conflict || !draft) return;
    this.drafts = { ...this.drafts, [field]: { ...draft, version: conflict.theirs.version } };
    this.conflicts = this.#without(this.conflicts, field);
    if (conflict.kind === '412') void this.#save(field);
    else this.#focus(`#edit-${field}`);
  }

  /** Take theirs: drop the rep's edit and show the colleague's value. */
  #takeTheirs(field: Field): void {
    const conflict = this.conflicts[field];
    if (!conflict) return;
    this.#put(conflict.theirs);
    this.#endEdit(field);
  }

  #onSectionEditing(event: CustomEvent<EditingDetail>): void {
    this.#sectionEditing = event.detail.editing;
    this.#sendPresence();
  }

  #navigate(event: MouseEvent, path: string): void {
    if (!isPlainClick(event)) return;
    event.preventDefault();
    this.dispatchEvent(new CustomEvent<NavigateDetail>('shoal-navigate', { detail: { path }, bubbles: true, composed: true }));
  }

  async #restore(): Promise<void> {
    const api = this.api;
    if (!api || this.restoring) return;
    this.restoring = true;
    this.restoreError = '';
    try {
      this.#put(await restoreCustomer(api, this.customerId));
      this.deleted = undefined;
      this.gone = undefined;
      this.restoredBy = '';
      // A customer restored from a 404 page: load the rest of the page too.
      if (this.#load.status === TaskStatus.ERROR) this.reloads++;
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('h1')?.focus());
    } catch (error) {
      this.restoreError =
        error instanceof ApiError && error.status === 404
          ? error.problem.detail || 'This customer can no longer be restored.'
          : error instanceof ApiError && error.status === 409
            ? `It can't come back as it was: ${error.problem.errors?.[0] ? `its email ${error.problem.errors[0].message}` : error.problem.detail}.`
            : describeError(error);
    } finally {
      this.restoring = false;
    }
  }

  // Rendering --------------------------------------------------------------------------------

  #conflictNotice(field: Field) {
    const conflict = this.conflicts[field];
    if (!conflict) return nothing;
    const label = specOf(field).label.toLowerCase();
    const theirs = this.#display(field, conflict.theirs);
    const what = theirs ? html`changed the ${label} to <q>${theirs}</q>` : html`cleared the ${label}`;
    return html`<div class="banner warning conflict" role="alert" data-conflict=${field}>
      <p>
        <strong>${conflict.who}</strong> ${what}${conflict.kind === '412' ? ' before you saved' : ' while you were editing'}. Keep yours, or take theirs?
      </p>
      <div class="choice">
        <button type="button" class="small primary keep" @click=${() => this.#keepMine(field)}>Keep yours</button>
        <button type="button" class="small take" @click=${() => this.#takeTheirs(field)}>Take theirs</button>
      </div>
    </div>`;
  }

  /** A field's value in words (the owner's name rather than their id). */
  #display(field: Field, customer: Customer): string {
    if (field === 'ownerId') return member(this.team, customer.ownerId)?.name ?? '';
    return textOf(customer, field);
  }

  #editor(spec: FieldSpec) {
    const field = spec.name;
    const draft = this.drafts[field]!;
    const id = `edit-${field}`;
    const error = this.errors[field];
    const describedBy = error ? `${id}-error` : spec.hint ? `${id}-hint` : '';
    const busy = this.saving[field] === true;
    const common = {
      'aria-invalid': error ? 'true' : 'false',
    };
    let control;
    if (field === 'ownerId') {
      const active = this.team.filter((u) => u.active || u.id === draft.value);
      control = html`<select id=${id} aria-describedby=${describedBy || nothing} aria-invalid=${common['aria-invalid']} @change=${(e: Event) => this.#input(field, (e.target as HTMLSelectElement).value)}>
        <option value="" ?selected=${!draft.value}>No owner</option>
        ${active.map((u) => html`<option value=${u.id} ?selected=${u.id === draft.value}>${u.name}</option>`)}
      </select>`;
    } else if (spec.multiline) {
      control = html`<textarea
        id=${id}
        rows="3"
        .value=${draft.value}
        autocomplete=${spec.autocomplete ?? 'off'}
        aria-invalid=${common['aria-invalid']}
        aria-describedby=${describedBy || nothing}
        @input=${(e: Event) => this.#input(field, (e.target as HTMLTextAreaElement).value)}
      ></textarea>`;
    } else {
      control = html`<input
        id=${id}
        type=${spec.type ?? 'text'}
        .value=${draft.value}
        autocomplete=${spec.autocomplete ?? 'off'}
        aria-invalid=${common['aria-invalid']}
        aria-describedby=${describedBy || nothing}
        @input=${(e: Event) => this.#input(field, (e.target as HTMLInputElement).value)}
      />`;
    }
    return html`<form class="editor ${field === 'name' ? 'name-editor' : ''}" data-editor=${field} @submit=${(e: Event) => void this.#save(field, e)} @keydown=${(e: KeyboardEvent) => this.#onKey(field, e)}>
      <label for=${id} class="visually-hidden">${spec.label}</label>
      <div class="line">${control}</div>
      ${error
        ? html`<p class="error" id="${id}-error"><span aria-hidden="true">⚠</span><span>${spec.label} ${error}.</span></p>`
        : spec.hint
          ? html`<p class="hint" id="${id}-hint">${spec.hint}</p>`
          : nothing}
      ${this.#conflictNotice(field)}
      <div class="buttons">
        <button type="button" class="small cancel" ?disabled=${busy} @click=${() => this.#endEdit(field)}>Cancel</button>
        <button type="submit" class="small primary save" ?disabled=${busy}>${busy ? 'Saving…' : 'Save'}</button>
      </div>
    </form>`;
  }

  #value(field: Field, customer: Customer) {
    const empty = html`<span class="empty">Not set</span>`;
    switch (field) {
      case 'email':
        return html`<a href="mailto:${customer.email}">${customer.email}</a>`;
      case 'phone':
        return customer.phone ? html`<a href="tel:${customer.phone.replace(/[^\d+]/g, '')}">${customer.phone}</a>` : empty;
      case 'website': {
        const href = websiteHref(customer.website);
        return customer.website ? (href ? html`<a href=${href} target="_blank" rel="noopener noreferrer">${websiteLabel(customer.website)}</a>` : html`<span>${customer.website}</span>`) : empty;
      }
      case 'ownerId':
        return customer.ownerId ? html`<span>${personChip(member(this.team, customer.ownerId))}</span>` : empty;
      case 'tags':
        return customer.tags?.length ? html`<ul class="tags" aria-label="Tags">${customer.tags.map((t) => html`<li class="tag">${t}</li>`)}</ul>` : empty;
      case 'address':
        return customer.address ? html`<span class="address">${customer.address}</span>` : empty;
      default:
        return customer[field] ? html`<span>${customer[field]}</span>` : empty;
    }
  }

  #busyBadge(field: Field) {
    const editors = this.viewers.filter((v) => v.editing === field);
    if (!editors.length) return nothing;
    return html`<span class="busy">${listNames(editors.map((v) => v.name))} ${editors.length === 1 ? 'is' : 'are'} editing</span>`;
  }

  #row(spec: FieldSpec, customer: Customer) {
    const field = spec.name;
    const note = this.#highlights.note(field);
    const busy = this.#busyBadge(field);
    const editing = this.drafts[field] !== undefined;
    return html`<div class="row ${this.#highlights.flashing(field) ? 'flash' : ''} ${editing ? 'editing' : ''}" data-field=${field}>
      <dt>${editing ? html`<span aria-hidden="true">${spec.label}</span>` : spec.label}</dt>
      <dd>
        ${editing
          ? this.#editor(spec)
          : html`<div class="value">
              ${this.#value(field, customer)}
              <button type="button" class="small ghost icon-button" data-edit=${field} aria-label="Edit ${spec.label.toLowerCase()}" title="Edit ${spec.label.toLowerCase()}" @click=${() => this.#startEdit(field)}>
                ${icons.pencil}
              </button>
            </div>`}
        ${note || busy !== nothing ? html`<div class="flags">${note ? html`<span class="note">${note}</span>` : nothing} ${busy}</div>` : nothing}
      </dd>
    </div>`;
  }

  #viewers() {
    const viewers = this.viewers;
    if (!viewers.length) return nothing;
    const described = viewers.map((v) => (v.editing ? `${v.name} (${editingText(v.editing)})` : v.name));
    const label = `Also viewing: ${listNames(described)}`;
    const first = viewers[0]!;
    return html`<div class="viewers" role="group" aria-label=${label}>
      <ul>
        ${viewers.slice(0, 5).map(
          (v) => html`<li class=${v.editing ? 'editing' : ''} title=${v.name}>
            <shoal-avatar name=${v.name} color=${v.color ?? nothing} user-id=${v.id} label=${v.editing ? `${v.name}, ${editingText(v.editing)}` : v.name}></shoal-avatar>
          </li>`,
        )}
      </ul>
      <span class="who" aria-hidden="true">
        ${viewers.length === 1
          ? html`<strong>${first.name}</strong> ${first.editing ? editingText(first.editing) : 'is here too'}`
          : html`<strong>${viewers.length} colleagues</strong> here${viewers.some((v) => v.editing) ? html` · ${viewers.filter((v) => v.editing).length} editing` : nothing}`}
      </span>
    </div>`;
  }

  #header(customer: Customer) {
    const owner = member(this.team, customer.ownerId);
    const initials = customer.name.trim().slice(0, 1).toUpperCase();
    const note = this.#highlights.note('name');
    return html`<div class="head">
      <div class="identity">
        <span class="monogram" aria-hidden="true">${initials}</span>
        <div style="min-width: 0; flex: 1">
          ${this.drafts.name
            ? this.#editor(NAME_FIELD)
            : html`<div class="title-row ${this.#highlights.flashing('name') ? 'flash' : ''}" data-field="name">
                <h1 tabindex="-1">${customer.name}</h1>
                <button type="button" class="small ghost icon-button" data-edit="name" aria-label="Edit company name" title="Edit company name" @click=${() => this.#startEdit('name')}>
                  ${icons.pencil}
                </button>
                ${note ? html`<span class="note">${note}</span>` : nothing} ${this.#busyBadge('name')}
              </div>`}
          <p class="subtitle">
            ${customer.industry ? html`<span>${customer.industry}</span>` : nothing}
            ${owner ? html`<span>Owner ${personChip(owner)}</span>` : nothing}
            <span>Customer since <time datetime=${customer.createdAt} title=${fullDate(customer.createdAt)}>${dateOnly(customer.createdAt)}</time></span>
          </p>
        </div>
      </div>
      ${this.#viewers()}
    </div>`;
  }

  #details(customer: Customer) {
    return html`<section class="card" aria-labelledby="details-title">
      <div class="section-head">
        <h2 id="details-title">About</h2>
        <span class="summary">Updated <time datetime=${customer.updatedAt} title=${fullDate(customer.updatedAt)}>${timeAgo(customer.updatedAt)}</time></span>
      </div>
      <dl>${DETAIL_FIELDS.map((spec) => this.#row(spec, customer))}</dl>
    </section>`;
  }

  #deletedState(customer: Customer | undefined, deleted: Deleted) {
    const removed = deleted.removed;
    const parts = removed
      ? [
          removed.contacts ? plural(removed.contacts, 'contact', 'contacts') : '',
          removed.opportunities ? plural(removed.opportunities, 'deal', 'deals') : '',
          removed.interactions ? plural(removed.interactions, 'logged interaction', 'logged interactions') : '',
        ].filter(Boolean)
      : [];
    return html`<section class="card deleted" role="alert" aria-labelledby="deleted-title">
      <h2 id="deleted-title">Deleted by ${deleted.mine ? 'you' : deleted.by}</h2>
      <p>
        ${customer?.name ?? 'This customer'} was deleted <time datetime=${deleted.at} title=${fullDate(deleted.at)}>${timeAgo(deleted.at)}</time>${parts.length
          ? html`, together with its ${listNames(parts)}`
          : nothing}.
        It can be restored for 30 days, with everything that went with it.
      </p>
      ${this.restoreError ? html`<p class="banner error-banner" role="alert">${this.restoreError}</p>` : nothing}
      <div class="actions">
        <button type="button" class="primary restore" ?disabled=${this.restoring} @click=${() => void this.#restore()}>${this.restoring ? 'Restoring…' : 'Restore'}</button>
        <a class="button" href=${paths.customers()} @click=${(e: MouseEvent) => this.#navigate(e, paths.customers())}>Back to customers</a>
      </div>
    </section>`;
  }

  #loadError(error: unknown) {
    const missing = error instanceof ApiError && error.status === 404;
    return html`<section class="card page-state" role="alert">
      <h1 tabindex="-1">${missing ? 'This customer is not here' : "We couldn't load this customer"}</h1>
      <p>
        ${missing
          ? 'It may have been deleted, or the link is wrong. If a colleague deleted it in the last 30 days, you can restore it.'
          : describeError(error)}
      </p>
      ${this.restoreError ? html`<p class="banner error-banner">${this.restoreError}</p>` : nothing}
      <div class="actions">
        ${missing
          ? html`<button type="button" class="restore" ?disabled=${this.restoring} @click=${() => void this.#restore()}>${this.restoring ? 'Restoring…' : 'Try to restore it'}</button>`
          : html`<button type="button" class="primary retry" @click=${() => this.reloads++}>Try again</button>`}
        <a class="button" href=${paths.customers()} @click=${(e: MouseEvent) => this.#navigate(e, paths.customers())}>Back to customers</a>
      </div>
    </section>`;
  }

  protected override render() {
    const customer = this.customer;
    const status = this.#load.status;
    const crumbs = html`<nav class="crumbs" aria-label="Breadcrumb">
      <a href=${paths.customers()} @click=${(e: MouseEvent) => this.#navigate(e, paths.customers())}><span aria-hidden="true">←</span> Customers</a>
    </nav>`;
    let body;
    if (this.deleted) {
      body = html`${customer ? this.#header(customer) : nothing} ${this.#deletedState(customer, this.deleted)}`;
    } else if (!customer && status === TaskStatus.ERROR) {
      body = this.#loadError(this.#load.error);
    } else if (!customer) {
      body = html`<div class="page-skeleton" role="status" aria-label="Loading customer">
        <div class="bar"></div>
        <div class="block"></div>
      </div>`;
    } else {
      body = html`${this.#header(customer)}
        ${this.restoredBy
          ? html`<p class="banner success restored" role="status">
              Restored by ${this.restoredBy}.
              <button type="button" class="small ghost" @click=${() => (this.restoredBy = '')}>Dismiss</button>
            </p>`
          : nothing}
        <div class="layout" @shoal-editing=${(e: CustomEvent<EditingDetail>) => this.#onSectionEditing(e)}>
          <div class="column">
            ${this.#details(customer)}
            <shoal-contact-list .customerId=${customer.id} .api=${this.api} .live=${this.live} .user=${this.user}></shoal-contact-list>
          </div>
          <div class="column">
            <shoal-customer-tasks .customerId=${customer.id} .team=${this.team} .api=${this.api} .live=${this.live} .user=${this.user}></shoal-customer-tasks>
            <shoal-opportunity-list
              .customerId=${customer.id}
              .team=${this.team}
              .stages=${this.stages}
              .api=${this.api}
              .live=${this.live}
              .user=${this.user}
            ></shoal-opportunity-list>
            <shoal-interaction-timeline .customerId=${customer.id} .team=${this.team} .api=${this.api} .live=${this.live} .user=${this.user}></shoal-interaction-timeline>
          </div>
        </div>`;
    }
    return html`${crumbs}${body}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-customer-page': ShoalCustomerPage;
  }
  interface GlobalEventHandlersEventMap {
    'shoal-editing': CustomEvent<EditingDetail>;
  }
}
