import { Task, TaskStatus, initialState } from '@lit/task';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { ChangeEventOf, PresenceEntry } from '../../../shared/events.js';
import type { Opportunity, Pipeline } from '../../../shared/opportunity.js';
import { roomOf } from '../../../shared/rooms.js';
import { DEFAULT_PIPELINE_ID } from '../../../shared/stages.js';
import type { User } from '../../../shared/user.js';
import { describeError, type ShoalApi } from '../api.js';
import { fetchPipeline, ownerIdOf, pipelineFilterOf } from '../board/board-api.js';
import { BOARD_PAGE_SIZE } from '../board/board-prefetch.js';
import { loadMoreCards } from '../board/load-more.js';
import { NextStepController } from '../board/next-step-controller.js';
import { PipelineList, pipelineOfSearch, pipelinePicker, showPipelineInAddress } from '../board/pipeline-choice.js';
import { PipelineModel, type BoardColumn } from '../board/board-model.js';
import { boardGrid, boardHead, boardPresence, presenceOnBoard, boardLoadError, boardSkeleton, peopleOf, ownerFilter, type BoardViewState } from '../board/board-view.js';
import { BoardMoves, enterSnapshot } from '../board/board-moves.js';
import { CustomerNames } from '../board/customer-names.js';
import { DragController } from '../board/drag-controller.js';
import { FocusController } from '../board/focus-controller.js';
import { FeedbackController } from '../board/feedback-controller.js';
import { afterNextPaint, cardsPerFrame } from '../board/first-render.js';
import { FlipController } from '../board/flip-controller.js';
import { planKeyMove, planMenuMove, type PendingMove } from '../board/keyboard-moves.js';
import { WithShoalContext } from '../context-mixin.js';
import type { StoreChange } from '../data/record-store.js';
import { StoreController } from '../data/store-controller.js';
import { fieldsOf } from '../lists/list-api.js';
import { LiveController } from '../live-controller.js';
import { base, pageHead, presenceAvatars, progressBar, shimmer, toasts } from '../styles.js';
import './shoal-avatar.js';
import type { LostReasonDetail } from './shoal-lost-reason-dialog.js';
import type { DealCreatedDetail } from './shoal-new-deal-dialog.js';
import './shoal-pipeline-card.js';
import type { CardFocusDetail, CardMenuDetail, CardMoveDetail, CardPerson } from './shoal-pipeline-card.js';
import type { OpportunityMoveDetail, ShoalPipelineMoveMenu } from './shoal-pipeline-move-menu.js';
import { boardDialogs, prepareNewDeal } from '../board/board-dialogs.js';
import { boardStyles } from './shoal-pipeline-board.styles.js';

const REFETCH_DEBOUNCE_MS = 250;

type Loaded = { pipeline: Pipeline; filter: string; seq: number | undefined };

/**
 * The pipeline board of one pipeline (a switcher when there are several, kept in `?pipeline=`):
 * one column per stage with its count and total, the deals in board order (name, customer, next
 * step, amount, owner, close date, rotting mark), an owner filter, more cards on demand, a new deal.
 *
 * Moving a deal: drag it with the mouse (HTML5 drag and drop) or a finger (long press, then
 * drag); or focus it and use the arrow keys (up and down in its column, left and right to the
 * next stage) or its "Move to" menu (Enter). Every move is one `POST /move` with `If-Match`,
 * shown at once and announced to screen readers; a move into a lost stage asks for the reason.
 *
 * Live: colleagues' moves (from a board or any REST client) animate into place with their
 * name; the cards a colleague is dragging right now are outlined in their colour; counts and
 * totals follow. When two reps move one card at the same moment the server's order wins on
 * every board, and the rep whose move lost sees the card settle with a note saying who moved
 * it. After a drop in the connection the live client replays what was missed, or the board
 * refetches.
 *
 * @fires shoal-navigate - Bubbles up from a card's menu ("Open <customer>"). Detail: `{ path }`.
 */
@customElement('shoal-pipeline-board')
export class ShoalPipelineBoard extends WithShoalContext(LitElement) {
  static override styles = [base, pageHead, presenceAvatars, progressBar, shimmer, toasts, boardStyles];

  /** Cards loaded per column at first and per "Show more". */
  @property({ type: Number, attribute: 'page-size' })
  pageSize = BOARD_PAGE_SIZE;

