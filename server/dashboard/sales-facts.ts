import type { ChangeEvent } from '../../shared/events.js';
import type { Dashboard, PeriodFigures } from '../../shared/dashboard.js';
import { InteractionType } from '../../shared/interaction.js';
import type { Opportunity, PipelineColumn } from '../../shared/opportunity.js';
import { DEFAULT_STAGES } from '../../shared/stage.js';
import { InteractionColumns, TYPES } from './interaction-columns.js';

export type { InteractionFact } from './interaction-columns.js';

const DAY = 24 * 60 * 60 * 1000;
const OPEN_STAGES = DEFAULT_STAGES.filter((s) => s.kind === 'open');
const ORDER = new Map(DEFAULT_STAGES.map((s, i) => [s.key, i]));
const KIND = new Map(DEFAULT_STAGES.map((s) => [s.key, s.kind]));
const PROBABILITY = new Map(DEFAULT_STAGES.map((s) => [s.key, s.probability]));
const kindOf = (stage: string) => KIND.get(stage) ?? 'open';
const cents = (n: number) => Math.round(n) / 100;
const round1 = (n: number) => Math.round(n * 10) / 10;

/** A deal as the dashboard needs it: where it is, its money, and when it entered each stage. */
export interface DealFact {
  id: string;
  version: number;
  customerId: string;
  ownerId?: string | undefined;
  stage: string;
  amountCents: number;
  probability: number;
  createdAt: number;
  lostReason?: string | undefined;
  /** [stage, entered at], oldest first; the first entry is its creation. */
  path: [string, number][];
  /** The deal as the API shows it, for the board. */
  card: Opportunity;
}


/**
 * The facts the dashboard is computed from, kept in memory and maintained from the same change
 * events every client gets (SPEC: roll-ups maintained from the events), so a dashboard request
 * scans no collection. Applying an event is idempotent (by record version), so replaying
 * events that a load already saw does no harm.
 */
export class SalesFacts {
  readonly deals = new Map<string, DealFact>();
  readonly interactions = new InteractionColumns();
  readonly customers = new Map<string, string>();
  readonly users = new Map<string, string>();
  /** The last event applied. */
  seq = 0;

  /** Applies one change; answers the ids of customers to reload (after a restore). */
  apply(event: ChangeEvent): string[] {
    this.seq = Math.max(this.seq, event.seq);
    const data = (event.data ?? {}) as Record<string, unknown>;
    switch (event.entity) {
      case 'opportunity': {
        if (event.op === 'deleted') {
          this.deals.delete(event.id);
          return [];
        }
        const known = this.deals.get(event.id);
        if (known && known.version >= event.version) return [];
        const stage = String(data.stage);
        const at = Date.parse(String(data.updatedAt));
        const path: [string, number][] = known ? [...known.path] : [[stage, Date.parse(String(data.createdAt))]];
        if (known && known.stage !== stage) path.push([stage, at]);
        this.deals.set(event.id, {
          id: event.id,
          version: event.version,
          customerId: String(data.customerId),
          ownerId: data.ownerId as string | undefined,
          stage,
          amountCents: Math.round(Number(data.amount) * 100),
          probability: Number(data.probability),
          createdAt: Date.parse(String(data.createdAt)),
          lostReason: data.lostReason as string | undefined,
          path,
          card: data as unknown as Opportunity,
        });
        return [];
      }
      case 'interaction': {
        if (event.op === 'deleted') {
          this.interactions.delete(event.id);
          return [];
        }
        const known = this.interactions.get(event.id);
        if (known && known.version >= event.version) return [];
        this.interactions.set(event.id, {
          version: event.version,
          customerId: String(data.customerId),
          userId: String(data.userId),
          type: data.type as InteractionType,
          date: Date.parse(String(data.date)),
        });
        return [];
      }
      case 'customer':
        if (event.op === 'deleted') {
          // Its deals and interactions went with it, in this one change.
          this.customers.delete(event.id);
          for (const [id, deal] of this.deals) if (deal.customerId === event.id) this.deals.delete(id);
          this.interactions.deleteCustomer(event.id);
          return [];
        }
        this.customers.set(event.id, String(data.name));
        return event.op === 'restored' ? [event.id] : [];
      case 'user':
        this.users.set(event.id, String(data.name));
        return [];
      case 'contact':
        return [];
    }
  }

