import { TaskStatus } from '@lit/task';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Opportunity } from '../../../shared/opportunity.js';
import { DEFAULT_STAGES, type Stage } from '../../../shared/stage.js';
import type { User } from '../../../shared/user.js';
import { ApiError, describeError } from '../api.js';
import '../components/shoal-interaction-timeline.js';
import '../components/shoal-lost-reason-dialog.js';
import type { LostReasonDetail } from '../components/shoal-lost-reason-dialog.js';
import type { NavigateDetail } from '../components/shoal-user-menu.js';
import { WithShoalContext } from '../context-mixin.js';
import { calendarDay, icons, member, personChip } from '../customer-parts.js';
import type { StoreChange } from '../data/record-store.js';
import { fieldErrorsOf } from '../fields.js';
import { money } from '../format/money.js';
import { HighlightController } from '../highlight-controller.js';
import * as edit from '../records/field-edit.js';
import { FieldEditController, type SaveStep } from '../records/field-edit-controller.js';
import { RecordPageController } from '../records/record-page-controller.js';
import { fieldEditor, type FieldSpec } from '../records/field-editor.js';
import { colleagueChanged, fieldRow } from '../records/field-row.js';
import { isCustom, PageCustomFields, type CustomField } from '../records/custom-rows.js';
import { fieldsOf } from '../lists/list-api.js';
import { recordPage } from '../records/record-page.styles.js';
import { busyBadge, viewersBlock } from '../records/viewers.js';
import { patchOpportunity } from '../records.js';
import { isPlainClick, paths } from '../shell/routes.js';
import '../tasks/shoal-customer-tasks.js';
import { DEAL_FIELDS, DEAL_LABELS, dealText, dealValue, type DealField } from './deal-fields.js';
import { getDeal } from './deals-api.js';
import { dealDetailFields, dealDisplay, stageOf } from './deal-detail-fields.js';
import { dealDeletedNotice, dealLoadFailed } from './deal-states.js';
import './shoal-deal-delete.js';
import './shoal-stage-history.js';

/** A built-in field or a custom key (`custom.<key>`): each its own field for editing and conflicts. */
type Field = DealField | CustomField;

/** Who deleted the deal while it was open. */
interface Deleted {
  by: string;
  mine: boolean;
  at: string;
}

/**
 * A deal's page: its name, amount, stage and who else is looking at it; its fields edited in
 * place (each saved on its own with `If-Match`, a colleague's change of the field being edited,
 * or a save refused with 412, asks: keep yours or take theirs); its stage history with the time
 * it spent in each stage; its open tasks; and the interactions with its customer. All live.
 *
 * @fires shoal-navigate - The rep followed a link (the customer, the pipeline). Detail: `{ path }`.
 */
@customElement('shoal-deal-page')
export class ShoalDealPage extends WithShoalContext(LitElement) {
  static override styles = [
    ...recordPage,
    css`
      .stage-chip {
        padding: 0.0625rem 0.5rem;
        border-radius: 999px;
        background: #eef4f8;
        color: #284b63;
        font-size: 0.8125rem;
        font-weight: 600;
      }
    `,
  ];

  /** The id of the deal to show. */
  @property({ attribute: 'deal-id' })
  dealId = '';

  @state() private stages: Stage[] = [...DEFAULT_STAGES];
  /** A stage change to a lost stage, waiting for its reason. */
  @state() private lostStage: string | undefined;
  @state() private announcement = '';

  /** The fields edited in place: each saves alone with If-Match; a colleague's change asks. */
  readonly #inPlace: FieldEditController<Field, Opportunity> = new FieldEditController(this, {
    record: () => this.deal,
    text: (deal, field) => this.#text(deal, field),
    step: (field, draft, deal, extra) => this.#step(field, draft, deal, extra),
    send: (deal, patch, version) => patchOpportunity(this.api!, deal.id, patch, version),
    put: (deal) => this.#page.store?.put('opportunity', deal),
    refusal: (field, error) => ({ message: this.#refusal(field, error), focus: !(error instanceof ApiError && error.status === 404) }),
    changed: () => this.#page.send(),
  });
  readonly #highlights = new HighlightController(this);

