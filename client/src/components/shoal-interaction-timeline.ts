import { Task, TaskStatus, initialState } from '@lit/task';
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ChangeEvent } from '../../../shared/events.js';
import type { Interaction, InteractionType } from '../../../shared/interaction.js';
import type { User } from '../../../shared/user.js';
import { describeError, type ShoalApi } from '../api.js';
import { WithShoalContext } from '../context-mixin.js';
import { headingCount, member, sectionStyles, type EditingDetail } from '../customer-parts.js';
import { fullDate, timeAgo } from '../format.js';
import { INTERACTION_TYPES, INTERACTION_TYPE_INFO, interactionIcon, interactionIconStyles } from '../format/interaction-types.js';
import { HighlightController } from '../highlight-controller.js';
import { SnapshotFigures, type StoreChange } from '../data/record-store.js';
import { StoreController, reloadWithCustomer } from '../data/store-controller.js';
import { listInteractions, type ListPage } from '../records.js';
import { mentionChipStyles, renderNotes } from '../mentions/mention-notes.js';
import { base, forms } from '../styles.js';
import { timelineStyles } from '../interactions/timeline.styles.js';
import type { InteractionSavedDetail } from '../interactions/shoal-interaction-form.js';
import { EntryEditController } from '../interactions/entry-edit-controller.js';
import '../interactions/shoal-interaction-form.js';
import './shoal-avatar.js';
import { FieldDefinitions } from '../lists/custom-form-controller.js';
import { customSummary } from '../lists/custom-values.js';
import { CsvActions } from '../lists/csv-actions.js';

/** "just now", "3 hours ago", "2 days ago"; past a week, the date and time. */
function whenText(iso: string): string {
  return Math.abs(Date.now() - Date.parse(iso)) < 7 * 86_400_000 ? timeAgo(iso) : fullDate(iso);
}

const newestFirst = (a: Interaction, b: Interaction) => b.date.localeCompare(a.date) || b.createdAt.localeCompare(a.createdAt);

/**
 * A customer's history of calls, meetings, emails and notes, newest first, with who logged
 * each one and when, and a form to log a new one (date, subject, notes, and a duration for
 * calls and meetings). Entries colleagues log appear live, sliding in with their name. Export
 * CSV downloads the customer's interactions.
 *
 * @fires shoal-editing - The rep opened or closed the form. Detail: `{ editing: 'interactions' | undefined }`.
 */
@customElement('shoal-interaction-timeline')
export class ShoalInteractionTimeline extends WithShoalContext(LitElement) {
  static override styles = [base, forms, sectionStyles, mentionChipStyles, interactionIconStyles, timelineStyles];

  /** The customer whose history to show. */
  @property({ attribute: 'customer-id' })
  customerId = '';

  /** The team, for who logged each entry. */
  @property({ attribute: false })
  team: User[] = [];

  @state() private total = 0;
  @state() private nextCursor: string | undefined;
  @state() private loaded = false;
  @state() private reloads = 0;
  @state() private loadingMore = false;
  @state() private moreError = '';
  @state() private formOpen = false;
  @state() private formType: InteractionType = 'call';
  @state() private announcement = '';

