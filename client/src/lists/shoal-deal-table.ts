import { css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Customer } from '../../../shared/customer.js';
import type { Opportunity } from '../../../shared/opportunity.js';
import type { Stage } from '../../../shared/stage.js';
import { rottingText, showsRotting } from '../deals/rotting.js';
import { fullDate, timeAgo } from '../format.js';
import { money } from '../format/money.js';
import type { ColumnSpec } from './columns.js';
import { customText } from './custom-values.js';
import { paths } from '../shell/routes.js';
import { ShoalListTable } from './shoal-list-table.js';

/**
 * The deals table (beside the board): deal, customer, stage, amount, owner, expected close and
 * the custom columns the rep chose; a rotting deal is marked beside its name, as on the board
 * (deals/rotting.ts), and the mark comes and goes live with the deal. It only shows what it is given.
 *
 * @fires shoal-sort - The rep asked for another order.
 * @fires shoal-select - The rep ticked or unticked rows.
 * @fires shoal-navigate - The rep opened a customer's page.
 */
@customElement('shoal-deal-table')
export class ShoalDealTable extends ShoalListTable<Opportunity> {
  static override styles = [
    ...ShoalListTable.styles,
    css`
      .chip.rotting {
        margin-left: 0.375rem;
        background: #fef3f2;
        color: var(--shoal-danger, #b42318);
        border: 1px solid #f4c7c3;
        font-weight: 600;
      }
    `,
  ];

  /** The pipeline's stages, for their names. */
  @property({ attribute: false })
  stages: readonly Stage[] = [];

  /** The deals' customers the list knows, by id. */
  @property({ attribute: false })
  customers: ReadonlyMap<string, Customer> = new Map();

  constructor() {
    super();
    this.label = 'Deals';
    this.emptyText = 'No deals to show.';
  }

  protected override cell(column: ColumnSpec, deal: Opportunity): unknown {
    switch (column.key) {
      case 'name': {
        const stage = this.stages.find((s) => s.key === deal.stage);
        const why = rottingText(stage?.rotDays);
        return html`${this.appLink(paths.deal(deal.id), deal.name, 'name')}${showsRotting(deal, stage?.kind)
          ? html`<span class="chip rotting" title=${why}><span aria-hidden="true">Rotting</span><span class="visually-hidden">${why}</span></span>`
          : nothing}`;
      }
      case 'customerId': {
        const customer = this.customers.get(deal.customerId);
        return customer ? this.appLink(paths.customer(customer.id), customer.name) : html`<span class="muted">Loading…</span>`;
      }
      case 'stage': {
        const stage = this.stages.find((s) => s.key === deal.stage);
        return html`<span class="chip stage" data-kind=${stage?.kind ?? 'open'}>${stage?.name ?? deal.stage}</span>`;
      }
      case 'amount':
        return html`<span class="nowrap">${money(deal.amount, deal.currency)}</span>`;
      case 'ownerId':
        return this.personCell(deal.ownerId);
      case 'expectedCloseDate':
        return deal.expectedCloseDate ? html`<span class="nowrap">${customText({ type: 'date' }, deal.expectedCloseDate)}</span>` : undefined;
      case 'createdAt':
        return html`<time class="nowrap" datetime=${deal.createdAt} title=${fullDate(deal.createdAt)}>${timeAgo(deal.createdAt)}</time>`;
      default:
        return super.cell(column, deal);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-deal-table': ShoalDealTable;
  }
}