  /**
   * The board: each stage in order with its count, total and first `limit` cards by rank
   * (then id), and the last card's position for `cursor` paging.
   */
  board(ownerId: string | undefined, limit: number): (Omit<PipelineColumn, 'nextCursor'> & { last?: { rank: string; id: string } })[] {
    const columns = new Map(DEFAULT_STAGES.map((s) => [s.key, { count: 0, total: 0, cards: [] as Opportunity[] }]));
    for (const d of this.deals.values()) {
      if (ownerId && d.ownerId !== ownerId) continue;
      const column = columns.get(d.stage);
      if (!column) continue;
      column.count++;
      column.total += d.amountCents;
      column.cards.push(d.card);
    }
    return DEFAULT_STAGES.map((s) => {
      const c = columns.get(s.key)!;
      c.cards.sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const shown = c.cards.slice(0, limit);
      const last = c.cards.length > limit ? shown.at(-1) : undefined;
      return { ...s, count: c.count, total: cents(c.total), opportunities: shown, ...(last ? { last: { rank: last.rank, id: last.id } } : {}) };
    });
  }

  /**
   * Every metric of SPEC section 7 for a period and the one before it, in one pass over the
   * deals and one over the interactions (100,000 deals and 500,000 interactions: see
   * docs/benchmarks.md).
   */
  compute(query: { from: number; to: number; ownerId?: string | undefined }): Omit<Dashboard, 'period' | 'previousPeriod' | 'ownerId'> {
    const { from, to, ownerId } = query;
    const length = to - from;
    const prevFrom = from - length;
    const current = emptyTotals();
    const previous = emptyTotals();
    const stageCount = new Map<string, { count: number; value: number }>(DEFAULT_STAGES.map((st) => [st.key, { count: 0, value: 0 }]));
    const stays = new Map<string, { total: number; n: number }>();
    const furthest: number[] = [];
    const reasons = new Map<string, number>();
    const open = new Map<string, { value: number; deals: number }>();
    const reps = new Map<string, { interactions: number; dealsWon: number; wonValue: number }>();
    const rep = (id: string) => {
      let r = reps.get(id);
      if (!r) reps.set(id, (r = { interactions: 0, dealsWon: 0, wonValue: 0 }));
      return r;
    };

    for (const d of this.deals.values()) {
      if (ownerId && d.ownerId !== ownerId) continue;
      // Where the deal stood at the end of each period, and its last close within each.
      let atEnd: string | undefined;
      let atPrevEnd: string | undefined;
      let closedNow: string | undefined;
      let closedNowAt = 0;
      let closedBefore: string | undefined;
      let closedBeforeAt = 0;
      let reached = -1;
      const path = d.path;
      // Most deals did nothing in either period: they stand where their last stage put them.
      if (d.createdAt >= to) continue;
      const [lastStage, lastAt] = path[path.length - 1]!;
      if (lastAt < prevFrom) (atEnd = lastStage), (atPrevEnd = lastStage);
      else for (let i = 0; i < path.length; i++) {
        const [stage, at] = path[i]!;
        if (at < to) atEnd = stage;
        if (at < from) atPrevEnd = stage;
        const kind = kindOf(stage);
        if (kind !== 'open') {
          if (at >= from && at < to) (closedNow = stage), (closedNowAt = at);
          else if (at >= prevFrom && at < from) (closedBefore = stage), (closedBeforeAt = at);
        }
        reached = Math.max(reached, kind === 'lost' ? -1 : (ORDER.get(stage) ?? -1));
        const next = path[i + 1];
        if (next && next[1] >= from && next[1] < to) {
          const x = stays.get(stage) ?? { total: 0, n: 0 };
          x.total += next[1] - at;
          x.n++;
          stays.set(stage, x);
        }
      }
      // A close counts only if the deal is still closed that way at the end of the period.
      if (closedNow && closedNow !== atEnd) closedNow = undefined;
      if (closedBefore && closedBefore !== atPrevEnd) closedBefore = undefined;
      this.#tally(current, d, atEnd, closedNow, closedNowAt);
      this.#tally(previous, d, atPrevEnd, closedBefore, closedBeforeAt);

      if (atEnd && kindOf(atEnd) === 'open') {
        const c = stageCount.get(atEnd)!;
        c.count++;
        c.value += d.amountCents;
        const o = open.get(d.customerId) ?? { value: 0, deals: 0 };
        o.value += d.amountCents;
        o.deals++;
        open.set(d.customerId, o);
      }
      if (closedNow) {
        const c = stageCount.get(closedNow)!;
        c.count++;
        c.value += d.amountCents;
        if (kindOf(closedNow) === 'lost') reasons.set(d.lostReason ?? 'No reason given', (reasons.get(d.lostReason ?? 'No reason given') ?? 0) + 1);
        else if (d.ownerId) {
          const r = rep(d.ownerId);
          r.dealsWon++;
          r.wonValue += d.amountCents;
        }
      }
      if (d.createdAt >= from && d.createdAt < to) furthest.push(reached);
    }

    // Interactions over time: daily buckets up to two months, weekly (from Monday, UTC) beyond.
    const bucket: 'day' | 'week' = length <= 62 * DAY ? 'day' : 'week';
    const step = bucket === 'day' ? DAY : 7 * DAY;
    const first = Math.floor(from / DAY) * DAY - (bucket === 'week' ? ((new Date(Math.floor(from / DAY) * DAY).getUTCDay() + 6) % 7) * DAY : 0);
    const buckets: Record<InteractionType, number>[] = [];
    for (let b = first; b < to; b += step) buckets.push({ call: 0, meeting: 0, email: 0, note: 0 });
    const columns = this.interactions;
    const owner = ownerId === undefined ? -1 : (columns.users.find(ownerId) ?? -2);
    const perUser = new Uint32Array(columns.users.strings.length);
    const perBucket = new Uint32Array(buckets.length * TYPES.length);
    const { date, type, user, live } = columns;
    for (let i = 0, n = columns.length; i < n; i++) {
      if (!live[i] || (owner !== -1 && user[i] !== owner)) continue;
      const when = date[i]!;
      if (when >= from && when < to) {
        current.interactions++;
        perBucket[Math.floor((when - first) / step) * TYPES.length + type[i]!]!++;
        perUser[user[i]!]!++;
      } else if (when >= prevFrom && when < from) previous.interactions++;
    }
    buckets.forEach((counts, b) => TYPES.forEach((t, k) => (counts[t] = perBucket[b * TYPES.length + k]!)));
    perUser.forEach((count, u) => {
      if (count) rep(columns.users.strings[u]!).interactions += count;
    });

    const conversion = OPEN_STAGES.map((st, i) => {
      const entered = furthest.filter((f) => f >= i).length;
      const advanced = furthest.filter((f) => f >= i + 1).length;
      return { from: st.key, to: DEFAULT_STAGES[i + 1]!.key, entered, advanced, rate: entered ? Math.round((advanced / entered) * 1000) / 1000 : null };
    });

    return {
      figures: figuresOf(current),
      previous: figuresOf(previous),
      byStage: DEFAULT_STAGES.map((st) => ({ stage: st.key, name: st.name, count: stageCount.get(st.key)!.count, value: cents(stageCount.get(st.key)!.value) })),
      timeInStage: OPEN_STAGES.map((st) => {
        const x = stays.get(st.key);
        return { stage: st.key, name: st.name, averageDays: x ? round1(x.total / x.n / DAY) : null, stays: x?.n ?? 0 };
      }),
      conversion,
      lostReasons: [...reasons].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
      interactionsOverTime: { bucket, series: buckets.map((counts, i) => ({ start: new Date(first + i * step).toISOString(), counts })) },
      topCustomers: [...open]
        .sort(([, a], [, b]) => b.value - a.value)
        .slice(0, 10)
        .map(([customerId, c]) => ({ customerId, name: this.customers.get(customerId) ?? 'Unknown customer', openValue: cents(c.value), openDeals: c.deals })),
      activityByRep: [...reps]
        .map(([userId, r]) => ({ userId, name: this.users.get(userId) ?? 'Former user', interactions: r.interactions, dealsWon: r.dealsWon, wonValue: cents(r.wonValue) }))
        .sort((a, b) => b.wonValue - a.wonValue || b.interactions - a.interactions || a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId)),
    };
  }

  /** Adds one deal to a period's totals, given where it stood at the period's end. */
  #tally(t: Totals, d: DealFact, atEnd: string | undefined, closed: string | undefined, closedAt: number): void {
    if (atEnd && kindOf(atEnd) === 'open') {
      t.openDeals++;
      t.openValue += d.amountCents;
      // The probability it has now if it is still in that stage, else that stage's own.
      t.weighted += (d.amountCents * (atEnd === d.stage ? d.probability : (PROBABILITY.get(atEnd) ?? 0))) / 100;
    }
    if (!closed) return;
    if (kindOf(closed) === 'won') {
      t.won++;
      t.wonValue += d.amountCents;
      t.cycleDays += (closedAt - d.createdAt) / DAY;
    } else t.lost++;
  }
}

interface Totals {
  openDeals: number;
  openValue: number;
  weighted: number;
  won: number;
  lost: number;
  wonValue: number;
  cycleDays: number;
  interactions: number;
}

const emptyTotals = (): Totals => ({ openDeals: 0, openValue: 0, weighted: 0, won: 0, lost: 0, wonValue: 0, cycleDays: 0, interactions: 0 });

function figuresOf(t: Totals): PeriodFigures {
  return {
    openDeals: t.openDeals,
    wonDeals: t.won,
    lostDeals: t.lost,
    openPipelineValue: cents(t.openValue),
    weightedForecast: cents(t.weighted),
    winRate: t.won + t.lost ? Math.round((t.won / (t.won + t.lost)) * 1000) / 1000 : null,
    averageDealSize: t.won ? cents(t.wonValue / t.won) : null,
    wonValue: cents(t.wonValue),
    averageSalesCycleDays: t.won ? round1(t.cycleDays / t.won) : null,
    interactions: t.interactions,
  };
}

/** `InteractionType` values, for tests and loaders. */
export const INTERACTION_TYPES = InteractionType.options;