  /** Keep the pipeline shown in the page's address (`?pipeline=<id>`); off in component tests. */
  @property({ type: Boolean, attribute: 'sync-url' })
  syncUrl = true;

  /** Whose deals show: '' everyone's, 'mine', or a user id. */
  @state() private filter = '';
  /** The pipeline chosen (undefined: the default one). */
  @state() private pipelineId: string | undefined;
  @state() private reloads = 0;
  @state() private loaded = false;
  @state() private users: User[] = [];
  /** The team as cards show them, by id (kept with `users`). */
  #people = new Map<string, CardPerson>();
  @state() private present: CardPerson[] = [];
  /** Cards colleagues are dragging right now, by card id. */
  @state() private held = new Map<string, CardPerson>();
  @state() private menuFor: string | undefined;
  @state() private lostMove: PendingMove | undefined;
  @state() private newDealIn: BoardColumn | undefined;
  /** The new-deal dialog was opened (it is rendered from then on). */
  #newDealUsed = false;
  @state() private loadingMore = new Set<string>();
  @query('shoal-pipeline-move-menu') private menu!: ShoalPipelineMoveMenu;

  readonly #model = new PipelineModel();
  /**
   * Changes heard while a load was under way, applied again over its answer when the answer
   * does not say which changes it reflects (no `Shoal-Seq`).
   */
  #sinceLoad: ChangeEventOf<'opportunity'>[] | undefined;
  /** Bumped by every load, so a late catch-up of an older load is dropped. */
  #loadNumber = 0;
  /** The first board has been rendered. */
  #shown = false;
  /** How many cards of each column are rendered while the first board fills in. */
  @state() private cardsShown = cardsPerFrame();
  readonly #focus = new FocusController(this, () => this.#model.columns.map((c) => this.#model.visible(c.key).slice(0, this.cardsShown)));
  #refetchTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #feedback = new FeedbackController(this);
  readonly #names = new CustomerNames(this);
  readonly #nextSteps = new NextStepController(this, () => this.api, () => this.#refetch());
  readonly #pipelines = new PipelineList();
  readonly #flip = new FlipController(this, (deal) => this.#names.of(deal.customerId));
  readonly #moves = new BoardMoves({
    model: this.#model,
    feedback: this.#feedback,
    api: () => this.api,
    me: () => this.user?.id,
    snapshot: () => this.#flip.snapshot(),
    arrive: (id) => this.#flip.arrive(id),
    refetch: () => this.#refetch(),
    forget: (id) => this.#store.store?.forget('opportunity', id),
    focus: (id) => this.#focus.focus(id),
    askLostReason: (move) => {
      this.lostMove = move;
    },
    update: () => this.requestUpdate(),
  });
  readonly #drag = new DragController(this, {
    nameOf: (id) => this.#model.cards.get(id)?.name,
    started: (id) => {
      this.menu?.hide();
      this.live?.setPresence({ view: 'pipeline', editing: id });
    },
    ended: (id, target) => {
      this.live?.setPresence({ view: 'pipeline' });
      if (target) this.#moves.request({ id, stage: target.stage, ...this.#model.neighbours(target.stage, target.index, id), focus: false });
    },
  });

  readonly #load = new Task(this, {
    task: async ([api, filter, , pipelineId]: readonly [ShoalApi | undefined, string, number, string | undefined], { signal }): Promise<Loaded | typeof initialState> => {
      if (!api) return initialState;
      this.#sinceLoad = [];
      const most = Math.max(0, ...this.#model.columns.map((c) => this.#model.visible(c.key).length));
      const limit = Math.min(200, Math.max(this.pageSize, most));
      const answer = fetchPipeline(api, pipelineFilterOf(filter), limit, signal, pipelineId);
      // The team's names and colours, and the pipelines to switch to, are niceties: the board shows without waiting for them.
      this.#loadUsers();
      this.#pipelines.load(api, this.#store.store, () => this.requestUpdate());
      return { ...(await answer), filter };
    },
    args: () => [this.api, this.filter, this.reloads, this.pipelineId] as const,
    onComplete: (result) => this.#loadedBoard(result),
  });

  readonly #store = new StoreController(this, () => ({ live: this.live, api: this.api }), {
    opportunity: (change) => this.#onDealChange(change),
    task: (change) => this.#nextSteps.onTask(change),
    pipeline: ({ id, event }) => {
      this.#pipelines.refresh(this.#store.store);
      // An admin changed the pipeline shown (a stage added, renamed, reordered or removed): its columns come fresh.
      if (event && id === this.#model.pipelineId) this.#refetch();
    },
    customer: (change) => this.#onCustomerChange(change),
    user: () => this.#showUsers(),
    // The deals' custom fields for the new deal dialog, kept live.
    field: () => undefined,
    resync: () => this.#refetch(),
  });

  readonly #live = new LiveController(this, () => this.live, {
    presence: (room, entries) => {
      if (room === roomOf({ kind: 'presence', view: 'pipeline' })) this.#onPresence(entries);
    },
    state: (state) => {
      if (state === 'live' && this.#load.status === TaskStatus.ERROR) this.#refetch();
    },
  });

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.syncUrl && globalThis.location) this.pipelineId = pipelineOfSearch(location.search);
    // The first update says where this tab is (once `live` is known); a board put back in the page says it again.
    if (this.hasUpdated) this.live?.setPresence({ view: 'pipeline' });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#refetchTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('live') && this.live) this.live.setPresence({ view: 'pipeline' });
  }

  protected override updated(): void {
    if (this.loaded && !this.#shown) {
      this.#shown = true;
      // User Timing marks once the first cards are on screen and once all are (each after the
      // frame that paints them), for devtools and the benchmark's first-render figures.
      afterNextPaint(() => {
        performance.mark('shoal:pipeline-shown');
        this.#showMoreCards();
      });
    }
  }

  // ---- loading ----

  #ownerFilter(filter = this.filter): string | undefined {
    return ownerIdOf(filter, this.user?.id);
  }

  #loadedBoard({ pipeline, filter, seq }: Loaded): void {
    this.#flip.snapshot();
    this.#model.load(pipeline, this.#ownerFilter(filter));
    const cards = pipeline.stages.flatMap((s) => s.opportunities);
    this.#nextSteps.load(pipeline.nextSteps, cards.map((c) => c.id), true);
    if (seq === undefined) for (const event of this.#sinceLoad ?? []) this.#moves.apply(event, false);
    this.#sinceLoad = undefined;
    this.#catchUp(cards, seq);
    // The cards' customer names come with the board.
    this.#names.add(Object.entries(pipeline.customers));
    this.loaded = true;
    this.requestUpdate();
    // Names the board did not bring (customers it could not name) wait until it is on screen.
    void this.updateComplete.then(() => afterNextPaint(() => void this.#loadMissingCustomers()));
  }

  /** The cards into the store, and the changes since their seq onto the board (board-moves.ts). */
  #catchUp(cards: Opportunity[], seq: number | undefined): void {
    const store = this.#store.store;
    if (!store) return;
    const load = ++this.#loadNumber;
    enterSnapshot(store, cards, seq, { moves: this.#moves, nextSteps: this.#nextSteps, current: () => load === this.#loadNumber, failed: () => this.#refetch() });
  }

  /** The team's names and colours (the store loads them once), without holding up the board. */
  #loadUsers(): void {
    this.#store.store?.team().then(
      () => this.#showUsers(),
      () => undefined,
    );
  }

  #showUsers(): void {
    this.users = this.#store.store?.users() ?? [];
    this.#people = peopleOf(this.users, this.#people);
  }

  /** Names of the customers of cards that came without one (live changes, more cards). */
  async #loadMissingCustomers(): Promise<void> {
    if (this.api) await this.#names.loadMissing(this.api, [...this.#model.cards.values()].map((card) => card.customerId));
  }

  #openNewDeal(column: BoardColumn): void {
    this.newDealIn = column;
    this.#newDealUsed = true;
    prepareNewDeal(this.api, this.#store.store, this.#names, (problem) => this.#feedback.toast(problem), () => (this.newDealIn = undefined));
  }

  /** Shows another pipeline's board, and says so in the address (the default one: no parameter). */
  #choosePipeline(id: string): void {
    const chosen = this.#pipelines.list.find((p) => p.id === id);
    this.pipelineId = chosen?.default ? undefined : id;
    if (this.syncUrl) showPipelineInAddress(this.pipelineId);
    if (chosen) this.#feedback.announce(`Showing the ${chosen.name} pipeline.`);
  }

  #refetch(): void {
    clearTimeout(this.#refetchTimer);
    this.#refetchTimer = setTimeout(() => {
      this.reloads++;
    }, REFETCH_DEBOUNCE_MS);
  }

  async #loadMore(column: BoardColumn): Promise<void> {
    const api = this.api;
    if (!api || !column.nextCursor || this.loadingMore.has(column.key)) return;
    this.loadingMore = new Set([...this.loadingMore, column.key]);
    try {
      const parts = { model: this.#model, nextSteps: this.#nextSteps, names: this.#names, focus: this.#focus, feedback: this.#feedback };
      await loadMoreCards(api, column, { limit: this.pageSize, filter: pipelineFilterOf(this.filter), pipelineId: this.pipelineId, ...parts });
    } catch (error) {
      this.#feedback.toast(`Couldn't load more deals: ${describeError(error)}`);
    } finally {
      const rest = new Set(this.loadingMore);
      rest.delete(column.key);
      this.loadingMore = rest;
    }
  }

  // ---- live changes ----

  #onDealChange({ event }: StoreChange<'opportunity'>): void {
    // A deal that went with its customer (no event of its own) is taken off by the customer's change.
    if (!event) return;
    // Deals of another pipeline than the one shown (now and before) are not this board's news.
    const here = (deal: Opportunity | null | undefined) => !!deal && (deal.pipelineId ?? DEFAULT_PIPELINE_ID) === this.#model.pipelineId;
    if (!here(event.data) && !here(this.#model.cards.get(event.id)) && (event.data || event.op !== 'deleted')) return;
    this.#sinceLoad?.push(event);
    this.#moves.apply(event, true);
    const card = this.#model.cards.get(event.id);
    if (event.op === 'deleted') this.#nextSteps.gone(event.id);
    else if (card && this.#model.matches(card)) this.#nextSteps.arrived(event.id, event.op === 'created');
    const customerId = event.data?.customerId;
    if (customerId && !this.#names.has(customerId)) void this.#loadMissingCustomers();
  }

  #onCustomerChange({ id, after, event }: StoreChange<'customer'>): void {
    if (event?.op === 'deleted') {
      this.#flip.snapshot();
      if (this.#model.removeCustomer(id)) this.#refetch();
    } else if (event?.op === 'restored') this.#refetch();
    if (after?.name) this.#names.add([[id, after.name]]);
  }

  #onPresence(entries: PresenceEntry[]): void {
    const { present, held } = presenceOnBoard(entries, this.user?.id);
    this.present = present;
    this.held = held;
  }

  // ---- keyboard and menu ----

  #onCardFocus(event: CustomEvent<CardFocusDetail>): void {
    this.#focus.walk(event.detail.id, event.detail.direction);
  }

  #onCardMove(event: CustomEvent<CardMoveDetail>): void {
    const plan = planKeyMove(this.#model, event.detail.id, event.detail.direction);
    if (!plan) return;
    if ('say' in plan) this.#feedback.announce(plan.say);
    else this.#moves.request(plan.move);
  }

  async #onCardMenu(event: CustomEvent<CardMenuDetail>): Promise<void> {
    // The click that ends a touch drag is not a request for the menu.
    if (this.#drag.justTouched) return;
    this.menuFor = event.detail.id;
    await this.updateComplete;
    const card = this.#focus.card(event.detail.id);
    if (card) await this.menu.show(card);
  }

  #onMenuMove(event: CustomEvent<OpportunityMoveDetail>): void {
    const { id, stage, position } = event.detail;
    this.#moves.request(planMenuMove(this.#model, id, stage, position));
  }

  #onMenuClose(): void {
    const id = this.menuFor;
    this.menuFor = undefined;
    if (id && !this.lostMove) this.#focus.focus(id);
  }

  #onLostReason(event: CustomEvent<LostReasonDetail>): void {
    const move = this.lostMove;
    this.lostMove = undefined;
    if (move) this.#moves.commit(move, event.detail.reason);
  }

  #onLostCancel(): void {
    const move = this.lostMove;
    this.lostMove = undefined;
    if (move) {
      this.#feedback.announce('Not moved.');
      if (move.focus) this.#focus.focus(move.id);
    }
  }

  #onDealCreated(event: CustomEvent<DealCreatedDetail>): void {
    const { deal } = event.detail;
    this.newDealIn = undefined;
    this.#flip.snapshot();
    this.#model.applyCard(deal, true);
    const stage = this.#model.column(deal.stage)?.name ?? deal.stage;
    this.#feedback.announce(`Added ${deal.name} to ${stage}.`);
    this.#feedback.toast(`Added ${deal.name} to ${stage}`);
    this.#focus.focus(deal.id);
  }

  // ---- rendering ----

  /** Renders the next cards of each column after a paint, until every column is complete. */
  #showMoreCards(): void {
    const most = Math.max(0, ...this.#model.columns.map((c) => this.#model.visible(c.key).length));
    if (this.cardsShown >= most) {
      this.cardsShown = Number.POSITIVE_INFINITY;
      afterNextPaint(() => performance.mark('shoal:pipeline-complete'));
      return;
    }
    this.cardsShown += cardsPerFrame();
    void this.updateComplete.then(() => afterNextPaint(() => this.#showMoreCards()));
  }

  #board() {
    const status = this.#load.status;
    const error = this.#load.error;
    if (!this.loaded && status === TaskStatus.ERROR && !(error instanceof DOMException && error.name === 'AbortError')) {
      return boardLoadError(error, () => this.#refetch());
    }
    if (!this.loaded) return boardSkeleton();
    const drag = this.#drag;
    const view: BoardViewState = {
      model: this.#model,
      cardsShown: this.cardsShown,
      drag: drag.drag,
      customerName: (id) => this.#names.of(id),
      person: (id) => (id ? this.#people.get(id) : undefined),
      nextStep: (id) => this.#nextSteps.of(id),
      held: this.held,
      notes: this.#feedback.notes,
      highlighted: this.#feedback.highlighted,
      loadingMore: this.loadingMore,
      activeId: this.#focus.tabStop,
      onNewDeal: (column) => this.#openNewDeal(column),
      onMore: (column) => void this.#loadMore(column),
    };
    return boardGrid(view, {
      drag,
      focus: this.#focus,
      onCardMove: (e) => this.#onCardMove(e),
      onCardFocus: (e) => this.#onCardFocus(e),
      onCardMenu: (e) => void this.#onCardMenu(e),
    });
  }

  protected override render() {
    const refreshing = this.loaded && this.#load.status === TaskStatus.PENDING;
    const ghost = this.#drag.ghost;
    return html`<section aria-labelledby="pipeline-title">
      ${boardHead(
        this.#model,
        this.loaded,
        html`${boardPresence(this.present)} ${pipelinePicker(this.#pipelines.list, this.#pipelines.idOf(this.pipelineId), (id) => this.#choosePipeline(id))}
        ${ownerFilter(this.users, this.user, this.filter, (filter) => (this.filter = filter))}`,
      )}
      <div class="wrap">
        ${refreshing ? html`<div class="progress" role="progressbar" aria-label="Updating the pipeline"></div>` : nothing} ${this.#board()}
      </div>

      ${boardDialogs({
        api: this.api,
        model: this.#model,
        menuFor: this.menuFor,
        lostMove: this.lostMove,
        newDealIn: this.newDealIn,
        customerName: (id) => this.#names.of(id),
        newDealUsed: this.#newDealUsed,
        customers: () => [...this.#names.names].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
        owners: this.users.filter((u) => u.active).map((u) => ({ id: u.id, name: u.name })),
        me: this.user?.id,
        fields: fieldsOf(this.#store.store, 'opportunity'),
        users: this.users,
        onMenuMove: (e) => this.#onMenuMove(e),
        onMenuClose: () => this.#onMenuClose(),
        onLostReason: (e) => this.#onLostReason(e),
        onLostCancel: () => this.#onLostCancel(),
        onDealCreated: (e) => this.#onDealCreated(e),
        onNewDealClose: () => (this.newDealIn = undefined),
      })}
      ${ghost
        ? html`<div class="ghost" aria-hidden="true" style=${styleMap({ left: `${ghost.x}px`, top: `${ghost.y}px`, width: `${ghost.width}px` })}>${ghost.name}</div>`
        : nothing}
      <div class="flights" aria-hidden="true"></div>
      ${this.#feedback.render()}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-pipeline-board': ShoalPipelineBoard;
  }
}
