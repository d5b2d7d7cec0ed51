import { consume } from '@lit/context';
import { Task, TaskStatus, initialState } from '@lit/task';
import { LitElement, css, html, nothing, svg } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ChangeEvent } from '../../../shared/events.js';
import type { Interaction, InteractionCreate, InteractionType } from '../../../shared/interaction.js';
import type { User } from '../../../shared/user.js';
import { describeError, type ShoalApi } from '../api.js';
import { apiContext, liveContext, userContext } from '../context.js';
import { headingCount, member, sectionStyles, type EditingDetail } from '../customer-parts.js';
import { fieldErrorsOf } from '../fields.js';
import { fullDate, timeAgo } from '../format.js';
import { HighlightController } from '../highlight-controller.js';
import { SnapshotFigures, type StoreChange } from '../data/record-store.js';
import { StoreController, reloadWithCustomer } from '../data/store-controller.js';
import type { LiveClient } from '../live.js';
import { createInteraction, listInteractions, type ListPage } from '../records.js';
import { mentionChipStyles, renderNotes } from '../mentions/mention-notes.js';
import { base, forms } from '../styles.js';
import './shoal-avatar.js';
import '../mentions/shoal-mention-picker.js';

type FormField = 'date' | 'subject' | 'notes' | 'durationMinutes';
interface Values {
  type: InteractionType;
  date: string;
  subject: string;
  notes: string;
  durationMinutes: string;
}

const TYPES: { type: InteractionType; label: string; verb: string; submit: string }[] = [
  { type: 'call', label: 'Call', verb: 'Log a call', submit: 'Log call' },
  { type: 'meeting', label: 'Meeting', verb: 'Log a meeting', submit: 'Log meeting' },
  { type: 'email', label: 'Email', verb: 'Log an email', submit: 'Log email' },
  { type: 'note', label: 'Note', verb: 'Add a note', submit: 'Save note' },
];
const typeInfo = (type: InteractionType) => TYPES.find((t) => t.type === type)!;
const hasDuration = (type: InteractionType) => type === 'call' || type === 'meeting';

const ICON_PATHS: Record<InteractionType, ReturnType<typeof svg>> = {
  call: svg`<path d="M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2" />`,
  meeting: svg`<circle cx="9" cy="7" r="4" /><path d="M3 21v-2a4 4 0 0 1 4-4h4a4 4 0 0 1 4 4v2M16 3.13a4 4 0 0 1 0 7.75M21 21v-2a4 4 0 0 0-3-3.85" />`,
  email: svg`<rect x="3" y="5" width="18" height="14" rx="2" /><path d="m3 7 9 6 9-6" />`,
  note: svg`<path d="M14 3v4a1 1 0 0 0 1 1h4" /><path d="M17 21H7a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h7l5 5v11a2 2 0 0 1-2 2zM9 13h6M9 17h4" />`,
};

/** The icon of an interaction type. */
const typeIcon = (type: InteractionType, size = 18) =>
  html`<svg aria-hidden="true" viewBox="0 0 24 24" width=${size} height=${size} fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${ICON_PATHS[type]}</svg>`;

