import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Opportunity } from '../../../shared/opportunity.js';
import type { ShoalApi } from '../api.js';
import { icons } from '../customer-parts.js';
import { StoreController } from '../data/store-controller.js';
import { resource } from '../data/resource.js';
import { money } from '../format/money.js';
import type { LiveClient } from '../live.js';
import { deleteQuestion, deleteQuestionStyles } from '../records/delete-question.js';
import { removeError, removeWithUndo } from '../records/remove-with-undo.js';
import { base } from '../styles.js';

/** Detail of `shoal-deal-deleted`. */
export interface DealDeletedDetail {
  deal: Opportunity;
}

/**
 * Links the tasks of a deleted deal to the deal Undo created in its place (the server keeps the
 * tasks of a deleted deal, still naming its old id). Each saves on the version it was read at.
 */
export async function relinkTasks(api: ShoalApi, from: string, to: string): Promise<void> {
  const tasks = resource(api, 'tasks');
  const { items } = await tasks.list({ opportunityId: from, limit: 200 });
  await Promise.all(items.map((t) => tasks.patch(t.id, { opportunityId: to }, { version: t.version })));
}

/**
 * The deal page's Delete: asks first (naming the deal, its amount and what stays), deletes at
 * the version shown, and offers Undo in the app's toast. The server keeps no deleted deal, so
 * Undo creates it again with the same fields and links its tasks to it again; it comes back
 * with a new id (and a stage history that starts then). docs/record-pages.md says why.
 *
 * @fires shoal-deal-deleted - The deal is deleted (the page leaves it). Detail: `{ deal }`.
 */
@customElement('shoal-deal-delete')
export class ShoalDealDelete extends LitElement {
  static override styles = [
    base,
    deleteQuestionStyles,
    css`
      :host {
        display: inline-flex;
      }
    `,
  ];

  /** The deal, as the store has it. */
  @property({ attribute: false })
  deal: Opportunity | undefined;

  /** The name of the deal's stage, for the question. */
  @property({ attribute: 'stage-name' })
  stageName = '';

  @property({ attribute: false })
  api: ShoalApi | undefined;

  @property({ attribute: false })
  live: LiveClient | undefined;

  @state() private asking = false;
  @state() private busy = false;
  @state() private error = '';

  readonly #store = new StoreController(this, () => ({ live: this.live, api: this.api }));

  async #confirm(): Promise<void> {
    const deal = this.deal;
    const api = this.api;
    if (!deal || !api || this.busy) return;
    this.busy = true;
    this.error = '';
    try {
      await removeWithUndo('opportunities', deal, {
        api,
        store: this.#store.store,
        host: this,
        name: deal.name,
        // The page leaves before the store forgets the deal (it would show nothing meanwhile).
        deleted: () => this.dispatchEvent(new CustomEvent<DealDeletedDetail>('shoal-deal-deleted', { detail: { deal }, bubbles: true, composed: true })),
        // A task that cannot be linked again keeps naming the deleted deal; the deal is back all the same.
        recreated: (created) => relinkTasks(api, deal.id, created.id).catch(() => undefined),
      });
      this.asking = false;
    } catch (error) {
      this.error = removeError(deal.name, error);
    } finally {
      this.busy = false;
    }
  }

  protected override render() {
    const deal = this.deal;
    if (!deal) return nothing;
    return html`<button type="button" class="small ghost delete-deal" aria-haspopup="dialog" @click=${() => ((this.asking = true), (this.error = ''))}>
        ${icons.trash} Delete deal
      </button>
      ${deleteQuestion(
        {
          open: this.asking,
          heading: `Delete ${deal.name}?`,
          confirmLabel: 'Delete deal',
          busy: this.busy,
          error: this.error,
          confirm: () => void this.#confirm(),
          cancel: () => {
            this.asking = false;
            void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('button.delete-deal')?.focus());
          },
        },
        html`<strong>${deal.name}</strong> (${money(deal.amount, deal.currency)}${this.stageName ? `, ${this.stageName}` : ''}) will be removed for everyone on your team. Its
          tasks and its customer's interactions stay. You can undo it from the message that follows.`,
      )}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-deal-delete': ShoalDealDelete;
  }
}
