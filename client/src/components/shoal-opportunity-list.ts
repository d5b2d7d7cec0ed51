import { consume } from '@lit/context';
import { Task, TaskStatus, initialState } from '@lit/task';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Opportunity, OpportunityCreate } from '../../../shared/opportunity.js';
import { DEFAULT_STAGES, type Stage } from '../../../shared/stage.js';
import type { User } from '../../../shared/user.js';
import { ApiError, describeError, type ShoalApi } from '../api.js';
import { apiContext, liveContext, userContext } from '../context.js';
import { calendarDay, icons, member, personChip, sectionStyles, type EditingDetail } from '../customer-parts.js';
import { AMOUNT_ERROR, money, parseAmount } from '../format/money.js';
import { fieldErrorsOf, textField } from '../fields.js';
import { HighlightController } from '../highlight-controller.js';
import type { StoreChange } from '../data/record-store.js';
import { StoreController, reloadWithCustomer } from '../data/store-controller.js';
import type { LiveClient } from '../live.js';
import { createOpportunity, listOpportunities, patchOpportunity, type ListPage, type RecordPatch } from '../records.js';
import { base, forms } from '../styles.js';
import './shoal-lost-reason-dialog.js';
import type { LostReasonDetail } from './shoal-lost-reason-dialog.js';
import './shoal-avatar.js';
import { isPlainClick, paths } from '../shell/routes.js';
import type { NavigateDetail } from './shoal-user-menu.js';

type DealField = 'name' | 'stage' | 'amount' | 'probability' | 'expectedCloseDate' | 'ownerId' | 'lostReason';
type Values = Record<DealField, string>;
const FIELDS: DealField[] = ['name', 'stage', 'amount', 'probability', 'expectedCloseDate', 'ownerId', 'lostReason'];
const LABELS: Record<DealField, string> = {
  name: 'Deal name',
  stage: 'Stage',
  amount: 'Amount',
  probability: 'Probability (%)',
  expectedCloseDate: 'Expected close',
  ownerId: 'Owner',
  lostReason: 'Why was it lost?',
};