  readonly #highlights = new HighlightController(this);
  /** The interactions' custom fields, shown on each entry ("Outcome: Reached"), live. */
  readonly #fields = new FieldDefinitions(this, 'interaction', () => ({ live: this.live, api: this.api }));
  /** Edit and Delete of the entries, with the one interaction form. */
  readonly #entries: EntryEditController = new EntryEditController(this, {
    api: () => this.api,
    store: () => this.#store.store,
    me: () => this.user?.id,
    team: () => this.team,
    say: (text) => (this.announcement = text),
    editing: (on) => {
      // One form at a time: editing an entry closes the log form.
      if (on && this.formOpen) this.formOpen = false;
      this.#editing(on);
    },
    removed: () => void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.log button')?.focus()),
    recreated: (created) => {
      this.#countedHere.add(created.id);
      this.total += 1;
    },
  });
  /** The customer's interactions as CSV, through the interactions' export (lists/csv-actions.ts). */
  readonly #csv = new CsvActions(this, { resource: 'interactions', many: 'interactions' });
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
  #onInteractionChange(change: StoreChange<'interaction'>): void {
    const { id, event, before, after } = change;
    if (!event) return;
    this.#count(event);
    const mine = event.actor.id === this.user?.id;
    this.#entries.changed(change);
    const data = after;
    if (!data || data.customerId !== this.customerId) return;
    if (before?.customerId === this.customerId) {
      if (!mine) this.#highlights.mark(id, `edited by ${event.actor.name}`);
      return;
    }
    // Older than everything loaded while more pages remain: it shows up when paging there.
    const boundary = this.nextCursor ? this.#boundary : undefined;
    if (boundary && newestFirst(data, boundary) > 0) return;
    if (!mine) {
      this.#highlights.mark(data.id, `logged by ${event.actor.name}`);
      this.announcement = `${event.actor.name} logged ${INTERACTION_TYPE_INFO[data.type].noun}${data.subject ? `: ${data.subject}` : ''}`;
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

  #editing(editing: boolean): void {
    this.dispatchEvent(new CustomEvent<EditingDetail>('shoal-editing', { detail: { editing: editing ? 'interactions' : undefined }, bubbles: true, composed: true }));
  }

  #open(type: InteractionType): void {
    this.#entries.end();
    this.formType = type;
    this.formOpen = true;
    this.#editing(true);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.form-wrap shoal-interaction-form')?.focus());
  }

  #close(focusType?: InteractionType): void {
    this.formOpen = false;
    this.#editing(false);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`.log button[data-type="${focusType ?? this.formType}"]`)?.focus());
  }

  #logged({ interaction: created }: InteractionSavedDetail): void {
    // Counted now, unless its change event came first (then it was counted then).
    if (this.#store.store?.put('interaction', created)) {
      this.#countedHere.add(created.id);
      this.total += 1;
    }
    this.announcement = `${INTERACTION_TYPE_INFO[created.type].label} logged`;
    this.#close(created.type);
  }

  /** The form that logs a new interaction. */
  #form() {
    return html`<shoal-interaction-form
      .api=${this.api}
      .team=${this.team}
      customer-id=${this.customerId}
      type=${this.formType}
      @shoal-interaction-saved=${(e: CustomEvent<InteractionSavedDetail>) => this.#logged(e.detail)}
      @shoal-interaction-cancel=${() => this.#close()}
    ></shoal-interaction-form>`;
  }

  #entry(entry: Interaction) {
    if (entry.id === this.#entries.editingId) return html`<li class="entry editing" data-id=${entry.id} data-type=${entry.type}>${this.#entries.form(entry)}</li>`;
    const info = INTERACTION_TYPE_INFO[entry.type];
    const who = member(this.team, entry.userId);
    const note = this.#highlights.note(entry.id);
    const arrived = this.#highlights.flashing(entry.id);
    return html`<li class="entry ${arrived ? 'arrived' : ''}" data-id=${entry.id} data-type=${entry.type}>
      <span class="type-icon ${entry.type}">${interactionIcon(entry.type)}</span>
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
          ${customSummary(this.#fields.defs, entry.custom, this.team).map((c) => html`<span class="custom" data-field=${`custom.${c.key}`}>${c.label}: ${c.text}</span>`)}
          ${note ? html`<span class="note">${note}</span>` : nothing}
        </div>
        ${entry.notes ? html`<p class="notes">${renderNotes(entry.notes, this.team)}</p>` : nothing}
        ${this.#entries.actions(entry)}
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
          ${INTERACTION_TYPES.map(
            (t) => html`<button type="button" class="small" data-type=${t} aria-label=${INTERACTION_TYPE_INFO[t].verb} aria-pressed=${this.formOpen && this.formType === t ? 'true' : 'false'} @click=${() => this.#open(t)}>
              ${interactionIcon(t, 16)} ${INTERACTION_TYPE_INFO[t].label}
            </button>`,
          )}
        </div>
        ${this.loaded && this.total > 0 ? this.#csv.exportLink(this.api, { customerId: this.customerId }, "Download this customer's interactions as a CSV file", true) : nothing}
      </div>
      ${this.formOpen ? html`<div class="form-wrap">${this.#form()}</div>` : nothing} ${this.#body()}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-interaction-timeline': ShoalInteractionTimeline;
  }
}