  /** The deal's load, this tab in its room (what the rep is editing here), who else is on it, its deletion, and the reset when the id changes. */
  readonly #page: RecordPageController<'opportunity', Deleted> = new RecordPageController(this, {
    entity: 'opportunity',
    recordId: () => this.dealId,
    fetch: async (api, id) => {
      const deal = await getDeal(api, id);
      // The customer's name for the head and the crumbs.
      if (!this.#page.store?.get('customer', deal.value.customerId))
        void api.getCustomer(deal.value.customerId).then(
          (c) => this.#page.store?.put('customer', c.value),
          () => undefined,
        );
      return deal;
    },
    changed: (change) => this.#onDealChange(change),
    stages: (stages) => (this.stages = stages),
    editing: () => edit.editingFields(this.#inPlace.edits)[0],
    editors: () => this.#inPlace,
  });

  /** The deals' custom fields. */
  readonly #custom = new PageCustomFields<Opportunity>(
    () => fieldsOf(this.#page.store, 'opportunity'),
    () => this.team,
  );

  #text(deal: Opportunity | undefined, field: Field): string {
    return isCustom(field) ? this.#custom.text(deal, field) : dealText(deal, field);
  }

  #label(field: Field): string {
    return isCustom(field) ? this.#custom.label(field) : DEAL_LABELS[field];
  }

  /** The deal as the store has it (while deleted: as it was). */
  private get deal(): Opportunity | undefined {
    return this.#page.shown(this.dealId ? this.#page.store?.get('opportunity', this.dealId) : undefined);
  }

  private get team(): User[] {
    return this.#page.store?.users() ?? [];
  }

  #stage(key: string): Stage | undefined {
    return stageOf(this.stages, key);
  }

  #onDealChange({ id, event, before, after }: StoreChange<'opportunity'>): void {
    if (id !== this.dealId || !event) return;
    const mine = event.actor.id === this.user?.id;
    if (event.op === 'deleted' || !after) {
      this.#page.markDeleted(before, { by: event.actor.name, mine, at: event.at });
      this.announcement = `${mine ? 'You' : event.actor.name} deleted ${before?.name ?? 'this deal'}`;
      return;
    }
    if (mine) return;
    const fields = edit.changedFields(this.#custom.fields(DEAL_FIELDS), event.fields, before, after, (d, f) => this.#text(d, f));
    const said = colleagueChanged(fields, event.actor.name, after, { highlights: this.#highlights, inPlace: this.#inPlace, label: (f) => this.#label(f) });
    if (said) this.announcement = said;
  }

  // Editing ----------------------------------------------------------------------------------

  /** What saving a field's draft sends: a custom key alone in `custom`; a lost stage asks why first (the reason saves with it). */
  #step(field: Field, draft: edit.Draft, deal: Opportunity, extra: Record<string, unknown>): SaveStep {
    if (!this.api) return 'wait';
    if (isCustom(field)) {
      const parsed = this.#custom.save(field, draft.value, deal);
      if (!parsed) return 'unchanged';
      if ('error' in parsed) return parsed;
      return edit.unchanged(parsed.current, parsed.value, draft, deal.version) ? 'unchanged' : { patch: parsed.patch };
    }
    const parsed = dealValue(field, draft.value);
    if ('error' in parsed) return parsed;
    const current = field === 'expectedCloseDate' ? (deal.expectedCloseDate?.slice(0, 10) ?? null) : (deal[field] ?? null);
    if (edit.unchanged(current, parsed.value, draft, deal.version)) return 'unchanged';
    if (field === 'stage' && this.#stage(String(parsed.value))?.kind === 'lost' && !('lostReason' in extra)) {
      this.lostStage = String(parsed.value);
      return 'wait';
    }
    return { patch: { [field]: parsed.value, ...extra } };
  }

  /** A refused save in words beside the field (a custom key's: the 422's error on `custom.<key>`). */
  #refusal(field: Field, error: unknown): string {
    if (error instanceof ApiError && error.status === 404) return 'could not be saved: this deal was deleted';
    const { errors, other } = fieldErrorsOf(error, DEAL_FIELDS);
    const mine = isCustom(field) && error instanceof ApiError ? error.problem.errors?.find((e) => e.path === field || e.path.startsWith(`${field}.`))?.message : undefined;
    const message = isCustom(field) ? (mine ?? other[0]) : (errors[field] ?? Object.values(errors)[0] ?? other[0]);
    return message ?? `could not be saved. ${describeError(error)}`;
  }

  #navigate(event: MouseEvent, path: string): void {
    if (!isPlainClick(event)) return;
    event.preventDefault();
    this.#leave(path);
  }

  /** To another page (after a delete: the customer's). */
  #leave(path: string): void {
    this.dispatchEvent(new CustomEvent<NavigateDetail>('shoal-navigate', { detail: { path }, bubbles: true, composed: true }));
  }

  // Rendering --------------------------------------------------------------------------------

  /** A field's value in words. */
  #display(field: Field, deal: Opportunity): string {
    return isCustom(field) ? this.#custom.words(deal, field) : dealDisplay(field, deal, this.stages, this.team);
  }

  #row(spec: FieldSpec<Field>, deal: Opportunity) {
    const field = spec.name;
    const value = () => {
      if (isCustom(field)) return this.#custom.view(field, deal);
      if (field === 'ownerId') return personChip(member(this.team, deal.ownerId), 'No owner');
      return this.#display(field, deal) || html`<span class="empty">Not set</span>`;
    };
    return fieldRow({
      spec,
      required: !!(isCustom(field) && this.#custom.def(field)?.required),
      editing: this.#inPlace.isEditing(field),
      highlights: this.#highlights,
      viewers: this.#page.viewers,
      editor: () => fieldEditor(spec, this.#inPlace.edits, (d) => this.#display(field, d), this.#inPlace.handlers),
      value: () => html`<span>${value()}</span>`,
      edit: () => this.#inPlace.start(field),
    });
  }

  #header(deal: Opportunity) {
    const customer = this.#page.store?.get('customer', deal.customerId);
    const stage = this.#stage(deal.stage);
    const note = this.#highlights.note('name');
    const nameSpec: FieldSpec<DealField> = { name: 'name', label: DEAL_LABELS.name };
    return html`<div class="head">
      <div class="identity">
        <span class="monogram" aria-hidden="true">$</span>
        <div style="min-width: 0; flex: 1">
          ${this.#inPlace.isEditing('name')
            ? fieldEditor(nameSpec, this.#inPlace.edits, (d) => d.name, this.#inPlace.handlers, 'name-editor')
            : html`<div class="title-row ${this.#highlights.flashing('name') ? 'flash' : ''}" data-field="name">
                <h1 tabindex="-1">${deal.name}</h1>
                <button type="button" class="small ghost icon-button" data-edit="name" aria-label="Edit deal name" title="Edit deal name" @click=${() => this.#inPlace.start('name')}>${icons.pencil}</button>
                ${note ? html`<span class="note">${note}</span>` : nothing} ${busyBadge(this.#page.viewers, 'name')}
              </div>`}
          <p class="subtitle">
            <span class="amount">${money(deal.amount, deal.currency)}</span>
            <span class="stage-chip">${stage?.name ?? deal.stage}</span>
            <span>for <a href=${paths.customer(deal.customerId)} @click=${(e: MouseEvent) => this.#navigate(e, paths.customer(deal.customerId))}>${customer?.name ?? 'its customer'}</a></span>
          </p>
        </div>
      </div>
      ${viewersBlock(this.#page.viewers, (editing) => `editing ${(DEAL_LABELS[editing as DealField] ?? 'the deal').toLowerCase()}`)}
      <shoal-deal-delete
        .deal=${this.#page.deleted ? undefined : deal}
        stage-name=${stage?.name ?? ''}
        .api=${this.api}
        .live=${this.live}
        @shoal-deal-deleted=${() => this.#leave(paths.customer(deal.customerId))}
      ></shoal-deal-delete>
    </div>`;
  }

  protected override render() {
    const deal = this.deal;
    const customer = deal ? this.#page.store?.get('customer', deal.customerId) : undefined;
    const crumbs = html`<nav class="crumbs" aria-label="Breadcrumb">
      ${deal
        ? html`<a href=${paths.customer(deal.customerId)} @click=${(e: MouseEvent) => this.#navigate(e, paths.customer(deal.customerId))}><span aria-hidden="true">←</span> ${customer?.name ?? 'Customer'}</a>`
        : html`<a href=${paths.pipeline()} @click=${(e: MouseEvent) => this.#navigate(e, paths.pipeline())}><span aria-hidden="true">←</span> Pipeline</a>`}
    </nav>`;
    let body;
    if (this.#page.deleted) {
      body = html`${deal ? this.#header(deal) : nothing}${dealDeletedNotice(deal?.name, this.#page.deleted.mine ? 'you' : this.#page.deleted.by)}`;
    } else if (!deal && this.#page.load.status === TaskStatus.ERROR) {
      body = dealLoadFailed(this.#page.load.error, () => this.#page.reload(), (e, path) => this.#navigate(e, path));
    } else if (!deal) {
      body = html`<div class="page-skeleton" role="status" aria-label="Loading deal"><div class="bar"></div><div class="block"></div></div>`;
    } else {
      body = html`${this.#header(deal)}
        <div class="layout">
          <div class="column">
            <section class="card" aria-labelledby="details-title">
              <div class="section-head">
                <h2 id="details-title">About this deal</h2>
                <span class="summary">${deal.expectedCloseDate ? `Closes ${calendarDay(deal.expectedCloseDate)}` : 'No close date yet'}</span>
              </div>
              <dl>${[...(dealDetailFields(deal, this.stages, this.team, () => this.#inPlace.edits.drafts.ownerId?.value) as FieldSpec<Field>[]), ...this.#custom.specs()].map((spec) => this.#row(spec, deal))}</dl>
            </section>
            <shoal-stage-history .deal=${deal} .stages=${this.stages} .api=${this.api} .reloads=${this.#page.reloads}></shoal-stage-history>
          </div>
          <div class="column">
            <shoal-customer-tasks .customerId=${deal.customerId} .opportunityId=${deal.id} .team=${this.team} .api=${this.api} .live=${this.live} .user=${this.user}></shoal-customer-tasks>
            <shoal-interaction-timeline .customerId=${deal.customerId} .team=${this.team} .api=${this.api} .live=${this.live} .user=${this.user}></shoal-interaction-timeline>
          </div>
        </div>`;
    }
    return html`${crumbs}${body}
      <shoal-lost-reason-dialog
        .open=${this.lostStage !== undefined}
        deal-name=${deal?.name ?? ''}
        stage-name=${this.lostStage ? (this.#stage(this.lostStage)?.name ?? 'Closed Lost') : 'Closed Lost'}
        @shoal-lost-reason=${(e: CustomEvent<LostReasonDetail>) => {
          this.lostStage = undefined;
          void this.#inPlace.save('stage', { lostReason: e.detail.reason });
        }}
        @shoal-cancel=${() => {
          this.lostStage = undefined;
          this.#inPlace.focusEditor('stage');
        }}
      ></shoal-lost-reason-dialog>
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-deal-page': ShoalDealPage;
  }
}