/** The list's order, as the server's `sort=-createdAt`: newest first, then by id. */
const newestFirst = (a: Opportunity, b: Opportunity) => (a.createdAt !== b.createdAt ? (a.createdAt < b.createdAt ? 1 : -1) : a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

const valuesOf = (o: Opportunity): Values => ({
  name: o.name,
  stage: o.stage,
  amount: String(o.amount),
  probability: String(o.probability),
  expectedCloseDate: o.expectedCloseDate?.slice(0, 10) ?? '',
  ownerId: o.ownerId ?? '',
  lostReason: o.lostReason ?? '',
});

/** A stage change waiting for its lost reason. */
interface LostPrompt {
  deal: Opportunity;
  stage: string;
}

/** A save refused because a colleague changed the same fields first. */
interface RowConflict {
  current: Opportunity;
  patch: RecordPatch;
  who: string;
}

/**
 * The deals of one customer: name, stage, amount (in the deal's currency), probability,
 * expected close date and owner. Reps add deals, edit them, and change the stage with a
 * select; moving a deal to a lost stage asks why. Saves send `If-Match`; when a colleague
 * changed the same fields first, the rep chooses to keep theirs or their own. Colleagues'
 * changes, including moves on the pipeline board, arrive live with their name.
 *
 * @fires shoal-navigate - The rep opened a deal's page (its name). Detail: `{ path: '/deals/<id>' }`.
 * @fires shoal-editing - The rep opened or closed the deal form. Detail: `{ editing: 'opportunities' | undefined }`.
 */
@customElement('shoal-opportunity-list')
export class ShoalOpportunityList extends LitElement {
  static override styles = [
    base,
    forms,
    sectionStyles,
    css`
      .table-wrap {
        container-type: inline-size;
      }
      .title-group {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        gap: 0.125rem 0.875rem;
      }
      table {
        width: 100%;
        border-collapse: separate;
        border-spacing: 0;
        font-size: 0.875rem;
      }
      th,
      td {
        text-align: left;
        padding: 0.625rem 0.75rem;
        border-bottom: 1px solid var(--shoal-border, #e3e8ee);
        vertical-align: middle;
      }
      th:first-child,
      td:first-child {
        padding-left: 1.125rem;
      }
      th:last-child,
      td:last-child {
        padding-right: 1.125rem;
      }
      tbody tr:last-child td,
      tbody tr:last-child th {
        border-bottom: none;
      }
      thead th {
        font-size: 0.6875rem;
        font-weight: 600;
        letter-spacing: 0.04em;
        text-transform: uppercase;
        color: var(--shoal-muted, #536171);
        background: var(--shoal-surface-muted, #f7f9fb);
        white-space: nowrap;
      }
      tbody th {
        font-weight: normal;
      }
      .deal-name {
        font-weight: 600;
        font-size: 0.9375rem;
        overflow-wrap: anywhere;
      }
      .outcome {
        display: block;
        font-size: 0.8125rem;
        color: var(--shoal-muted, #536171);
      }
      .outcome.lost {
        color: #912018;
      }
      .outcome.won {
        color: #067647;
      }
      .num {
        text-align: right;
        font-variant-numeric: tabular-nums;
        white-space: nowrap;
      }
      .amount {
        font-weight: 600;
      }
      td.stage select {
        min-height: 2rem;
        padding: 0.25rem 0.5rem;
        font-size: 0.8125rem;
        width: auto;
        max-width: 11rem;
        border-radius: 999px;
        font-weight: 600;
      }
      select[data-kind='won'] {
        background: #ecfdf3;
        border-color: #abefc6;
        color: #05603a;
      }
      select[data-kind='lost'] {
        background: #fef3f2;
        border-color: #fecdca;
        color: #912018;
      }
      .nowrap {
        white-space: nowrap;
      }
      .row-banner td {
        padding-top: 0;
      }
      .row-banner .banner {
        margin: 0;
      }
      td.actions {
        width: 1%;
        white-space: nowrap;
        text-align: right;
      }
      .form-cell {
        padding: 0.5rem 1.125rem;
      }
      .new-form {
        padding: 0.5rem 1.125rem 0;
      }
      .inline-form .grid.three {
        grid-template-columns: repeat(3, minmax(0, 1fr));
      }
      .field select {
        width: 100%;
      }
      dialog form {
        display: contents;
      }
      .state .button-row {
        display: flex;
        gap: 0.5rem;
      }
      @container (max-width: 40rem) {
        thead {
          display: none;
        }
        table,
        tbody,
        tr,
        td,
        tbody th {
          display: block;
        }
        tbody tr.deal {
          display: grid;
          grid-template-columns: auto minmax(0, 1fr) auto;
          grid-template-areas:
            'name name amount'
            'stage stage edit'
            'prob close owner';
          align-items: center;
          gap: 0.375rem 0.875rem;
          padding: 0.75rem 0.875rem;
          border-bottom: 1px solid var(--shoal-border, #e3e8ee);
        }
        tbody tr.deal:last-child {
          border-bottom: none;
        }
        tbody tr.deal > * {
          padding: 0;
          border: none;
        }
        tbody tr.deal > th {
          grid-area: name;
        }
        td.amount-cell {
          grid-area: amount;
          align-self: start;
        }
        td.stage {
          grid-area: stage;
        }
        td.actions {
          grid-area: edit;
          justify-self: end;
        }
        td.prob,
        td.close,
        td.owner {
          font-size: 0.8125rem;
          color: var(--shoal-muted, #536171);
          text-align: left;
        }
        td.prob {
          grid-area: prob;
        }
        td.close {
          grid-area: close;
        }
        td.owner {
          grid-area: owner;
          justify-self: end;
        }
        /* Narrow: the owner's avatar only; screen readers still hear the name. */
        td.owner .person > span:last-child {
          position: absolute;
          width: 1px;
          height: 1px;
          overflow: hidden;
          clip: rect(0 0 0 0);
          white-space: nowrap;
        }
        td.prob::after {
          content: ' likely';
        }
        td.close::before {
          content: attr(data-label) ' ';
        }
        .inline-form .grid.three {
          grid-template-columns: 1fr;
        }
      }
    `,
  ];

  /** The customer whose deals to show. */
  @property({ attribute: 'customer-id' })
  customerId = '';

  /** The team, for owners' names and colours. */
  @property({ attribute: false })
  team: User[] = [];

  /** The pipeline's stages, in order. */
  @property({ attribute: false })
  stages: Stage[] = [...DEFAULT_STAGES];

  /** The REST client (from `<shoal-app>`, or set directly). */
  @consume({ context: apiContext, subscribe: true })
  @property({ attribute: false })
  api: ShoalApi | undefined;

  /** The live connection (from `<shoal-app>`, or set directly). */
  @consume({ context: liveContext, subscribe: true })
  @property({ attribute: false })
  live: LiveClient | undefined;

  /** The signed-in user: owner of new deals by default; their own changes are not flagged. */
  @consume({ context: userContext, subscribe: true })
  @property({ attribute: false })
  user: User | undefined;

  @state() private loaded = false;
  @state() private reloads = 0;
  @state() private editing: Opportunity | 'new' | undefined;
  @state() private values: Values = { name: '', stage: 'prospecting', amount: '', probability: '', expectedCloseDate: '', ownerId: '', lostReason: '' };
  @state() private errors: Partial<Record<DealField, string>> = {};
  @state() private formError = '';
  @state() private saving = false;
  @state() private changedBy = '';
  @state() private conflicts: Record<string, RowConflict> = {};
  @state() private rowErrors: Record<string, string> = {};
  @state() private busyRows: Record<string, boolean> = {};
  @state() private lostPrompt: LostPrompt | undefined;


  readonly #highlights = new HighlightController(this);
  readonly #editors = new Map<string, string>();
  #idempotency: { body: string; key: string } | undefined;

  readonly #task = new Task<readonly [ShoalApi | undefined, string, number], ListPage<Opportunity>>(this, {
    task: async ([api, customerId], { signal }) => (api && customerId ? listOpportunities(api, customerId, signal) : initialState),
    args: () => [this.api, this.customerId, this.reloads] as const,
    onComplete: (page) => {
      this.loaded = true;
      void this.#store.store?.snapshot('opportunity', page.items, page.seq).catch(() => {
        this.reloads++;
      });
    },
  });

  readonly #store = new StoreController(this, () => ({ live: this.live, api: this.api }), {
    opportunity: (change) => this.#onDealChange(change),
    ...reloadWithCustomer(
      () => this.customerId,
      () => this.reloads++,
    ),
  });

  /** The customer's deals, newest first, as the store has them. */
  private get deals(): Opportunity[] {
    return this.#store.store?.where('opportunity', (d) => d.customerId === this.customerId).sort(newestFirst) ?? [];
  }

  #stage(key: string): Stage | undefined {
    return this.stages.find((s) => s.key === key) ?? DEFAULT_STAGES.find((s) => s.key === key);
  }

  /** A deal change the store took: flag a colleague's, and warn when it is the one being edited. */
  #onDealChange({ id, event, before, after }: StoreChange<'opportunity'>): void {
    if (!event || (before?.customerId !== this.customerId && after?.customerId !== this.customerId)) return;
    const mine = event.actor.id === this.user?.id;
    if (!mine) this.#editors.set(id, event.actor.name);
    const editingThis = this.editing !== 'new' && this.editing?.id === id;
    if (!after || after.customerId !== this.customerId) {
      if (editingThis && !mine) this.changedBy = `${event.actor.name} deleted this deal.`;
      return;
    }
    const known = before?.customerId === this.customerId ? before : undefined;
    const data = after;
    if (mine) return;
    const moved = known && known.stage !== data.stage;
    const note = !known ? `added by ${event.actor.name}` : moved ? `moved to ${this.#stage(data.stage)?.name ?? data.stage} by ${event.actor.name}` : `edited by ${event.actor.name}`;
    this.#highlights.mark(data.id, note);
    if (editingThis) this.changedBy = `${event.actor.name} just changed this deal. Saving keeps what you typed for the fields you changed, unless they changed the same ones.`;
  }

  /** The deal's own page, through the shell (a plain click; others open as the browser does). */
  #openPage(event: MouseEvent, id: string): void {
    if (!isPlainClick(event)) return;
    event.preventDefault();
    this.dispatchEvent(new CustomEvent<NavigateDetail>('shoal-navigate', { detail: { path: paths.deal(id) }, bubbles: true, composed: true }));
  }

  #editingEvent(editing: EditingDetail['editing']): void {
    this.dispatchEvent(new CustomEvent<EditingDetail>('shoal-editing', { detail: { editing }, bubbles: true, composed: true }));
  }

  #focus(selector: string): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  #open(deal: Opportunity | 'new'): void {
    this.editing = deal;
    this.values =
      deal === 'new'
        ? { name: '', stage: this.stages.find((s) => s.kind === 'open')?.key ?? 'prospecting', amount: '', probability: '', expectedCloseDate: '', ownerId: this.user?.id ?? '', lostReason: '' }
        : valuesOf(deal);
    this.errors = {};
    this.formError = '';
    this.changedBy = '';
    this.#idempotency = undefined;
    this.#editingEvent('opportunities');
    this.#focus('#field-name');
  }

  #close(): void {
    const was = this.editing;
    this.editing = undefined;
    this.#editingEvent(undefined);
    this.#focus(was && was !== 'new' ? `button[data-edit="${was.id}"]` : 'button.add');
  }

  #input(field: DealField, value: string): void {
    this.values = { ...this.values, [field]: value };
    if (this.errors[field]) {
      const { [field]: _gone, ...rest } = this.errors;
      this.errors = rest;
    }
  }

  /** Checks what can be checked here, and turns the text into API values. */
  #parse(): { body: Record<string, unknown>; errors: Partial<Record<DealField, string>> } {
    const v = this.values;
    const errors: Partial<Record<DealField, string>> = {};
    const body: Record<string, unknown> = {};
    if (!v.name.trim()) errors.name = 'is required';
    body.name = v.name.trim();
    const amount = parseAmount(v.amount);
    if (!v.amount.trim()) errors.amount = 'is required';
    else if (amount === undefined) errors.amount = AMOUNT_ERROR;
    else body.amount = amount;
    if (v.probability.trim()) {
      const p = Number(v.probability);
      if (!Number.isInteger(p) || p < 0 || p > 100) errors.probability = 'must be a whole number from 0 to 100';
      else body.probability = p;
    } else body.probability = null;
    body.stage = v.stage;
    body.expectedCloseDate = v.expectedCloseDate || null;
    body.ownerId = v.ownerId || null;
    if (this.#stage(v.stage)?.kind === 'lost') {
      if (!v.lostReason.trim()) errors.lostReason = 'needs an answer';
      body.lostReason = v.lostReason.trim();
    }
    return { body, errors };
  }

  async #submit(event: Event): Promise<void> {
    event.preventDefault();
    const api = this.api;
    const editing = this.editing;
    if (!api || !editing || this.saving) return;
    const { body, errors } = this.#parse();
    if (Object.keys(errors).length) {
      this.errors = errors;
      this.#focus(`#field-${FIELDS.find((f) => errors[f])}`);
      return;
    }
    this.saving = true;
    this.formError = '';
    try {
      if (editing === 'new') {
        const input: Record<string, unknown> = { customerId: this.customerId };
        for (const [key, value] of Object.entries(body)) if (value !== null && value !== '') input[key] = value;
        const text = JSON.stringify(input);
        if (this.#idempotency?.body !== text) this.#idempotency = { body: text, key: crypto.randomUUID() };
        const created = await createOpportunity(api, input as OpportunityCreate, this.#idempotency.key);
        this.#store.store?.put('opportunity', created);
      } else {
        const before = valuesOf(editing);
        const patch: RecordPatch = {};
        for (const field of FIELDS) if (this.values[field].trim() !== before[field].trim() && field in body) patch[field] = body[field];
        if (Object.keys(patch).length) {
          const saved = await patchOpportunity(api, editing.id, patch, editing.version);
          this.#replace(saved);
        }
      }
      this.saving = false;
      this.#close();
    } catch (error) {
      this.saving = false;
      if (error instanceof ApiError && error.status === 412 && error.problem.current && editing !== 'new') {
        // Show the choice on the deal's row, where the rep can see their value and theirs.
        const current = error.problem.current as Opportunity;
        const before = valuesOf(editing);
        const patch: RecordPatch = {};
        for (const field of FIELDS) if (this.values[field].trim() !== before[field].trim() && field in body) patch[field] = body[field];
        this.#replace(current);
        this.conflicts = { ...this.conflicts, [current.id]: { current, patch, who: this.#editors.get(current.id) ?? 'A colleague' } };
        this.#close();
        return;
      }
      if (error instanceof ApiError && error.status === 404) {
        this.formError = 'This deal was deleted by someone else, so your changes could not be saved.';
        return;
      }
      const { errors: fieldErrors, other } = fieldErrorsOf(error, FIELDS);
      if (Object.keys(fieldErrors).length || other.length) {
        this.errors = fieldErrors;
        this.formError = other.join('; ');
        const first = FIELDS.find((f) => fieldErrors[f]);
        if (first) this.#focus(`#field-${first}`);
      } else this.formError = describeError(error);
    }
  }

  #replace(deal: Opportunity): void {
    this.#store.store?.put('opportunity', deal);
  }

  #onStageSelect(deal: Opportunity, event: Event): void {
    const select = event.target as HTMLSelectElement;
    const stage = select.value;
    if (stage === deal.stage) return;
    if (this.#stage(stage)?.kind === 'lost') {
      this.lostPrompt = { deal, stage };
      return;
    }
    void this.#patchRow(deal, { stage });
  }

  /** Saves a change made on a deal's row (its stage), with the version the row shows. */
  async #patchRow(deal: Opportunity, patch: RecordPatch, version = deal.version): Promise<boolean> {
    const api = this.api;
    if (!api) return false;
    this.busyRows = { ...this.busyRows, [deal.id]: true };
    const { [deal.id]: _e, ...rowErrors } = this.rowErrors;
    this.rowErrors = rowErrors;
    try {
      this.#replace(await patchOpportunity(api, deal.id, patch, version));
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 412 && error.problem.current) {
        const current = error.problem.current as Opportunity;
        this.#replace(current);
        this.conflicts = { ...this.conflicts, [deal.id]: { current, patch, who: this.#editors.get(deal.id) ?? 'A colleague' } };
      } else {
        const { errors, other } = fieldErrorsOf(error, FIELDS);
        const message = Object.entries(errors).map(([f, m]) => `${LABELS[f as DealField]} ${m}`)[0] ?? other[0] ?? describeError(error);
        this.rowErrors = { ...this.rowErrors, [deal.id]: `Not saved: ${message}` };
      }
      // The select still shows the rep's choice: render the stage the deal really has.
      this.requestUpdate();
      return false;
    } finally {
      const { [deal.id]: _b, ...busy } = this.busyRows;
      this.busyRows = busy;
    }
  }

  async #confirmLost(reason: string): Promise<void> {
    const prompt = this.lostPrompt;
    if (!prompt) return;
    this.lostPrompt = undefined;
    const saved = await this.#patchRow(prompt.deal, { stage: prompt.stage, lostReason: reason });
    if (saved) this.#focus(`select[data-deal="${prompt.deal.id}"]`);
  }

  #cancelLost(): void {
    const prompt = this.lostPrompt;
    this.lostPrompt = undefined;
    // Back to the stage the deal has; the select shows it again.
    this.requestUpdate();
    if (prompt) this.#focus(`select[data-deal="${prompt.deal.id}"]`);
  }

  async #keepMine(id: string): Promise<void> {
    const conflict = this.conflicts[id];
    if (!conflict) return;
    const { [id]: _gone, ...rest } = this.conflicts;
    this.conflicts = rest;
    await this.#patchRow(conflict.current, conflict.patch, conflict.current.version);
  }

  #takeTheirs(id: string): void {
    const { [id]: _gone, ...rest } = this.conflicts;
    this.conflicts = rest;
  }

  #selectField(name: 'stage' | 'ownerId', options: { value: string; label: string }[]) {
    const id = `field-${name}`;
    const error = this.errors[name];
    return html`<div class="field" data-field=${name}>
      <label for=${id}>${LABELS[name]}</label>
      <select id=${id} name=${name} aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? `${id}-error` : nothing} @change=${(e: Event) => this.#input(name, (e.target as HTMLSelectElement).value)}>
        ${options.map((o) => html`<option value=${o.value} ?selected=${o.value === this.values[name]}>${o.label}</option>`)}
      </select>
      ${error ? html`<p class="error" id="${id}-error"><span aria-hidden="true">⚠</span><span>${LABELS[name]} ${error}.</span></p>` : nothing}
    </div>`;
  }

  #form() {
    const editing = this.editing;
    if (!editing) return nothing;
    const title = editing === 'new' ? 'New deal' : `Edit ${editing.name}`;
    const currency = editing === 'new' ? 'USD' : editing.currency;
    const text = (name: DealField, type = 'text', extra: { hint?: string; required?: boolean } = {}) =>
      textField({ name, label: name === 'amount' ? `Amount (${currency})` : LABELS[name], type, error: this.errors[name], value: this.values[name], onInput: (v) => this.#input(name, v), ...extra });
    const owners = [{ value: '', label: 'No owner' }, ...this.team.filter((u) => u.active || u.id === this.values.ownerId).map((u) => ({ value: u.id, label: u.name }))];
    const stages = this.stages.map((s) => ({ value: s.key, label: s.name }));
    return html`<form
      class="inline-form"
      aria-label=${title}
      novalidate
      @submit=${(e: Event) => void this.#submit(e)}
      @keydown=${(e: KeyboardEvent) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          this.#close();
        }
      }}
    >
      ${this.changedBy ? html`<div class="banner info" role="status">${this.changedBy}</div>` : nothing}
      ${this.formError ? html`<div class="banner error-banner" role="alert">${this.formError}</div>` : nothing}
      <div class="grid">${text('name', 'text', { required: true })} ${this.#selectField('stage', stages)}</div>
      <div class="grid three">
        ${text('amount', 'text', { required: true })} ${text('probability', 'number', { hint: 'Empty: from the stage' })} ${text('expectedCloseDate', 'date')}
      </div>
      <div class="grid">
        ${this.#selectField('ownerId', owners)}
        ${this.#stage(this.values.stage)?.kind === 'lost' ? html`${text('lostReason', 'text', { required: true })}` : nothing}
      </div>
      <div class="form-actions">
        <button type="button" class="cancel" ?disabled=${this.saving} @click=${() => this.#close()}>Cancel</button>
        <button type="submit" class="primary" ?disabled=${this.saving}>${this.saving ? 'Saving…' : editing === 'new' ? 'Add deal' : 'Save deal'}</button>
      </div>
    </form>`;
  }

  #outcome(deal: Opportunity) {
    const kind = this.#stage(deal.stage)?.kind;
    if (kind === 'lost') return html`<span class="outcome lost">Lost${deal.lostReason ? `: ${deal.lostReason}` : ''}</span>`;
    if (kind === 'won' && deal.closedAt) return html`<span class="outcome won">Won ${calendarDay(deal.closedAt)}</span>`;
    return nothing;
  }

  #conflictRow(deal: Opportunity) {
    const conflict = this.conflicts[deal.id];
    const error = this.rowErrors[deal.id];
    if (!conflict && !error) return nothing;
    if (!conflict) return html`<tr class="row-banner"><td colspan="7"><div class="banner error-banner" role="alert">${error}</div></td></tr>`;
    const changes = Object.keys(conflict.patch)
      .map((f) => {
        const field = f as DealField;
        const theirs = field === 'stage' ? (this.#stage(conflict.current.stage)?.name ?? conflict.current.stage) : valuesOf(conflict.current)[field] ?? '';
        return field === 'stage' ? `moved it to ${theirs}` : `changed the ${LABELS[field]?.toLowerCase() ?? field} to ${theirs || 'nothing'}`;
      })
      .join(', ');
    return html`<tr class="row-banner">
      <td colspan="7">
        <div class="banner warning conflict" role="alert">
          <p><strong>${conflict.who}</strong> ${changes} before you saved. Keep yours, or take theirs?</p>
          <div class="choice">
            <button type="button" class="small primary keep" @click=${() => void this.#keepMine(deal.id)}>Keep yours</button>
            <button type="button" class="small take" @click=${() => this.#takeTheirs(deal.id)}>Take theirs</button>
          </div>
        </div>
      </td>
    </tr>`;
  }

  #row(deal: Opportunity) {
    if (this.editing !== 'new' && this.editing?.id === deal.id) return html`<tr><td colspan="7" class="form-cell">${this.#form()}</td></tr>`;
    const stage = this.#stage(deal.stage);
    const note = this.#highlights.note(deal.id);
    const owner = member(this.team, deal.ownerId);
    return html`<tr class="deal ${this.#highlights.flashing(deal.id) ? 'flash' : ''}" data-id=${deal.id}>
        <th scope="row">
          <a class="deal-name" href=${paths.deal(deal.id)} @click=${(e: MouseEvent) => this.#openPage(e, deal.id)}>${deal.name}</a>
          ${this.#outcome(deal)} ${note ? html`<span class="note">${note}</span>` : nothing}
        </th>
        <td class="stage">
          <select
            data-deal=${deal.id}
            data-kind=${stage?.kind ?? 'open'}
            aria-label="Stage of ${deal.name}"
            ?disabled=${this.busyRows[deal.id] === true}
            .value=${live(deal.stage)}
            @change=${(e: Event) => this.#onStageSelect(deal, e)}
          >
            ${this.stages.map((s) => html`<option value=${s.key} ?selected=${s.key === deal.stage}>${s.name}</option>`)}
          </select>
        </td>
        <td class="num amount-cell"><span class="amount">${money(deal.amount, deal.currency)}</span></td>
        <td class="num prob" data-label="Probability">${deal.probability}%</td>
        <td class="close nowrap" data-label="Closes">${deal.expectedCloseDate ? calendarDay(deal.expectedCloseDate) : html`<span class="muted">—</span>`}</td>
        <td class="owner" data-label="Owner" title=${owner?.name ?? 'No owner'}>${personChip(owner, 'No owner')}</td>
        <td class="actions">
          <button type="button" class="small ghost icon-button" data-edit=${deal.id} aria-label="Edit ${deal.name}" title="Edit" @click=${() => this.#open(deal)}>${icons.pencil}</button>
        </td>
      </tr>
      ${this.#conflictRow(deal)}`;
  }

  #summary() {
    if (!this.loaded || !this.deals.length) return nothing;
    const kinds = (kind: Stage['kind']) => this.deals.filter((d) => (this.#stage(d.stage)?.kind ?? 'open') === kind);
    const open = kinds('open');
    const won = kinds('won');
    const currency = this.deals[0]?.currency ?? 'USD';
    const single = this.deals.every((d) => d.currency === currency);
    const sum = (list: Opportunity[]) => money(list.reduce((total, d) => total + d.amount, 0), currency);
    const parts = [`${open.length} open${single && open.length ? ` (${sum(open)})` : ''}`];
    if (won.length) parts.push(`${won.length} won${single ? ` (${sum(won)})` : ''}`);
    return html`<span class="summary">${parts.join(' · ')}</span>`;
  }

  #body() {
    if (!this.loaded && this.#task.status === TaskStatus.ERROR) {
      return html`<div class="state error" role="alert">
        <p>We couldn't load the deals. ${describeError(this.#task.error)}</p>
        <button type="button" class="small" @click=${() => this.reloads++}>Try again</button>
      </div>`;
    }
    if (!this.loaded) return html`<div class="skeleton" role="status" aria-label="Loading deals"><div></div><div></div></div>`;
    return html`${this.editing === 'new' ? html`<div class="new-form">${this.#form()}</div>` : nothing}
      ${this.deals.length === 0 && this.editing !== 'new'
        ? html`<div class="state"><p>No deals yet. Add one when there is something to sell.</p></div>`
        : this.deals.length === 0
          ? nothing
          : html`<div class="table-wrap">
              <table aria-label="Deals">
                <thead>
                  <tr>
                    <th scope="col">Deal</th>
                    <th scope="col">Stage</th>
                    <th scope="col" class="num">Amount</th>
                    <th scope="col" class="num">Prob.</th>
                    <th scope="col">Expected close</th>
                    <th scope="col">Owner</th>
                    <th scope="col"><span class="visually-hidden">Actions</span></th>
                  </tr>
                </thead>
                <tbody>
                  ${repeat(
                    this.deals,
                    (d) => d.id,
                    (d) => this.#row(d),
                  )}
                </tbody>
              </table>
            </div>`}`;
  }

  protected override render() {
    const prompt = this.lostPrompt;
    return html`<section class="card" aria-labelledby="deals-title">
        <div class="section-head">
          <div class="title-group">
            <h2 id="deals-title">Deals${this.loaded ? html`<span class="count">${this.deals.length}</span>` : nothing}</h2>
            ${this.#summary()}
          </div>
          <button type="button" class="small add" ?disabled=${this.editing === 'new'} @click=${() => this.#open('new')}>${icons.plus} Add deal</button>
        </div>
        ${this.#body()}
      </section>
      <shoal-lost-reason-dialog
        .open=${prompt !== undefined}
        deal-name=${prompt?.deal.name ?? ''}
        stage-name=${prompt ? (this.#stage(prompt.stage)?.name ?? 'Closed Lost') : 'Closed Lost'}
        @shoal-lost-reason=${(e: CustomEvent<LostReasonDetail>) => void this.#confirmLost(e.detail.reason)}
        @shoal-cancel=${() => this.#cancelLost()}
      ></shoal-lost-reason-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-opportunity-list': ShoalOpportunityList;
  }
}
