import { html, nothing } from 'lit';
import type { FieldDefinition } from '../../../shared/field.js';
import type { User } from '../../../shared/user.js';
import type { ShoalApi } from '../api.js';
import type { RecordStore } from '../data/record-store.js';
import { loadFields } from '../lists/list-api.js';
import type { CustomerNames } from './customer-names.js';
import '../components/shoal-lost-reason-dialog.js';
import type { LostReasonDetail } from '../components/shoal-lost-reason-dialog.js';
import type { DealCreatedDetail } from '../components/shoal-new-deal-dialog.js';
import '../components/shoal-pipeline-move-menu.js';
import type { OpportunityMoveDetail } from '../components/shoal-pipeline-move-menu.js';
import type { BoardColumn, PipelineModel } from './board-model.js';
import type { PendingMove } from './keyboard-moves.js';

type Named = { id: string; name: string };

/**
 * What the new-deal dialog needs as it opens: its code (its form and custom fields, loaded on
 * first use; `close` when it cannot load), the deals' custom fields (loaded once; their change
 * events keep them current) and the customers to choose from; `tell` says what went wrong.
 */
export function prepareNewDeal(api: ShoalApi | undefined, store: RecordStore | undefined, names: CustomerNames, tell: (problem: string) => void, close: () => void): void {
  import('../components/shoal-new-deal-dialog.js').catch(() => {
    close();
    tell("Couldn't open the new deal form. Please try again.");
  });
  if (store && api) loadFields(store, api).catch(() => undefined);
  if (api) void names.loadChoices(api).then((problem) => problem && tell(problem));
}

/** What the board's menu and dialogs show, and what they tell the board. */
export interface BoardDialogs {
  api: ShoalApi | undefined;
  model: PipelineModel;
  /** The card whose "Move to" menu is open. */
  menuFor: string | undefined;
  /** A move into a lost stage waiting for its reason. */
  lostMove: PendingMove | undefined;
  /** The column a new deal is being added to. */
  newDealIn: BoardColumn | undefined;
  /** The new-deal dialog has been opened on this board: until then it is not rendered (its form is not the board's first work). */
  newDealUsed: boolean;
  customerName(id: string): string;
  /** The customers to choose from in the new-deal dialog, by name. */
  customers(): Named[];
  owners: Named[];
  me: string | undefined;
  /** The deals' custom field definitions, for the new deal form. */
  fields: readonly FieldDefinition[];
  users: readonly User[];
  onMenuMove(event: CustomEvent<OpportunityMoveDetail>): void;
  onMenuClose(): void;
  onLostReason(event: CustomEvent<LostReasonDetail>): void;
  onLostCancel(): void;
  onDealCreated(event: CustomEvent<DealCreatedDetail>): void;
  onNewDealClose(): void;
}

/**
 * The board's "Move to" menu, its lost-reason dialog and its new-deal dialog (a new deal goes to
 * the pipeline shown). The new-deal dialog's code loads when it is first opened (`prepareNewDeal`):
 * its element upgrades then, with the properties given here.
 */
export function boardDialogs(d: BoardDialogs) {
  const menuDeal = d.menuFor ? d.model.cards.get(d.menuFor) : undefined;
  const menuPlace = d.menuFor ? d.model.placeOf(d.menuFor) : undefined;
  const lostDeal = d.lostMove ? d.model.cards.get(d.lostMove.id) : undefined;
  return html`<shoal-pipeline-move-menu
      .deal=${menuDeal && menuPlace ? { id: menuDeal.id, name: menuDeal.name, stage: menuPlace.stage, customerId: menuDeal.customerId } : undefined}
      customer-name=${menuDeal ? d.customerName(menuDeal.customerId) : ''}
      .stages=${d.model.columns.map((c) => ({ key: c.key, name: c.name }))}
      @shoal-opportunity-move=${d.onMenuMove}
      @shoal-menu-close=${d.onMenuClose}
    ></shoal-pipeline-move-menu>

    <shoal-lost-reason-dialog
      .open=${d.lostMove !== undefined}
      deal-name=${lostDeal?.name ?? ''}
      stage-name=${d.lostMove ? (d.model.column(d.lostMove.stage)?.name ?? 'Closed Lost') : 'Closed Lost'}
      @shoal-lost-reason=${d.onLostReason}
      @shoal-cancel=${d.onLostCancel}
    ></shoal-lost-reason-dialog>

    ${d.newDealUsed
      ? html`<shoal-new-deal-dialog
          .open=${d.newDealIn !== undefined}
          .api=${d.api}
          .stage=${d.newDealIn ? { key: d.newDealIn.key, name: d.newDealIn.name, pipelineId: d.model.pipelineId } : undefined}
          .customers=${d.customers()}
          .owners=${d.owners}
          .fields=${d.fields}
          .users=${d.users}
          default-owner=${d.me ?? ''}
          @shoal-deal-created=${d.onDealCreated}
          @shoal-close=${d.onNewDealClose}
        ></shoal-new-deal-dialog>`
      : nothing}`;
}
