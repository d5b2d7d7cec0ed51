import { consume } from '@lit/context';
import { Task, TaskStatus, initialState } from '@lit/task';
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { ChangeEventOf, PresenceEntry } from '../../../shared/events.js';
import type { Opportunity, Pipeline } from '../../../shared/opportunity.js';
import type { User } from '../../../shared/user.js';
import { ApiError, describeError, type ShoalApi } from '../api.js';
import { apiContext, liveContext, userContext } from '../context.js';
import { StoreController } from '../data/store-controller.js';
import type { StoreChange } from '../data/record-store.js';
import { LiveController } from '../live-controller.js';
import type { LiveClient } from '../live.js';
import { fetchColumnPage, fetchPipeline, moveDeal, type MoveBody, type PipelineFilter } from '../pipeline-api.js';
import { compactMoney, money } from '../format/money.js';
import { PipelineModel, type BoardColumn } from '../pipeline-model.js';
import { base, pageHead, presenceAvatars, progressBar, shimmer, toasts } from '../styles.js';
import './shoal-avatar.js';
import './shoal-lost-reason-dialog.js';
import type { LostReasonDetail } from './shoal-lost-reason-dialog.js';
import './shoal-new-deal-dialog.js';
import type { DealCreatedDetail } from './shoal-new-deal-dialog.js';
import { listNames } from './shoal-online-users.js';
import './shoal-pipeline-card.js';
import type { CardMenuDetail, CardMoveDetail, CardPerson, ShoalPipelineCard } from './shoal-pipeline-card.js';
import './shoal-pipeline-move-menu.js';
import type { OpportunityMoveDetail, ShoalPipelineMoveMenu } from './shoal-pipeline-move-menu.js';
import { roomOf } from '../../../shared/rooms.js';

const NOTE_MS = 5_000;
const CONFLICT_NOTE_MS = 8_000;
const HIGHLIGHT_MS = 2_400;
const TOAST_MS = 6_000;
const REFETCH_DEBOUNCE_MS = 250;
/** A colleague's move this soon after one's own move of the same card counts as "at the same time". */
const CONCURRENT_MS = 2_000;
/** How long a finger rests on a card before it lifts (shorter moves scroll the board). */
const LONG_PRESS_MS = 350;
const FLIP_MS = 340;
/**
 * Cards per column in the first frame: as many as the screen can show (a card is at least
 * ~100 px high); the rest follow this many at a time in the frames after, so the board appears
 * without waiting for every card's element.
 */
const cardsPerFrame = () => Math.max(4, Math.ceil((globalThis.innerHeight || 900) / 100));

/** Where a dragged card would land: a column and an index among its other cards. */
interface DropTarget {
  stage: string;
  index: number;
}

/** A move waiting for something: the lost reason, for a move into a lost stage. */
interface PendingMove {
  id: string;
  stage: string;
  afterId?: string | undefined;
  beforeId?: string | undefined;
  /** Put the focus back on the card afterwards (keyboard and menu moves). */
  focus: boolean;
}

interface Note {
  text: string;
  kind: 'info' | 'conflict';
}

interface Toast {
  id: number;
  text: string;
}

/** A finger (or pen) on a card: waiting for the long press, then dragging. */
interface TouchDrag {
  id: string;
  pointerId: number;
  card: HTMLElement;
  startX: number;
  startY: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  active: boolean;
}

type Loaded = { pipeline: Pipeline; filter: string; seq: number | undefined };

const STAGE_COLORS: Record<string, string> = {
  prospecting: '#7aa7d6',
  qualification: '#4d8fd1',
  proposal: '#2f73c0',
  negotiation: '#1c5aa6',
  won: '#1f9d55',
  lost: '#c2410c',
};

