import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Opportunity, OpportunityCreate } from '../../../shared/opportunity.js';
import { DEFAULT_STAGES, type Stage } from '../../../shared/stage.js';
import type { User } from '../../../shared/user.js';
import { ApiError, describeError } from '../api.js';
import { WithShoalContext } from '../context-mixin.js';
import { calendarDay, headingCount, icons, member, personChip, sectionStyles } from '../customer-parts.js';
import { money } from '../format/money.js';
import { DEAL_FORM_LABELS, dealForm, dealOutcome, dealRowBanner, dealsSummary, type RowConflict } from '../deals/deal-form.js';
import { StageChoice } from '../deals/stage-choice.js';
import { DEAL_FIELDS, changedPatch, dealValues, parseDealForm, type DealField, type DealValues } from '../deals/deal-fields.js';
import { fieldErrorsOf } from '../fields.js';
import { CustomerSection } from '../lists/customer-section.js';
import { createOpportunity, listOpportunities, patchOpportunity, type RecordPatch } from '../records.js';
import { base, forms } from '../styles.js';
import { opportunityListStyles, pendingStageStyles } from './shoal-opportunity-list.styles.js';
import './shoal-lost-reason-dialog.js';
import type { LostReasonDetail } from './shoal-lost-reason-dialog.js';
import './shoal-avatar.js';
import { isPlainClick, paths } from '../shell/routes.js';
import type { NavigateDetail } from './shoal-user-menu.js';

type Values = DealValues;
const FIELDS = DEAL_FIELDS;
const LABELS = DEAL_FORM_LABELS;