/** Now, as a `datetime-local` input wants it (local time, to the minute). */
function localNow(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(now.getMinutes())}`;
}

/** "just now", "3 hours ago", "2 days ago"; past a week, the date and time. */
function whenText(iso: string): string {
  return Math.abs(Date.now() - Date.parse(iso)) < 7 * 86_400_000 ? timeAgo(iso) : fullDate(iso);
}

const newestFirst = (a: Interaction, b: Interaction) => b.date.localeCompare(a.date) || b.createdAt.localeCompare(a.createdAt);

/**
 * A customer's history of calls, meetings, emails and notes, newest first, with who logged
 * each one and when, and a form to log a new one (date, subject, notes, and a duration for
 * calls and meetings). Entries colleagues log appear live, sliding in with their name.
 *
 * @fires shoal-editing - The rep opened or closed the form. Detail: `{ editing: 'interactions' | undefined }`.
 */
@customElement('shoal-interaction-timeline')
export class ShoalInteractionTimeline extends LitElement {
  static override styles = [
    base,
    forms,
    sectionStyles,
    mentionChipStyles,
    css`
      .log {
        display: flex;
        flex-wrap: wrap;
        gap: 0.375rem;
      }
      .log button {
        gap: 0.375rem;
      }
      .form-wrap {
        padding: 0.75rem 1.125rem 0;
      }
      fieldset {
        border: none;
        margin: 0;
        padding: 0;
        min-width: 0;
      }
      legend {
        font-size: 0.875rem;
        font-weight: 600;
        margin-bottom: 0.3125rem;
        padding: 0;
      }
      .types {
        display: flex;
        flex-wrap: wrap;
        gap: 0.375rem;
      }
      .types label {
        display: inline-flex;
        align-items: center;
        gap: 0.375rem;
        margin: 0;
        padding: 0.375rem 0.75rem;
        border: 1px solid var(--shoal-border-strong, #c5ced8);
        border-radius: 999px;
        background: var(--shoal-surface, #fff);
        font-weight: 500;
        cursor: pointer;
      }
      .types input {
        position: absolute;
        opacity: 0;
        width: 1px;
        height: 1px;
        min-height: 0;
        padding: 0;
      }
      .types label:has(input:checked) {
        border-color: var(--shoal-primary, #0b6e99);
        background: #e7f3f8;
        color: #084e6d;
      }
      .types label:has(input:focus-visible) {
        outline: 2px solid var(--shoal-focus, #1d6fd8);
        outline-offset: 2px;
      }
      textarea {
        min-height: 5rem;
        resize: vertical;
      }
      ol.timeline {
        list-style: none;
        margin: 0;
        padding: 0.5rem 1.125rem 0.75rem;
      }
      li.entry {
        position: relative;
        display: grid;
        grid-template-columns: 2.25rem minmax(0, 1fr);
        gap: 0.75rem;
        padding: 0.625rem 0.5rem 0.875rem;
        margin: 0 -0.5rem;
        border-radius: 0.5rem;
      }
      li.entry:not(:last-child)::before {
        content: '';
        position: absolute;
        left: calc(0.5rem + 1.125rem - 1px);
        top: 2.875rem;
        bottom: -0.25rem;
        width: 2px;
        background: var(--shoal-border, #e3e8ee);
      }
      li.entry.arrived {
        animation:
          slide-in 0.45s ease-out,
          flash 3s ease-out;
      }
      @keyframes slide-in {
        from {
          opacity: 0;
          transform: translateY(-0.75rem);
        }
        to {
          opacity: 1;
          transform: none;
        }
      }
      .icon {
        position: relative;
        z-index: 1;
        display: grid;
        place-items: center;
        width: 2.25rem;
        height: 2.25rem;
        border-radius: 50%;
      }
      .icon.call {
        background: #e0f2fe;
        color: #075985;
      }
      .icon.meeting {
        background: #ede9fe;
        color: #5b21b6;
      }
      .icon.email {
        background: #dcfce7;
        color: #166534;
      }
      .icon.note {
        background: #fef3c7;
        color: #92400e;
      }
      .top {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        justify-content: space-between;
        gap: 0.125rem 0.75rem;
      }
      .what {
        font-size: 0.9375rem;
        overflow-wrap: anywhere;
      }
      .what .kind {
        font-weight: 600;
      }
      .when {
        font-size: 0.8125rem;
        color: var(--shoal-muted, #536171);
        white-space: nowrap;
      }
      .meta {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.25rem 0.75rem;
        margin-top: 0.25rem;
        font-size: 0.8125rem;
        color: var(--shoal-muted, #536171);
        --shoal-avatar-size: 1.25rem;
      }
      .notes {
        margin: 0.375rem 0 0;
        font-size: 0.875rem;
        line-height: 1.5;
        white-space: pre-line;
        overflow-wrap: anywhere;
      }
      .more {
        display: flex;
        justify-content: center;
        padding: 0 1.125rem 1rem;
      }
      @media (max-width: 34rem) {
        .form-wrap {
          padding: 0.75rem 0.875rem 0;
        }
        ol.timeline {
          padding: 0.5rem 0.875rem 0.75rem;
        }
        .log {
          display: grid;
          grid-template-columns: repeat(4, minmax(0, 1fr));
          width: 100%;
        }
        .log button {
          flex-direction: column;
          gap: 0.125rem;
          padding: 0.375rem 0.25rem;
          font-size: 0.75rem;
        }
      }
      @media (prefers-reduced-motion: reduce) {
        li.entry.arrived {
          animation: none;
          background-color: var(--shoal-highlight, #fff1b8);
        }
      }
    `,
  ];

  /** The customer whose history to show. */
  @property({ attribute: 'customer-id' })
  customerId = '';

  /** The team, for who logged each entry. */
  @property({ attribute: false })
  team: User[] = [];

  /** The REST client (from `<shoal-app>`, or set directly). */
  @consume({ context: apiContext, subscribe: true })
  @property({ attribute: false })
  api: ShoalApi | undefined;

  /** The live connection (from `<shoal-app>`, or set directly). */
  @consume({ context: liveContext, subscribe: true })
  @property({ attribute: false })
  live: LiveClient | undefined;

  /** The signed-in user; what they log is not flagged as someone else's. */
  @consume({ context: userContext, subscribe: true })
  @property({ attribute: false })
  user: User | undefined;

  @state() private total = 0;
  @state() private nextCursor: string | undefined;
  @state() private loaded = false;
  @state() private reloads = 0;
  @state() private loadingMore = false;
  @state() private moreError = '';
  @state() private formOpen = false;
  @state() private values: Values = { type: 'call', date: '', subject: '', notes: '', durationMinutes: '' };
  @state() private errors: Partial<Record<FormField, string>> = {};
  @state() private formError = '';
  @state() private saving = false;
  @state() private announcement = '';

  readonly #highlights = new HighlightController(this);
  #idempotency: { body: string; key: string } | undefined;
  #clock: ReturnType<typeof setInterval> | undefined;

  readonly #task = new Task<readonly [ShoalApi | undefined, string, number], ListPage<Interaction>>(this, {
    task: async ([api, customerId], { signal }) => {
      this.#figures.loading();
      return api && customerId ? listInteractions(api, customerId, undefined, signal) : initialState;
    },
    args: () => [this.api, this.customerId, this.reloads] as const,
    onComplete: (page) => {
      this.total = page.total;
      this.#figures.reset(page.seq);
      this.#page(page.items, page.nextCursor);
      this.loaded = true;
      this.#store.store?.snapshot('interaction', page.items, page.seq).then(
        (gap) => {
          for (const event of gap) this.#count(event);
        },
        () => {
          this.reloads++;
        },
      );
    },
  });

  readonly #store = new StoreController(this, () => ({ live: this.live, api: this.api }), {
    interaction: (change) => this.#onInteractionChange(change),
    ...reloadWithCustomer(
      () => this.customerId,
      () => this.reloads++,
    ),
  });

  /** The total counts each change after the loaded page's seq once. */
  readonly #figures = new SnapshotFigures();
  /** Interactions this rep logged and counted from the answer, before their change events came. */
  readonly #countedHere = new Set<string>();
  /** The oldest entry loaded while older pages remain: older ones show when paging there. */
  #boundary: Interaction | undefined;

  /** The customer's timeline as the store has it, newest first, down to the oldest entry loaded. */
  private get entries(): Interaction[] {
    const boundary = this.nextCursor ? this.#boundary : undefined;
    const all = this.#store.store?.where('interaction', (i) => i.customerId === this.customerId && (!boundary || newestFirst(i, boundary) <= 0)) ?? [];
    return all.sort(newestFirst);
  }

  /** Where the loaded pages end. */
  #page(items: Interaction[], nextCursor: string | undefined): void {
    this.nextCursor = nextCursor;
    const last = items.at(-1);
    if (last && (!this.#boundary || newestFirst(last, this.#boundary) > 0 || !nextCursor)) this.#boundary = last;
  }

  /** An interaction logged or deleted after the loaded page changes the total (once). */
  #count(event: ChangeEvent): void {
    if (event.entity !== 'interaction' || !this.#figures.take(event)) return;
    if (event.data?.customerId !== this.customerId) return;
    if (event.op === 'created' && this.#countedHere.delete(event.id)) return;
    if (event.op === 'created' || event.op === 'restored') this.total += 1;
    else if (event.op === 'deleted') this.total = Math.max(0, this.total - 1);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // "5 minutes ago" moves on by itself.
    this.#clock = setInterval(() => this.requestUpdate(), 60_000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#clock);
  }

  /** An interaction change the store took: count it, and flag a colleague's. */
  #onInteractionChange({ id, event, before, after }: StoreChange<'interaction'>): void {
    if (!event) return;
    this.#count(event);
    const data = after;
    if (!data || data.customerId !== this.customerId) return;
    const mine = event.actor.id === this.user?.id;
    if (before?.customerId === this.customerId) {
      if (!mine) this.#highlights.mark(id, `edited by ${event.actor.name}`);
      return;
    }
    // Older than everything loaded while more pages remain: it shows up when paging there.
    const boundary = this.nextCursor ? this.#boundary : undefined;
    if (boundary && newestFirst(data, boundary) > 0) return;
    if (!mine) {
      this.#highlights.mark(data.id, `logged by ${event.actor.name}`);
      this.announcement = `${event.actor.name} logged ${data.type === 'note' ? 'a note' : `${data.type === 'email' ? 'an' : 'a'} ${data.type}`}${data.subject ? `: ${data.subject}` : ''}`;
    }
  }

  async #more(): Promise<void> {
    const api = this.api;
    if (!api || !this.nextCursor || this.loadingMore) return;
    this.loadingMore = true;
    this.moreError = '';
    try {
      const page = await listInteractions(api, this.customerId, this.nextCursor);
      for (const item of page.items) this.#store.store?.put('interaction', item);
      this.#page(page.items, page.nextCursor);
    } catch (error) {
      this.moreError = describeError(error);
    } finally {
      this.loadingMore = false;
    }
  }

  #open(type: InteractionType): void {
    this.values = { type, date: localNow(), subject: '', notes: '', durationMinutes: '' };
    this.errors = {};
    this.formError = '';
    this.#idempotency = undefined;
    this.formOpen = true;
    this.dispatchEvent(new CustomEvent<EditingDetail>('shoal-editing', { detail: { editing: 'interactions' }, bubbles: true, composed: true }));
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('#log-subject')?.focus());
  }

  #close(focusType?: InteractionType): void {
    this.formOpen = false;
    this.dispatchEvent(new CustomEvent<EditingDetail>('shoal-editing', { detail: { editing: undefined }, bubbles: true, composed: true }));
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`.log button[data-type="${focusType ?? this.values.type}"]`)?.focus());
  }

  #input(field: keyof Values, value: string): void {
    this.values = { ...this.values, [field]: value } as Values;
    if (field in this.errors) {
      const { [field as FormField]: _gone, ...rest } = this.errors;
      this.errors = rest;
    }
  }

  async #submit(event: Event): Promise<void> {
    event.preventDefault();
    const api = this.api;
    if (!api || this.saving) return;
    const v = this.values;
    const errors: Partial<Record<FormField, string>> = {};
    const when = new Date(v.date);
    if (!v.date || Number.isNaN(when.getTime())) errors.date = 'is required';
    let duration: number | undefined;
    if (hasDuration(v.type) && v.durationMinutes.trim()) {
      duration = Number(v.durationMinutes);
      if (!Number.isInteger(duration) || duration < 0 || duration > 1440) errors.durationMinutes = 'must be a whole number of minutes, up to 1440';
    }
    if (Object.keys(errors).length) {
      this.errors = errors;
      this.renderRoot.querySelector<HTMLElement>(errors.date ? '#log-date' : '#log-durationMinutes')?.focus();
      return;
    }
    const input: InteractionCreate = {
      customerId: this.customerId,
      type: v.type,
      date: when.toISOString(),
      ...(v.subject.trim() ? { subject: v.subject.trim() } : {}),
      ...(v.notes.trim() ? { notes: v.notes.trim() } : {}),
      ...(duration !== undefined ? { durationMinutes: duration } : {}),
    };
    const text = JSON.stringify(input);
    if (this.#idempotency?.body !== text) this.#idempotency = { body: text, key: crypto.randomUUID() };
    this.saving = true;
    this.formError = '';
    try {
      const created = await createInteraction(api, input, this.#idempotency.key);
      // Counted now, unless its change event came first (then it was counted then).
      if (this.#store.store?.put('interaction', created)) {
        this.#countedHere.add(created.id);
        this.total += 1;
      }
      this.announcement = `${typeInfo(created.type).label} logged`;
      this.saving = false;
      this.#close(created.type);
    } catch (error) {
      this.saving = false;
      const { errors: fieldErrors, other } = fieldErrorsOf(error, ['date', 'subject', 'notes', 'durationMinutes']);
      if (Object.keys(fieldErrors).length || other.length) {
        this.errors = fieldErrors as Partial<Record<FormField, string>>;
        this.formError = other.join('; ');
      } else this.formError = describeError(error);
    }
  }

  #textInput(field: FormField, label: string, type = 'text', extra: { min?: string; max?: string; placeholder?: string } = {}) {
    const id = `log-${field}`;
    const error = this.errors[field];
    return html`<div class="field" data-field=${field}>
      <label for=${id}>${label}</label>
      <input
        id=${id}
        name=${field}
        type=${type}
        .value=${this.values[field]}
        min=${extra.min ?? nothing}
        max=${extra.max ?? nothing}
        placeholder=${extra.placeholder ?? nothing}
        autocomplete="off"
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? `${id}-error` : nothing}
        @input=${(e: Event) => this.#input(field, (e.target as HTMLInputElement).value)}
      />
      ${error ? html`<p class="error" id="${id}-error"><span aria-hidden="true">⚠</span><span>${label} ${error}.</span></p>` : nothing}
    </div>`;
  }

  #form() {
    const v = this.values;
    const info = typeInfo(v.type);
    const notesError = this.errors.notes;
    return html`<div class="form-wrap">
      <form
        class="inline-form"
        aria-label=${info.verb}
        novalidate
        @submit=${(e: Event) => void this.#submit(e)}
        @keydown=${(e: KeyboardEvent) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            this.#close();
          }
        }}
      >
        ${this.formError ? html`<div class="banner error-banner" role="alert">${this.formError}</div>` : nothing}
        <fieldset>
          <legend>Type</legend>
          <div class="types">
            ${TYPES.map(
              (t) => html`<label>
                <input type="radio" name="type" value=${t.type} .checked=${v.type === t.type} @change=${() => this.#input('type', t.type)} />
                ${typeIcon(t.type, 16)} ${t.label}
              </label>`,
            )}
          </div>
        </fieldset>
        <div class="grid">
          ${this.#textInput('subject', 'Subject', 'text', { placeholder: v.type === 'call' ? 'e.g. Pricing follow-up' : '' })} ${this.#textInput('date', 'Date and time', 'datetime-local')}
        </div>
        ${hasDuration(v.type) ? html`<div class="grid">${this.#textInput('durationMinutes', 'Duration (minutes)', 'number', { min: '0', max: '1440' })}</div>` : nothing}
        <div class="field" data-field="notes">
          <label for="log-notes">Notes</label>
          <textarea
            id="log-notes"
            name="notes"
            rows="3"
            .value=${v.notes}
            aria-invalid=${notesError ? 'true' : 'false'}
            aria-describedby=${notesError ? 'log-notes-error' : nothing}
            @input=${(e: Event) => this.#input('notes', (e.target as HTMLTextAreaElement).value)}
          ></textarea>
          <shoal-mention-picker for="log-notes" .team=${this.team}></shoal-mention-picker>
          ${notesError ? html`<p class="error" id="log-notes-error"><span aria-hidden="true">⚠</span><span>Notes ${notesError}.</span></p>` : nothing}
        </div>
        <div class="form-actions">
          <button type="button" class="cancel" ?disabled=${this.saving} @click=${() => this.#close()}>Cancel</button>
          <button type="submit" class="primary" ?disabled=${this.saving}>${this.saving ? 'Saving…' : info.submit}</button>
        </div>
      </form>
    </div>`;
  }

  #entry(entry: Interaction) {
    const info = typeInfo(entry.type);
    const who = member(this.team, entry.userId);
    const note = this.#highlights.note(entry.id);
    const arrived = this.#highlights.flashing(entry.id);
    return html`<li class="entry ${arrived ? 'arrived' : ''}" data-id=${entry.id} data-type=${entry.type}>
      <span class="icon ${entry.type}">${typeIcon(entry.type)}</span>
      <div>
        <div class="top">
          <span class="what"><span class="kind">${info.label}</span>${entry.subject ? html` · ${entry.subject}` : nothing}</span>
          <time class="when" datetime=${entry.date} title=${fullDate(entry.date)}>${whenText(entry.date)}</time>
        </div>
        <div class="meta">
          ${who
            ? html`<span class="person"><shoal-avatar name=${who.name} color=${who.color ?? nothing} user-id=${who.id}></shoal-avatar><span>${who.name}</span></span>`
            : nothing}
          ${entry.durationMinutes ? html`<span>${entry.durationMinutes} min</span>` : nothing}
          ${note ? html`<span class="note">${note}</span>` : nothing}
        </div>
        ${entry.notes ? html`<p class="notes">${renderNotes(entry.notes, this.team)}</p>` : nothing}
      </div>
    </li>`;
  }

  #body() {
    if (!this.loaded && this.#task.status === TaskStatus.ERROR) {
      return html`<div class="state error" role="alert">
        <p>We couldn't load the history. ${describeError(this.#task.error)}</p>
        <button type="button" class="small" @click=${() => this.reloads++}>Try again</button>
      </div>`;
    }
    if (!this.loaded) return html`<div class="skeleton" role="status" aria-label="Loading the timeline"><div></div><div></div><div></div></div>`;
    if (!this.entries.length) return html`<div class="state"><p>Nothing logged yet. Log a call, meeting, email or note to start this customer's history.</p></div>`;
    return html`<ol class="timeline" aria-label="Interactions, newest first">
        ${repeat(
          this.entries,
          (i) => i.id,
          (i) => this.#entry(i),
        )}
      </ol>
      ${this.nextCursor || this.moreError
        ? html`<div class="more">
            ${this.moreError ? html`<p class="error" role="alert">${this.moreError}</p>` : nothing}
            <button type="button" class="small" ?disabled=${this.loadingMore} @click=${() => void this.#more()}>${this.loadingMore ? 'Loading…' : 'Show older'}</button>
          </div>`
        : nothing}`;
  }

  protected override render() {
    return html`<section class="card" aria-labelledby="timeline-title">
      <div class="section-head">
        <h2 id="timeline-title">Activity${this.loaded ? headingCount(this.total) : nothing}</h2>
        <div class="log" role="group" aria-label="Log an interaction">
          ${TYPES.map(
            (t) => html`<button type="button" class="small" data-type=${t.type} aria-label=${t.verb} aria-pressed=${this.formOpen && this.values.type === t.type ? 'true' : 'false'} @click=${() => this.#open(t.type)}>
              ${typeIcon(t.type, 16)} ${t.label}
            </button>`,
          )}
        </div>
      </div>
      ${this.formOpen ? this.#form() : nothing} ${this.#body()}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-interaction-timeline': ShoalInteractionTimeline;
  }
}