/** Calls `then` once the browser has painted the next frame. */
function afterNextPaint(then: () => void): void {
  requestAnimationFrame(() => {
    const after = new MessageChannel();
    after.port1.onmessage = () => then();
    after.port2.postMessage(undefined);
  });
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const cardOf = (event: Event): HTMLElement | undefined =>
  event.composedPath().find((n): n is HTMLElement => n instanceof HTMLElement && n.localName === 'shoal-pipeline-card');

/**
 * The pipeline board: one column per stage with its count and total, the deals in board order
 * (name, customer, amount, owner, expected close date), an owner filter ("Mine"), more cards
 * per column on demand, and a new deal from any open column.
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
export class ShoalPipelineBoard extends LitElement {
  static override styles = [
    base,
    pageHead,
    presenceAvatars,
    progressBar,
    shimmer,
    toasts,
    css`
      :host {
        display: block;
      }
      .subtitle strong {
        color: var(--shoal-text, #1b2430);
      }
      .tools {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.75rem 1.25rem;
      }
      .filter {
        display: flex;
        align-items: center;
        gap: 0.5rem;
      }
      .filter label {
        font-size: 0.875rem;
        font-weight: 600;
      }
      .filter select {
        width: auto;
        min-width: 11rem;
        min-height: 2.25rem;
        padding: 0.3125rem 0.625rem;
        font-size: 0.875rem;
        appearance: auto;
      }
      .wrap {
        position: relative;
      }
      .progress {
        position: absolute;
        inset: -0.5rem 0 auto;
        z-index: 2;
      }
      .board {
        display: grid;
        grid-auto-flow: column;
        grid-auto-columns: minmax(12.25rem, 1fr);
        gap: 0.625rem;
        overflow-x: auto;
        height: max(26rem, calc(100dvh - 12.25rem));
        padding-bottom: 0.25rem;
        overscroll-behavior-x: contain;
      }
      .column {
        display: flex;
        flex-direction: column;
        min-height: 0;
        min-width: 0;
        border-radius: 0.75rem;
        background: #e9edf1;
        border-top: 4px solid var(--stage-color, #7aa7d6);
        transition: background-color 0.15s;
      }
      .column.drop-target {
        background: #dde8f3;
        box-shadow: inset 0 0 0 2px color-mix(in srgb, var(--shoal-primary, #0b6e99) 45%, transparent);
      }
      .column > header {
        padding: 0.625rem 0.75rem 0.5rem;
      }
      .title-row {
        display: flex;
        align-items: center;
        gap: 0.375rem;
        min-height: 2rem;
      }
      h2 {
        margin: 0;
        font-size: 0.9375rem;
        font-weight: 700;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .count {
        flex: none;
        min-width: 1.5rem;
        padding: 0.0625rem 0.4375rem;
        border-radius: 999px;
        background: rgb(255 255 255 / 75%);
        font-size: 0.75rem;
        font-weight: 700;
        text-align: center;
        color: var(--shoal-muted, #536171);
      }
      .add {
        margin-left: auto;
        min-height: 1.875rem;
        width: 1.875rem;
        padding: 0;
        border-radius: 0.5rem;
        border-color: transparent;
        background: transparent;
        color: var(--shoal-muted, #536171);
      }
      .add:hover:not(:disabled) {
        background: rgb(255 255 255 / 70%);
        color: var(--shoal-text, #1b2430);
      }
      .stats {
        margin: 0.125rem 0 0;
        display: flex;
        align-items: baseline;
        gap: 0.375rem;
        font-size: 0.8125rem;
        color: var(--shoal-muted, #536171);
      }
      .stats .total {
        font-size: 1rem;
        font-weight: 700;
        color: var(--shoal-text, #1b2430);
        font-variant-numeric: tabular-nums;
      }
      .cards {
        list-style: none;
        margin: 0;
        padding: 0.4375rem 0.4375rem 0.75rem;
        display: flex;
        flex-direction: column;
        gap: 0.5rem;
        flex: 1;
        min-height: 0;
        overflow-y: auto;
        scrollbar-width: thin;
      }
      .cards > li {
        display: block;
      }
      .cards > li.line {
        height: 3px;
        margin: -2px 0.25rem;
        border-radius: 3px;
        background: var(--shoal-primary, #0b6e99);
        flex: none;
      }
      .empty {
        display: grid;
        place-items: center;
        min-height: 5rem;
        padding: 0.75rem;
        border: 1.5px dashed #c5ced8;
        border-radius: 0.625rem;
        font-size: 0.8125rem;
        color: var(--shoal-muted, #536171);
        text-align: center;
      }
      .more {
        margin: 0 0.4375rem 0.625rem;
        background: rgb(255 255 255 / 60%);
        border-color: transparent;
        font-weight: 600;
      }
      .skeleton .card-skel {
        height: 5.25rem;
        border-radius: 0.625rem;
        background: linear-gradient(90deg, #f6f8fa 25%, #fff 50%, #f6f8fa 75%);
        background-size: 200% 100%;
        animation: shimmer 1.4s ease-in-out infinite;
      }
      .state {
        padding: 3rem 1.5rem;
        text-align: center;
        background: var(--shoal-surface, #fff);
        border: 1px solid var(--shoal-border, #e3e8ee);
        border-radius: 0.75rem;
      }
      .state h2 {
        font-size: 1.0625rem;
        margin-bottom: 0.375rem;
        color: var(--shoal-danger, #b42318);
        white-space: normal;
      }
      .state p {
        margin: 0 auto 1rem;
        max-width: 30rem;
        color: var(--shoal-muted, #536171);
      }
      .ghost {
        position: fixed;
        z-index: 40;
        pointer-events: none;
        padding: 0.625rem 0.75rem;
        border-radius: 0.625rem;
        background: var(--shoal-surface, #fff);
        border: 1px solid var(--shoal-border-strong, #c5ced8);
        box-shadow: 0 14px 34px rgb(15 23 42 / 28%);
        transform: rotate(2deg);
        font-size: 0.875rem;
        font-weight: 600;
      }
      .flights {
        position: fixed;
        inset: 0;
        pointer-events: none;
        z-index: 35;
      }
      .flyer {
        position: fixed;
        box-sizing: border-box;
        padding: 0.625rem 0.75rem;
        border-radius: 0.625rem;
        background: var(--shoal-surface, #fff);
        border: 1px solid var(--shoal-border-strong, #c5ced8);
        box-shadow: 0 14px 34px rgb(15 23 42 / 24%);
        font-size: 0.875rem;
        font-weight: 600;
        overflow: hidden;
      }
      .flyer span {
        display: block;
        font-size: 0.8125rem;
        font-weight: 400;
        color: var(--shoal-muted, #536171);
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      @media (prefers-reduced-motion: reduce) {
        .skeleton .card-skel,
        .progress {
          animation: none;
        }
      }
      @media (max-width: 40rem) {
        .head {
          align-items: flex-start;
        }
        .tools {
          width: 100%;
          justify-content: space-between;
        }
        .filter select {
          min-width: 9rem;
        }
        .presence > span {
          display: none;
        }
        .board {
          grid-auto-columns: 82%;
          scroll-snap-type: x mandatory;
          height: max(24rem, calc(100dvh - 15.5rem));
          margin: 0 -0.75rem;
          padding: 0 0.75rem 0.25rem;
          scroll-padding: 0 0.75rem;
        }
        .column {
          scroll-snap-align: start;
        }
      }
    `,
  ];

  /** The REST client (from `<shoal-app>`). */
  @consume({ context: apiContext, subscribe: true })
  @property({ attribute: false })
  api: ShoalApi | undefined;

  /** The live connection (from `<shoal-app>`). */
  @consume({ context: liveContext, subscribe: true })
  @property({ attribute: false })
  live: LiveClient | undefined;

  /** The signed-in user (from `<shoal-app>`): "Mine", and whose changes are someone else's. */
  @consume({ context: userContext, subscribe: true })
  @property({ attribute: false })
  user: User | undefined;

  /** Cards loaded per column at first and per "Show more". */
  @property({ type: Number, attribute: 'page-size' })
  pageSize = 50;

  /** Whose deals show: '' everyone's, 'mine', or a user id. */
  @state() private filter = '';
  @state() private reloads = 0;
  @state() private loaded = false;
  @state() private users: User[] = [];
  @state() private customerNames = new Map<string, string>();
  @state() private present: CardPerson[] = [];
  /** Cards colleagues are dragging right now, by card id. */
  @state() private held = new Map<string, CardPerson>();
  @state() private notes = new Map<string, Note>();
  @state() private highlighted = new Set<string>();
  /** The card this board is dragging, and where it would land. */
  @state() private drag: { id: string; target?: DropTarget | undefined } | undefined;
  @state() private ghost: { x: number; y: number; width: number; name: string } | undefined;
  @state() private menuFor: string | undefined;
  @state() private lostMove: PendingMove | undefined;
  @state() private newDealIn: BoardColumn | undefined;
  @state() private loadingMore = new Set<string>();
  @state() private announcement = '';
  @state() private toasts: Toast[] = [];

  @query('shoal-pipeline-move-menu') private menu!: ShoalPipelineMoveMenu;
  @query('.flights') private flights!: HTMLElement;

  readonly #model = new PipelineModel();
  /**
   * Changes heard while a load was under way, applied again over its answer when the answer
   * does not say which changes it reflects (no `Shoal-Seq`).
   */
  #sinceLoad: ChangeEventOf<'opportunity'>[] | undefined;
  /** Bumped by every load, so a late catch-up of an older load is dropped. */
  #loadNumber = 0;
  #customersLoaded = false;
  /** The first board has been rendered. */
  #shown = false;
  /** How many cards of each column are rendered while the first board fills in. */
  @state() private cardsShown = cardsPerFrame();
  /** Customers whose names were asked for one by one (each once). */
  readonly #askedCustomers = new Set<string>();
  /** Each card's chain of in-flight moves; resolves to the version after the last one. */
  readonly #chains = new Map<string, Promise<number | undefined>>();
  /** Bumped when a card's queued moves must be dropped (a colleague's move won). */
  readonly #generation = new Map<string, number>();
  /** When this board last moved each card. */
  readonly #movedAt = new Map<string, number>();
  /** Who last moved each card, from the live changes. */
  readonly #lastMover = new Map<string, string>();
  /** Cards settled by a 412 before the winner's name was known. */
  readonly #unnamed = new Set<string>();
  /** Card positions before an update, for the FLIP animation. */
  #rects: Map<string, { rect: DOMRect; stage: string }> | undefined;
  /** Cards a colleague's change brought in: they fly in rather than slide. */
  readonly #arrivals = new Set<string>();
  #focusId: string | undefined;
  #touch: TouchDrag | undefined;
  #touchEndedAt = 0;
  #refetchTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #toastId = 0;

  readonly #load = new Task(this, {
    task: async ([api, filter]: readonly [ShoalApi | undefined, string, number], { signal }): Promise<Loaded | typeof initialState> => {
      if (!api) return initialState;
      this.#sinceLoad = [];
      const most = Math.max(0, ...this.#model.columns.map((c) => this.#model.visible(c.key).length));
      const limit = Math.min(200, Math.max(this.pageSize, most));
      const answer = fetchPipeline(api, this.#filterParams(filter), limit, signal);
      // The team's names and colours are a nicety: the board shows without waiting for them.
      this.#loadUsers();
      return { ...(await answer), filter };
    },
    args: () => [this.api, this.filter, this.reloads] as const,
    onComplete: (result) => this.#loadedBoard(result),
  });

  readonly #store = new StoreController(this, () => ({ live: this.live, api: this.api }), {
    opportunity: (change) => this.#onDealChange(change),
    customer: (change) => this.#onCustomerChange(change),
    user: () => this.#showUsers(),
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
    // The first update says where this tab is (once `live` is known); a board put back in the page says it again.
    if (this.hasUpdated) this.live?.setPresence({ view: 'pipeline' });
    this.addEventListener('pointermove', this.#onPointerMove);
    this.addEventListener('pointerup', this.#onPointerUp);
    this.addEventListener('pointercancel', this.#onPointerCancel);
    // Not passive: once a finger has lifted a card, the page must not scroll under it.
    this.addEventListener('touchmove', this.#onTouchMove, { passive: false });
    this.addEventListener('contextmenu', this.#onContextMenu);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('pointermove', this.#onPointerMove);
    this.removeEventListener('pointerup', this.#onPointerUp);
    this.removeEventListener('pointercancel', this.#onPointerCancel);
    this.removeEventListener('touchmove', this.#onTouchMove);
    this.removeEventListener('contextmenu', this.#onContextMenu);
    clearTimeout(this.#refetchTimer);
    clearTimeout(this.#touch?.timer);
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
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
    this.#flip();
    const id = this.#focusId;
    if (id) {
      this.#focusId = undefined;
      const card = this.#cardElement(id);
      // A card that changed column is a new element: it can take the focus once it has rendered.
      void card?.updateComplete.then(() => {
        card.focus({ preventScroll: true });
        card.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      });
    }
  }

  // ---- loading ----

  #filterParams(filter: string): PipelineFilter {
    if (filter === 'mine') return { mine: true };
    return filter ? { ownerId: filter } : {};
  }

  #ownerFilter(filter = this.filter): string | undefined {
    if (filter === 'mine') return this.user?.id;
    return filter || undefined;
  }

  #loadedBoard({ pipeline, filter, seq }: Loaded): void {
    this.#snapshot();
    this.#model.load(pipeline, this.#ownerFilter(filter));
    if (seq === undefined) for (const event of this.#sinceLoad ?? []) this.#apply(event, false);
    this.#sinceLoad = undefined;
    this.#catchUp(pipeline.stages.flatMap((s) => s.opportunities), seq);
    // The cards' customer names come with the board.
    const names = new Map(this.customerNames);
    for (const [id, name] of Object.entries(pipeline.customers)) names.set(id, name);
    this.customerNames = names;
    this.loaded = true;
    this.requestUpdate();
    // Names the board did not bring (customers it could not name) wait until it is on screen.
    void this.updateComplete.then(() => afterNextPaint(() => void this.#loadMissingCustomers()));
  }

  /**
   * The board's cards enter the store with the seq they reflect; the changes after it that the
   * live connection had already delivered (or that it delivers only now) count on the board.
   */
  #catchUp(cards: Opportunity[], seq: number | undefined): void {
    const store = this.#store.store;
    if (!store) return;
    const load = ++this.#loadNumber;
    store.snapshot('opportunity', cards, seq).then(
      (gap) => {
        if (load !== this.#loadNumber) return;
        for (const event of gap) if (event.entity === 'opportunity') this.#apply(event, true);
      },
      // The changes in between could not be read: a fresh board has them.
      () => this.#refetch(),
    );
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
  }

  /** The customers a new deal can be for (the first 200 by name), loaded when first needed. */
  async #loadCustomerChoices(): Promise<void> {
    const api = this.api;
    if (!api || this.#customersLoaded) return;
    this.#customersLoaded = true;
    try {
      const customers = await api.listCustomers({ limit: 200, sort: 'name' });
      const names = new Map(this.customerNames);
      for (const c of customers.items) names.set(c.id, c.name);
      this.customerNames = names;
    } catch (error) {
      this.#customersLoaded = false;
      this.#toast(`Couldn't load the customers: ${describeError(error)}`);
    }
  }

  /** Names of the customers of cards that came without one (live changes, more cards). */
  async #loadMissingCustomers(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const missing = new Set<string>();
    for (const card of this.#model.cards.values()) if (!this.customerNames.has(card.customerId) && !this.#askedCustomers.has(card.customerId)) missing.add(card.customerId);
    const ids = [...missing].slice(0, 40);
    if (ids.length === 0) return;
    for (const id of ids) this.#askedCustomers.add(id);
    const found = await Promise.all(ids.map((id) => api.getCustomer(id).then((c) => c.value, () => undefined)));
    const names = new Map(this.customerNames);
    for (const customer of found) if (customer) names.set(customer.id, customer.name);
    this.customerNames = names;
  }

  #openNewDeal(column: BoardColumn): void {
    this.newDealIn = column;
    void this.#loadCustomerChoices();
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
      const page = await fetchColumnPage(api, { stage: column.key, cursor: column.nextCursor, limit: this.pageSize, ownerId: this.#ownerFilter() });
      this.#model.appendPage(column.key, page.items, page.nextCursor);
      void this.#loadMissingCustomers();
      this.#announce(`${plural(page.items.length, 'more deal', 'more deals')} in ${column.name}.`);
    } catch (error) {
      this.#toast(`Couldn't load more deals: ${describeError(error)}`);
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
    this.#sinceLoad?.push(event);
    this.#apply(event, true);
    const customerId = event.data?.customerId;
    if (customerId && !this.customerNames.has(customerId)) void this.#loadMissingCustomers();
  }

  #onCustomerChange({ id, after, event }: StoreChange<'customer'>): void {
    if (event?.op === 'deleted') {
      this.#snapshot();
      if (this.#model.removeCustomer(id)) this.#refetch();
    } else if (event?.op === 'restored') this.#refetch();
    if (after?.name && this.customerNames.get(id) !== after.name) this.customerNames = new Map(this.customerNames).set(id, after.name);
  }

  /** Applies a change of a deal; `live` when it just happened (notes, animation, announcement). */
  #apply(event: ChangeEventOf<'opportunity'>, live: boolean): void {
    const id = event.id;
    const mine = event.actor.id === this.user?.id;
    const positional = event.op !== 'updated' || !event.fields || event.fields.includes('stage') || event.fields.includes('rank');
    const contested = !mine && positional && (this.#model.pending.has(id) || this.#chains.has(id) || Date.now() - (this.#movedAt.get(id) ?? 0) < CONCURRENT_MS);
    if (!mine && positional) this.#lastMover.set(id, event.actor.name);
    const before = this.#model.placeOf(id);
    this.#snapshot();
    const result = this.#model.applyEvent(event);
    if (result.refetch) this.#refetch();
    if (!result.applied) {
      // A 412 settled this card before we knew who won: name them now.
      if (!mine && this.#unnamed.delete(id)) this.#setNote(id, { text: `${event.actor.name} moved this at the same time`, kind: 'conflict' }, CONFLICT_NOTE_MS);
      this.requestUpdate();
      return;
    }
    const card = this.#model.cards.get(id);
    if (contested && card) {
      this.#dropQueuedMoves(id);
      this.#model.clearPending(id);
      this.#settled(id, event.actor.name);
    } else if (!mine && live && card && event.op !== 'deleted' && positional) {
      const stage = this.#model.column(card.stage)?.name ?? card.stage;
      const verb = event.op === 'created' ? 'Added' : event.op === 'restored' ? 'Restored' : 'Moved';
      if (before?.stage !== card.stage) this.#arrivals.add(id);
      this.#setNote(id, { text: `${verb} by ${event.actor.name}`, kind: 'info' }, NOTE_MS);
      this.#flash(id);
      this.#announce(event.op === 'created' ? `${event.actor.name} added ${card.name} to ${stage}.` : `${event.actor.name} moved ${card.name} to ${stage}.`);
    }
    this.requestUpdate();
  }

  /** A colleague's move of a card won over this board's: say so on the card. */
  #settled(id: string, winner: string | undefined): void {
    const card = this.#model.cards.get(id);
    if (!card) return;
    if (winner) this.#unnamed.delete(id);
    else this.#unnamed.add(id);
    const who = winner ?? 'Someone else';
    this.#arrivals.add(id);
    this.#setNote(id, { text: `${who} moved this at the same time`, kind: 'conflict' }, CONFLICT_NOTE_MS);
    this.#flash(id);
    const stage = this.#model.column(card.stage)?.name ?? card.stage;
    this.#announce(`${who} moved ${card.name} at the same time. It stays in ${stage}, where they put it.`);
  }

  #onPresence(entries: PresenceEntry[]): void {
    const me = this.user?.id;
    const people = new Map<string, CardPerson>();
    const held = new Map<string, CardPerson>();
    for (const entry of entries) {
      if (entry.actor.id === me) continue;
      const person = { id: entry.actor.id, name: entry.actor.name, color: entry.color };
      people.set(person.id, person);
      if (entry.editing) held.set(entry.editing, person);
    }
    this.present = [...people.values()];
    this.held = held;
  }

  // ---- moving ----

  /** Asks for a move; a move into a lost stage first asks why. Nothing happens when the card would not move. */
  #requestMove(move: PendingMove): void {
    const place = this.#model.placeOf(move.id);
    const column = this.#model.column(move.stage);
    if (!place || !column) return;
    if (place.stage === move.stage) {
      const list = this.#model.visible(move.stage);
      const i = list.findIndex((c) => c.id === move.id);
      if (i >= 0 && list[i - 1]?.id === move.afterId && list[i + 1]?.id === move.beforeId) return;
    }
    if (column.kind === 'lost' && place.stage !== move.stage) {
      this.lostMove = move;
      return;
    }
    this.#commit(move);
  }

  /** Shows the move at once and sends it (after this card's earlier moves, if any are in flight). */
  #commit(move: PendingMove, lostReason?: string): void {
    const api = this.api;
    const card = this.#model.cards.get(move.id);
    if (!api || !card) return;
    this.#snapshot();
    this.#model.setPending(move.id, move.stage, move.afterId, move.beforeId);
    this.#movedAt.set(move.id, Date.now());
    this.#clearNote(move.id);
    const body: MoveBody = { stage: move.stage, ...(move.afterId ? { afterId: move.afterId } : {}), ...(move.beforeId ? { beforeId: move.beforeId } : {}), ...(lostReason ? { lostReason } : {}) };
    this.#send(api, move.id, body, card.version);
    const list = this.#model.visible(move.stage);
    const position = list.findIndex((c) => c.id === move.id) + 1;
    const stage = this.#model.column(move.stage)?.name ?? move.stage;
    this.#announce(`Moved ${card.name} to ${stage}, position ${position} of ${list.length}.`);
    if (move.focus) this.#focusId = move.id;
    this.requestUpdate();
  }

  #send(api: ShoalApi, id: string, body: MoveBody, version: number): void {
    const generation = this.#generation.get(id) ?? 0;
    const previous = this.#chains.get(id) ?? Promise.resolve<number | undefined>(version);
    const run: Promise<number | undefined> = previous.then(async (base) => {
      if (base === undefined || (this.#generation.get(id) ?? 0) !== generation) return undefined;
      try {
        const moved = await moveDeal(api, id, body, base);
        this.#snapshot();
        this.#model.applyCard(moved);
        this.#movedAt.set(id, Date.now());
        if (this.#chains.get(id) === run) this.#model.clearPending(id);
        this.requestUpdate();
        return moved.version;
      } catch (error) {
        if ((this.#generation.get(id) ?? 0) === generation) this.#moveFailed(id, error);
        return undefined;
      }
    });
    this.#chains.set(id, run);
    void run.then(() => {
      if (this.#chains.get(id) === run) this.#chains.delete(id);
    });
  }

  #dropQueuedMoves(id: string): void {
    this.#generation.set(id, (this.#generation.get(id) ?? 0) + 1);
  }

  #moveFailed(id: string, error: unknown): void {
    const card = this.#model.cards.get(id);
    const name = card?.name ?? 'The deal';
    this.#dropQueuedMoves(id);
    this.#snapshot();
    this.#model.clearPending(id);
    if (error instanceof ApiError && error.status === 412 && error.problem.current) {
      this.#model.applyCard(error.problem.current as Opportunity);
      this.#settled(id, this.#lastMover.get(id));
    } else if (error instanceof ApiError && error.status === 404) {
      this.#model.remove(id);
      this.#store.store?.forget('opportunity', id);
      this.#toast(`${name} was deleted by someone else.`);
      this.#refetch();
    } else if (error instanceof ApiError && error.status === 422) {
      this.#toast(`The board changed while you moved ${name}; it is up to date again. Try the move once more.`);
      this.#refetch();
    } else {
      this.#toast(`Couldn't move ${name}. ${describeError(error)}`);
      this.#announce(`Couldn't move ${name}; it is back where it was.`);
    }
    this.requestUpdate();
  }

  // ---- keyboard and menu ----

  #onCardMove(event: CustomEvent<CardMoveDetail>): void {
    const { id, direction } = event.detail;
    const place = this.#model.placeOf(id);
    const card = this.#model.cards.get(id);
    if (!place || !card) return;
    const columns = this.#model.columns;
    const ci = columns.findIndex((c) => c.key === place.stage);
    const list = this.#model.visible(place.stage);
    const i = list.findIndex((c) => c.id === id);
    const stageName = columns[ci]?.name ?? place.stage;
    const within = (index: number) => this.#requestMove({ id, stage: place.stage, ...this.#model.neighbours(place.stage, index, id), focus: true });
    switch (direction) {
      case 'up':
      case 'top':
        if (i <= 0) return this.#announce(`${card.name} is already at the top of ${stageName}.`);
        return within(direction === 'up' ? i - 1 : 0);
      case 'down':
      case 'bottom':
        if (i >= list.length - 1) return this.#announce(`${card.name} is already at the bottom of ${stageName}.`);
        return within(direction === 'down' ? i + 1 : list.length - 1);
      case 'left':
      case 'right': {
        const target = columns[ci + (direction === 'left' ? -1 : 1)];
        if (!target) return this.#announce(`${card.name} is already in the ${direction === 'left' ? 'first' : 'last'} stage.`);
        const index = Math.min(Math.max(i, 0), this.#model.visible(target.key).length);
        return this.#requestMove({ id, stage: target.key, ...this.#model.neighbours(target.key, index, id), focus: true });
      }
    }
  }

  async #onCardMenu(event: CustomEvent<CardMenuDetail>): Promise<void> {
    // The click that ends a touch drag is not a request for the menu.
    if (Date.now() - this.#touchEndedAt < 600) return;
    this.menuFor = event.detail.id;
    await this.updateComplete;
    const card = this.#cardElement(event.detail.id);
    if (card) await this.menu.show(card);
  }

  #onMenuMove(event: CustomEvent<OpportunityMoveDetail>): void {
    const { id, stage, position } = event.detail;
    const others = this.#model.visible(stage).filter((c) => c.id !== id);
    this.#requestMove({ id, stage, ...this.#model.neighbours(stage, position === 'top' ? 0 : others.length, id), focus: true });
  }

  #onMenuClose(): void {
    const id = this.menuFor;
    this.menuFor = undefined;
    if (id && !this.lostMove) this.#focusCard(id);
  }

  #onLostReason(event: CustomEvent<LostReasonDetail>): void {
    const move = this.lostMove;
    this.lostMove = undefined;
    if (move) this.#commit(move, event.detail.reason);
  }

  #onLostCancel(): void {
    const move = this.lostMove;
    this.lostMove = undefined;
    if (move) {
      this.#announce('Not moved.');
      if (move.focus) this.#focusCard(move.id);
    }
  }

  #onDealCreated(event: CustomEvent<DealCreatedDetail>): void {
    const { deal } = event.detail;
    this.newDealIn = undefined;
    this.#snapshot();
    this.#model.applyCard(deal, true);
    const stage = this.#model.column(deal.stage)?.name ?? deal.stage;
    this.#announce(`Added ${deal.name} to ${stage}.`);
    this.#toast(`Added ${deal.name} to ${stage}`);
    this.#focusId = deal.id;
    this.requestUpdate();
  }

  // ---- drag and drop ----

  #startDrag(id: string): void {
    this.drag = { id };
    this.menu?.hide();
    this.live?.setPresence({ view: 'pipeline', editing: id });
  }

  #endDrag(drop: boolean): void {
    const drag = this.drag;
    if (!drag) return;
    this.drag = undefined;
    this.ghost = undefined;
    this.live?.setPresence({ view: 'pipeline' });
    if (drop && drag.target) {
      const { stage, index } = drag.target;
      this.#requestMove({ id: drag.id, stage, ...this.#model.neighbours(stage, index, drag.id), focus: false });
    }
  }

  /** The column and index under a point, leaving out the dragged card. */
  #targetAt(x: number, y: number): DropTarget | undefined {
    const dragged = this.drag?.id;
    for (const section of this.renderRoot.querySelectorAll<HTMLElement>('section.column')) {
      const box = section.getBoundingClientRect();
      if (x < box.left || x > box.right) continue;
      const cards = [...section.querySelectorAll<HTMLElement>('shoal-pipeline-card')].filter((c) => c.dataset.id !== dragged);
      let index = cards.length;
      for (let i = 0; i < cards.length; i++) {
        const rect = cards[i]!.getBoundingClientRect();
        if (y < rect.top + rect.height / 2) {
          index = i;
          break;
        }
      }
      return { stage: section.dataset.stage!, index };
    }
    return undefined;
  }

  #track(x: number, y: number): void {
    const drag = this.drag;
    if (!drag) return;
    const target = this.#targetAt(x, y);
    if (target?.stage !== drag.target?.stage || target?.index !== drag.target?.index) this.drag = { id: drag.id, target };
  }

  #onDragStart(event: DragEvent): void {
    const card = cardOf(event);
    const id = card?.dataset.id;
    if (!card || !id || this.#touch?.active) return;
    const deal = this.#model.cards.get(id);
    if (event.dataTransfer) {
      event.dataTransfer.effectAllowed = 'move';
      event.dataTransfer.setData('text/plain', deal?.name ?? id);
    }
    this.#startDrag(id);
  }

  #onDragOver(event: DragEvent): void {
    if (!this.drag) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
    this.#track(event.clientX, event.clientY);
  }

  #onDragLeave(event: DragEvent): void {
    // Leaving a card for its neighbour fires this too: only leaving the board clears the target.
    const box = (event.currentTarget as HTMLElement).getBoundingClientRect();
    const inside = event.clientX > box.left && event.clientX < box.right && event.clientY > box.top && event.clientY < box.bottom;
    if (this.drag?.target && !inside) this.drag = { id: this.drag.id };
  }

  #onDrop(event: DragEvent): void {
    if (!this.drag) return;
    event.preventDefault();
    this.#track(event.clientX, event.clientY);
    this.#endDrag(true);
  }

  #onPointerDown(event: PointerEvent): void {
    if (event.pointerType === 'mouse' || !event.isPrimary || this.drag) return;
    const card = cardOf(event);
    const id = card?.dataset.id;
    if (!card || !id) return;
    clearTimeout(this.#touch?.timer);
    const touch: TouchDrag = { id, pointerId: event.pointerId, card, startX: event.clientX, startY: event.clientY, active: false, timer: undefined };
    touch.timer = setTimeout(() => this.#liftByTouch(touch), LONG_PRESS_MS);
    this.#touch = touch;
  }

  #liftByTouch(touch: TouchDrag): void {
    if (this.#touch !== touch) return;
    touch.active = true;
    try {
      touch.card.setPointerCapture(touch.pointerId);
    } catch {
      // The finger already left: the pointerup that follows ends the drag.
    }
    const deal = this.#model.cards.get(touch.id);
    const box = touch.card.getBoundingClientRect();
    this.#startDrag(touch.id);
    this.ghost = { x: touch.startX - box.width / 2, y: touch.startY - 24, width: box.width, name: deal?.name ?? '' };
    this.#track(touch.startX, touch.startY);
    navigator.vibrate?.(15);
  }

  readonly #onPointerMove = (event: PointerEvent) => {
    const touch = this.#touch;
    if (!touch || event.pointerId !== touch.pointerId) return;
    if (!touch.active) {
      // Moving before the long press means scrolling, not dragging.
      if (Math.hypot(event.clientX - touch.startX, event.clientY - touch.startY) > 10) this.#cancelTouch();
      return;
    }
    event.preventDefault();
    if (this.ghost) this.ghost = { ...this.ghost, x: event.clientX - this.ghost.width / 2, y: event.clientY - 24 };
    this.#edgeScroll(event.clientX);
    this.#track(event.clientX, event.clientY);
  };

  readonly #onPointerUp = (event: PointerEvent) => {
    const touch = this.#touch;
    if (!touch || event.pointerId !== touch.pointerId) return;
    clearTimeout(touch.timer);
    this.#touch = undefined;
    if (!touch.active) return;
    this.#touchEndedAt = Date.now();
    this.#track(event.clientX, event.clientY);
    this.#endDrag(true);
  };

  readonly #onPointerCancel = (event: PointerEvent) => {
    if (this.#touch && event.pointerId === this.#touch.pointerId) this.#cancelTouch();
  };

  readonly #onTouchMove = (event: TouchEvent) => {
    if (this.#touch?.active) event.preventDefault();
  };

  readonly #onContextMenu = (event: Event) => {
    if (this.#touch) event.preventDefault();
  };

  #cancelTouch(): void {
    const touch = this.#touch;
    if (!touch) return;
    clearTimeout(touch.timer);
    this.#touch = undefined;
    if (touch.active) {
      this.#touchEndedAt = Date.now();
      this.#endDrag(false);
    }
  }

  /** Scrolls the board sideways while a finger drags a card near its edge. */
  #edgeScroll(x: number): void {
    const board = this.renderRoot.querySelector<HTMLElement>('.board');
    if (!board) return;
    const box = board.getBoundingClientRect();
    if (x < box.left + 32) board.scrollBy({ left: -16 });
    else if (x > box.right - 32) board.scrollBy({ left: 16 });
  }

  // ---- animation, notes, announcements ----

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

  #cardElement(id: string): ShoalPipelineCard | null {
    return this.renderRoot.querySelector<ShoalPipelineCard>(`shoal-pipeline-card[data-id="${CSS.escape(id)}"]`);
  }

  #focusCard(id: string): void {
    this.#focusId = id;
    this.requestUpdate();
  }

  /** Remembers where every card is before a change, so the change can animate. */
  #snapshot(): void {
    if (this.#rects || !this.hasUpdated) return;
    const rects = new Map<string, { rect: DOMRect; stage: string }>();
    for (const el of this.renderRoot.querySelectorAll<HTMLElement>('shoal-pipeline-card')) {
      rects.set(el.dataset.id!, { rect: el.getBoundingClientRect(), stage: el.dataset.stage! });
    }
    // Before the first cards there is nothing to animate from (and no layout to force after).
    this.#rects = rects.size ? rects : undefined;
  }

  /** Slides cards from where they were to where they are (FLIP); cards that changed column fly over. */
  #flip(): void {
    const rects = this.#rects;
    this.#rects = undefined;
    const arrivals = new Set(this.#arrivals);
    this.#arrivals.clear();
    if (!rects || matchMedia('(prefers-reduced-motion: reduce)').matches) return;
    for (const el of this.renderRoot.querySelectorAll<ShoalPipelineCard>('shoal-pipeline-card')) {
      const id = el.dataset.id!;
      const was = rects.get(id);
      const now = el.getBoundingClientRect();
      if (!was) {
        if (arrivals.has(id)) el.animate([{ opacity: 0, transform: 'scale(0.96)' }, { opacity: 1, transform: 'none' }], { duration: FLIP_MS, easing: 'ease-out' });
        continue;
      }
      const dx = was.rect.left - now.left;
      const dy = was.rect.top - now.top;
      if (Math.abs(dx) + Math.abs(dy) < 1) continue;
      if (was.stage !== el.dataset.stage && el.deal) this.#fly(was.rect, now, el);
      else el.animate([{ transform: `translate(${dx}px, ${dy}px)` }, { transform: 'none' }], { duration: FLIP_MS, easing: 'cubic-bezier(0.2, 0.7, 0.3, 1)' });
    }
  }

  /** A card that changed column flies over the board (columns clip their own cards). */
  #fly(from: DOMRect, to: DOMRect, el: ShoalPipelineCard): void {
    const deal = el.deal!;
    const flyer = document.createElement('div');
    flyer.className = 'flyer';
    flyer.textContent = deal.name;
    const customer = document.createElement('span');
    customer.textContent = this.customerNames.get(deal.customerId) ?? '';
    flyer.append(customer);
    Object.assign(flyer.style, { left: `${to.left}px`, top: `${to.top}px`, width: `${to.width}px`, height: `${to.height}px` });
    this.flights?.append(flyer);
    const dx = from.left - to.left;
    const dy = from.top - to.top;
    const duration = FLIP_MS + 120;
    flyer
      .animate([{ transform: `translate(${dx}px, ${dy}px)`, opacity: 1 }, { transform: 'none', opacity: 1 }], { duration, easing: 'cubic-bezier(0.2, 0.7, 0.3, 1)' })
      .finished.catch(() => undefined)
      .finally(() => flyer.remove());
    el.animate([{ opacity: 0 }, { opacity: 0, offset: 0.85 }, { opacity: 1 }], { duration });
  }

  #later(fn: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, ms);
    this.#timers.add(timer);
  }

  #setNote(id: string, note: Note, ms: number): void {
    this.notes = new Map(this.notes).set(id, note);
    this.#later(() => {
      if (this.notes.get(id) !== note) return;
      const rest = new Map(this.notes);
      rest.delete(id);
      this.notes = rest;
    }, ms);
  }

  #clearNote(id: string): void {
    if (!this.notes.has(id)) return;
    const rest = new Map(this.notes);
    rest.delete(id);
    this.notes = rest;
  }

  #flash(id: string): void {
    const rest = new Set(this.highlighted);
    rest.delete(id);
    this.highlighted = new Set([...rest, id]);
    this.#later(() => {
      const next = new Set(this.highlighted);
      next.delete(id);
      this.highlighted = next;
    }, HIGHLIGHT_MS);
  }

  #announce(text: string): void {
    // The same sentence twice must still be heard: make it differ invisibly.
    this.announcement = this.announcement === text ? `${text}\u00a0` : text;
  }

  #toast(text: string): void {
    const id = ++this.#toastId;
    this.toasts = [...this.toasts.slice(-2), { id, text }];
    this.#later(() => this.#dismissToast(id), TOAST_MS);
  }

  #dismissToast(id: number): void {
    this.toasts = this.toasts.filter((t) => t.id !== id);
  }

  // ---- rendering ----

  #person(id: string | undefined): CardPerson | undefined {
    if (!id) return undefined;
    const user = this.users.find((u) => u.id === id);
    return user ? { id: user.id, name: user.name, color: user.color } : undefined;
  }

  #summary() {
    if (!this.loaded) return 'Loading…';
    let count = 0;
    let total = 0;
    let weighted = 0;
    for (const column of this.#model.columns) {
      if (column.kind !== 'open') continue;
      const stats = this.#model.stats(column.key);
      count += stats.count;
      total += stats.total;
      weighted += (stats.total * column.probability) / 100;
    }
    return html`<strong>${plural(count, 'open deal', 'open deals')}</strong> · <strong>${compactMoney(total)}</strong> in the pipeline ·
      <strong>${compactMoney(weighted)}</strong> weighted`;
  }

  #presence() {
    if (this.present.length === 0) return nothing;
    const names = this.present.map((p) => p.name);
    const label = `${listNames(names)} ${names.length === 1 ? 'is' : 'are'} also on the board`;
    return html`<div class="presence">
      <ul class="avatars" aria-label=${label}>
        ${this.present.slice(0, 5).map((p) => html`<li title=${p.name}><shoal-avatar name=${p.name} color=${p.color ?? ''} user-id=${p.id}></shoal-avatar></li>`)}
      </ul>
      <span aria-hidden="true">${names.length === 1 ? `${names[0]} is also here` : `${names.length} colleagues here`}</span>
    </div>`;
  }

  #filterSelect() {
    const others = this.users.filter((u) => u.active && u.id !== this.user?.id);
    return html`<div class="filter">
      <label for="owner">Owner</label>
      <select
        id="owner"
        .value=${this.filter}
        @change=${(e: Event) => {
          this.filter = (e.target as HTMLSelectElement).value;
        }}
      >
        <option value="" ?selected=${this.filter === ''}>Everyone</option>
        <option value="mine" ?selected=${this.filter === 'mine'}>Mine</option>
        ${others.map((u) => html`<option value=${u.id} ?selected=${this.filter === u.id}>${u.name}</option>`)}
      </select>
    </div>`;
  }

  #column(column: BoardColumn) {
    const { count, total } = this.#model.stats(column.key);
    const cards = this.#model.visible(column.key);
    const drag = this.drag;
    const target = drag?.target?.stage === column.key ? drag.target : undefined;
    // The drop line goes before the card at the target index, the dragged card left out.
    const others = target ? cards.filter((c) => c.id !== drag!.id) : [];
    const lineBefore = target ? others[target.index]?.id : undefined;
    const lineAtEnd = target !== undefined && target.index >= others.length;
    const line = html`<li class="line" aria-hidden="true"></li>`;
    const rest = count - cards.length;
    return html`<section
      class="column ${target ? 'drop-target' : ''}"
      data-stage=${column.key}
      aria-labelledby="col-${column.key}"
      style=${styleMap({ '--stage-color': STAGE_COLORS[column.key] ?? '#7aa7d6' })}
    >
      <header>
        <div class="title-row">
          <h2 id="col-${column.key}">${column.name}</h2>
          <span class="count" aria-hidden="true">${count}</span>
          ${column.kind === 'open'
            ? html`<button type="button" class="add" aria-label="New deal in ${column.name}" title="New deal in ${column.name}" @click=${() => this.#openNewDeal(column)}>
                <svg aria-hidden="true" viewBox="0 0 20 20" width="18" height="18" fill="currentColor">
                  <path d="M10 3.5a.9.9 0 0 1 .9.9v4.7h4.7a.9.9 0 0 1 0 1.8h-4.7v4.7a.9.9 0 0 1-1.8 0v-4.7H4.4a.9.9 0 0 1 0-1.8h4.7V4.4a.9.9 0 0 1 .9-.9z" />
                </svg>
              </button>`
            : nothing}
        </div>
        <p class="stats" data-count=${count} data-total=${total}>
          <span class="total" title=${money(total)}>${compactMoney(total)}</span>
          <span>${plural(count, 'deal', 'deals')}${column.kind === 'open' ? ` · ${column.probability}%` : ''}</span>
        </p>
      </header>
      <ol class="cards" aria-labelledby="col-${column.key}">
        ${repeat(
          cards.length > this.cardsShown ? cards.slice(0, this.cardsShown) : cards,
          (card) => card.id,
          (card) => html`${card.id === lineBefore ? line : nothing}
            <li>
              <shoal-pipeline-card
                data-id=${card.id}
                data-stage=${card.stage}
                draggable="true"
                .deal=${card}
                customer-name=${this.customerNames.get(card.customerId) ?? ''}
                .owner=${this.#person(card.ownerId)}
                stage-kind=${column.kind}
                .heldBy=${this.held.get(card.id)}
                note=${this.notes.get(card.id)?.text ?? ''}
                note-kind=${this.notes.get(card.id)?.kind ?? 'info'}
                ?dragging=${drag?.id === card.id}
                ?highlight=${this.highlighted.has(card.id)}
              ></shoal-pipeline-card>
            </li>`,
        )}
        ${lineAtEnd ? line : nothing}
        ${cards.length === 0 && !target ? html`<li class="empty">${drag ? 'Drop here' : 'No deals'}</li>` : nothing}
      </ol>
      ${column.nextCursor && rest > 0
        ? html`<button type="button" class="more small" ?disabled=${this.loadingMore.has(column.key)} @click=${() => void this.#loadMore(column)}>
            ${this.loadingMore.has(column.key) ? 'Loading…' : `Show ${rest} more`}
          </button>`
        : nothing}
    </section>`;
  }

  #board() {
    const status = this.#load.status;
    const error = this.#load.error;
    if (!this.loaded && status === TaskStatus.ERROR && !(error instanceof DOMException && error.name === 'AbortError')) {
      return html`<div class="state" role="alert">
        <h2>We couldn't load the pipeline</h2>
        <p>${describeError(error)}</p>
        <button type="button" class="primary retry" @click=${() => this.#refetch()}>Try again</button>
      </div>`;
    }
    if (!this.loaded) {
      return html`<div class="board skeleton" role="status" aria-label="Loading the pipeline">
        ${Array.from(
          { length: 6 },
          (_, i) => html`<div class="column" style="padding: 0.75rem">
            <div style="display: grid; gap: 0.5rem">${Array.from({ length: 4 - (i % 3) }, () => html`<div class="card-skel"></div>`)}</div>
          </div>`,
        )}
      </div>`;
    }
    return html`<div
      class="board"
      @dragstart=${(e: DragEvent) => this.#onDragStart(e)}
      @dragover=${(e: DragEvent) => this.#onDragOver(e)}
      @dragleave=${(e: DragEvent) => this.#onDragLeave(e)}
      @drop=${(e: DragEvent) => this.#onDrop(e)}
      @dragend=${() => this.#endDrag(false)}
      @pointerdown=${(e: PointerEvent) => this.#onPointerDown(e)}
      @shoal-card-move=${(e: CustomEvent<CardMoveDetail>) => this.#onCardMove(e)}
      @shoal-card-menu=${(e: CustomEvent<CardMenuDetail>) => void this.#onCardMenu(e)}
    >
      ${this.#model.columns.map((column) => this.#column(column))}
    </div>`;
  }

  protected override render() {
    const refreshing = this.loaded && this.#load.status === TaskStatus.PENDING;
    const menuDeal = this.menuFor ? this.#model.cards.get(this.menuFor) : undefined;
    const menuPlace = this.menuFor ? this.#model.placeOf(this.menuFor) : undefined;
    const lostDeal = this.lostMove ? this.#model.cards.get(this.lostMove.id) : undefined;
    const owners = this.users.filter((u) => u.active).map((u) => ({ id: u.id, name: u.name }));
    const customers = [...this.customerNames].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
    return html`<section aria-labelledby="pipeline-title">
      <div class="head">
        <div>
          <h1 id="pipeline-title" tabindex="-1">Pipeline</h1>
          <p class="subtitle">${this.#summary()}</p>
        </div>
        <div class="tools">${this.#presence()} ${this.#filterSelect()}</div>
      </div>
      <div class="wrap">
        ${refreshing ? html`<div class="progress" role="progressbar" aria-label="Updating the pipeline"></div>` : nothing} ${this.#board()}
      </div>

      <shoal-pipeline-move-menu
        .deal=${menuDeal && menuPlace ? { id: menuDeal.id, name: menuDeal.name, stage: menuPlace.stage, customerId: menuDeal.customerId } : undefined}
        customer-name=${menuDeal ? (this.customerNames.get(menuDeal.customerId) ?? '') : ''}
        .stages=${this.#model.columns.map((c) => ({ key: c.key, name: c.name }))}
        @shoal-opportunity-move=${(e: CustomEvent<OpportunityMoveDetail>) => this.#onMenuMove(e)}
        @shoal-menu-close=${() => this.#onMenuClose()}
      ></shoal-pipeline-move-menu>

      <shoal-lost-reason-dialog
        .open=${this.lostMove !== undefined}
        deal-name=${lostDeal?.name ?? ''}
        stage-name=${this.lostMove ? (this.#model.column(this.lostMove.stage)?.name ?? 'Closed Lost') : 'Closed Lost'}
        @shoal-lost-reason=${(e: CustomEvent<LostReasonDetail>) => this.#onLostReason(e)}
        @shoal-cancel=${() => this.#onLostCancel()}
      ></shoal-lost-reason-dialog>

      <shoal-new-deal-dialog
        .open=${this.newDealIn !== undefined}
        .api=${this.api}
        .stage=${this.newDealIn ? { key: this.newDealIn.key, name: this.newDealIn.name } : undefined}
        .customers=${customers}
        .owners=${owners}
        default-owner=${this.user?.id ?? ''}
        @shoal-deal-created=${(e: CustomEvent<DealCreatedDetail>) => this.#onDealCreated(e)}
        @shoal-close=${() => (this.newDealIn = undefined)}
      ></shoal-new-deal-dialog>

      ${this.ghost
        ? html`<div class="ghost" aria-hidden="true" style=${styleMap({ left: `${this.ghost.x}px`, top: `${this.ghost.y}px`, width: `${this.ghost.width}px` })}>
            ${this.ghost.name}
          </div>`
        : nothing}
      <div class="flights" aria-hidden="true"></div>
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      <div class="toasts" role="status" aria-live="polite">
        ${this.toasts.map(
          (t) => html`<div class="toast">
            <span>${t.text}</span>
            <button type="button" class="small" aria-label="Dismiss" @click=${() => this.#dismissToast(t.id)}>✕</button>
          </div>`,
        )}
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-pipeline-board': ShoalPipelineBoard;
  }
}