/** The list's order, as the server's `sort=-createdAt`: newest first, then by id. */
const newestFirst = (a: Opportunity, b: Opportunity) => (a.createdAt !== b.createdAt ? (a.createdAt < b.createdAt ? 1 : -1) : a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

const valuesOf = dealValues;

/** A stage change waiting for its lost reason. */
interface LostPrompt {
  deal: Opportunity;
  stage: string;
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
export class ShoalOpportunityList extends WithShoalContext(LitElement) {
  static override styles = [
    base,
    forms,
    sectionStyles,
    opportunityListStyles,
    pendingStageStyles,
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
  /** Which changes of a row's Stage list save (an explicit choice) and which wait (browsing with keys). */
  readonly #choice = new StageChoice();

  #idempotency: { body: string; key: string } | undefined;

  /** The customer's deals newest first, in the store; colleagues' changes (board moves too) flagged. */
  readonly #section = new CustomerSection(this, {
    entity: 'opportunity',
    load: (api, customerId, signal) => listOpportunities(api, customerId, signal),
    order: newestFirst,
    one: 'deal',
    removed: 'deleted',
    note: (before, after, actor) => (before.stage !== after.stage ? `moved to ${this.#stage(after.stage)?.name ?? after.stage} by ${actor}` : undefined),
    editing: () => (this.editing === 'new' ? undefined : this.editing?.id),
    warn: (text) => (this.changedBy = text),
  });

  /** The customer's deals, newest first, as the store has them. */
  private get deals(): Opportunity[] {
    return this.#section.records;
  }

  #stage(key: string): Stage | undefined {
    return this.stages.find((s) => s.key === key) ?? DEFAULT_STAGES.find((s) => s.key === key);
  }

  /** The deal's own page, through the shell (a plain click; others open as the browser does). */
  #openPage(event: MouseEvent, id: string): void {
    if (!isPlainClick(event)) return;
    event.preventDefault();
    this.dispatchEvent(new CustomEvent<NavigateDetail>('shoal-navigate', { detail: { path: paths.deal(id) }, bubbles: true, composed: true }));
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
    this.#section.editing('opportunities');
    this.#section.focus('#field-name');
  }

  #close(): void {
    const was = this.editing;
    this.editing = undefined;
    this.#section.closed(was);
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
    return parseDealForm(this.values, this.#stage(this.values.stage)?.kind === 'lost');
  }

  async #submit(event: Event): Promise<void> {
    event.preventDefault();
    const api = this.api;
    const editing = this.editing;
    if (!api || !editing || this.saving) return;
    const { body, errors } = this.#parse();
    if (Object.keys(errors).length) {
      this.errors = errors;
      this.#section.focus(`#field-${FIELDS.find((f) => errors[f])}`);
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
        this.#section.store?.put('opportunity', created);
      } else {
        const patch: RecordPatch = changedPatch(this.values, valuesOf(editing), body);
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
        const patch: RecordPatch = changedPatch(this.values, valuesOf(editing), body);
        this.#replace(current);
        this.conflicts = { ...this.conflicts, [current.id]: { current, patch, who: this.#section.who(current.id) } };
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
        if (first) this.#section.focus(`#field-${first}`);
      } else this.formError = describeError(error);
    }
  }

  #replace(deal: Opportunity): void {
    this.#section.store?.put('opportunity', deal);
  }

  /** A stage chosen on a row's list: saved when picked from the open list, pending when browsed with keys. */
  #onStageSelect(deal: Opportunity, event: Event): void {
    const stage = (event.target as HTMLSelectElement).value;
    if (this.#choice.changed(deal.id, stage, deal.stage) === 'commit') this.#commitStage(deal, stage);
    else this.requestUpdate();
  }

  #onStageKey(deal: Opportunity, event: KeyboardEvent): void {
    const outcome = this.#choice.key(deal.id, event);
    if (!outcome) return;
    event.preventDefault();
    if (outcome === 'drop') this.#dropPending(deal.id);
    else this.#commitStage(deal, outcome.commit);
  }

  #dropPending(id: string): void {
    this.#choice.drop(id);
    this.requestUpdate();
  }

  #commitStage(deal: Opportunity, stage: string): void {
    this.#dropPending(deal.id);
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
        this.conflicts = { ...this.conflicts, [deal.id]: { current, patch, who: this.#section.who(deal.id) } };
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
    if (saved) this.#section.focus(`select[data-deal="${prompt.deal.id}"]`);
  }

  #cancelLost(): void {
    const prompt = this.lostPrompt;
    this.lostPrompt = undefined;
    // Back to the stage the deal has; the select shows it again.
    this.requestUpdate();
    if (prompt) this.#section.focus(`select[data-deal="${prompt.deal.id}"]`);
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

  #form() {
    const editing = this.editing;
    if (!editing) return nothing;
    return dealForm({
      editing,
      values: this.values,
      errors: this.errors,
      formError: this.formError,
      changedBy: this.changedBy,
      saving: this.saving,
      team: this.team,
      stages: this.stages,
      lost: this.#stage(this.values.stage)?.kind === 'lost',
      input: (field, value) => this.#input(field, value),
      submit: (e) => void this.#submit(e),
      close: () => this.#close(),
    });
  }

  #row(deal: Opportunity) {
    if (this.editing !== 'new' && this.editing?.id === deal.id) return html`<tr><td colspan="7" class="form-cell">${this.#form()}</td></tr>`;
    const stage = this.#stage(deal.stage);
    const pending = this.#choice.pending.get(deal.id);
    const note = this.#section.highlights.note(deal.id);
    const owner = member(this.team, deal.ownerId);
    return html`<tr class="deal ${this.#section.highlights.flashing(deal.id) ? 'flash' : ''}" data-id=${deal.id}>
        <th scope="row">
          <a class="deal-name" href=${paths.deal(deal.id)} @click=${(e: MouseEvent) => this.#openPage(e, deal.id)}>${deal.name}</a>
          ${dealOutcome(deal, this.#stage(deal.stage)?.kind)} ${note ? html`<span class="note">${note}</span>` : nothing}
        </th>
        <td class="stage">
          <select
            data-deal=${deal.id}
            data-kind=${stage?.kind ?? 'open'}
            aria-label="Stage of ${deal.name}"
            ?disabled=${this.busyRows[deal.id] === true}
            .value=${live(pending ?? deal.stage)}
            @keydown=${(e: KeyboardEvent) => this.#onStageKey(deal, e)}
            @change=${(e: Event) => this.#onStageSelect(deal, e)}
          >
            ${this.stages.map((s) => html`<option value=${s.key} ?selected=${s.key === (pending ?? deal.stage)}>${s.name}</option>`)}
          </select>
          ${pending
            ? html`<span class="pending">
                <button type="button" class="small primary save-stage" @click=${() => this.#commitStage(deal, pending)}>Save</button>
                <button type="button" class="small ghost cancel-stage" @click=${() => this.#dropPending(deal.id)}>Cancel</button>
              </span>`
            : nothing}
        </td>
        <td class="num amount-cell"><span class="amount">${money(deal.amount, deal.currency)}</span></td>
        <td class="num prob" data-label="Probability">${deal.probability}%</td>
        <td class="close nowrap" data-label="Closes">${deal.expectedCloseDate ? calendarDay(deal.expectedCloseDate) : html`<span class="muted">—</span>`}</td>
        <td class="owner" data-label="Owner" title=${owner?.name ?? 'No owner'}>${personChip(owner, 'No owner')}</td>
        <td class="actions">
          <button type="button" class="small ghost icon-button" data-edit=${deal.id} aria-label="Edit ${deal.name}" title="Edit" @click=${() => this.#open(deal)}>${icons.pencil}</button>
        </td>
      </tr>
      ${dealRowBanner(deal, this.conflicts[deal.id], this.rowErrors[deal.id], (stage) => this.#stage(stage)?.name ?? stage, {
        keep: (id) => void this.#keepMine(id),
        take: (id) => this.#takeTheirs(id),
      })}`;
  }

  #summary() {
    const text = this.#section.loaded ? dealsSummary(this.deals, (stage) => this.#stage(stage)?.kind ?? 'open') : '';
    return text ? html`<span class="summary">${text}</span>` : nothing;
  }

  #body() {
    return this.#section.body('deals', () => this.#list());
  }

  #list() {
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
            <h2 id="deals-title">Deals${this.#section.loaded ? headingCount(this.deals.length) : nothing}</h2>
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
