import type { ChangeEvent } from '../../shared/events.js';
import type { Dashboard, PeriodFigures } from '../../shared/dashboard.js';
import { InteractionType } from '../../shared/interaction.js';
import type { Stage } from '../../shared/stage.js';
import { insertInOrder } from '../lib/in-order.js';
import { DealColumns, NONE } from './deal-columns.js';
import { InteractionColumns, TYPES } from './interaction-columns.js';

export type { DealFact } from './deal-columns.js';
export type { InteractionFact } from './interaction-columns.js';

const DAY = 24 * 60 * 60 * 1000;
const OPEN = 0;
const WON = 1;
const LOST = 2;
const NO_REASON = 'No reason given';
/** How many customers `topCustomers` names. */
const TOP_CUSTOMERS = 10;
const cents = (n: number) => Math.round(n) / 100;
const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * The facts the dashboard is computed from, kept in memory and maintained from the same change
 * events every client gets (SPEC: roll-ups maintained from the events), so a dashboard request
 * scans no collection. Applying an event is idempotent (by record version), so replaying
 * events that a load already saw does no harm.
 */
export class SalesFacts {
  readonly deals = new DealColumns();
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
        const createdAt = Date.parse(String(data.createdAt));
        const path = known ? known.path : [[stage, createdAt] as [string, number]];
        if (known && known.stage !== stage) path.push([stage, Date.parse(String(data.updatedAt))]);
        this.deals.set(event.id, {
          version: event.version,
          customerId: String(data.customerId),
          pipelineId: data.pipelineId as string | undefined,
          ownerId: data.ownerId as string | undefined,
          stage,
          amountCents: Math.round(Number(data.amount) * 100),
          probability: Number(data.probability),
          createdAt,
          lostReason: data.lostReason as string | undefined,
          path,
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
          this.deals.deleteCustomer(event.id);
          this.interactions.deleteCustomer(event.id);
          return [];
        }
        this.customers.set(event.id, String(data.name));
        return event.op === 'restored' ? [event.id] : [];
      case 'user':
        this.users.set(event.id, String(data.name));
        return [];
      case 'contact':
      case 'task':
      case 'field':
      case 'pipeline':
      case 'view':
        return [];
    }
  }

  /**
   * Every metric of SPEC section 7 for a period and the one before it, in one pass over the
   * deals' columns and one over the interactions' (100,000 deals and 500,000 interactions: see
   * docs/benchmarks.md). Sums are of whole numbers (cents, milliseconds, cents x percent), so
   * they do not depend on the order of the deals.
   */
  /** Takes the pipelines' current stages (kinds, probabilities, order) before a `compute`. */
  sync(pipelines: readonly { id: string; stages: readonly Stage[] }[]): void {
    this.deals.stages.sync(pipelines);
  }

  compute(query: { from: number; to: number; ownerId?: string | undefined; pipelineId?: string | undefined }): Omit<Dashboard, 'period' | 'previousPeriod' | 'ownerId' | 'pipelineId'> {
    const { from, to, ownerId } = query;
    const length = to - from;
    const prevFrom = from - length;
    const current = emptyTotals();
    const previous = emptyTotals();
    const d = this.deals;
    const owner = ownerId === undefined ? undefined : (d.owners.find(ownerId) ?? -2);
    const pipelineFilter = query.pipelineId === undefined ? undefined : (d.pipelines.find(query.pipelineId) ?? -2);
    const index = d.stages;
    const { kind: KIND, probability: PROBABILITY, position: POSITION } = index;
    const STAGES = index.size;
    const stageCount = new Float64Array(STAGES);
    const stageValue = new Float64Array(STAGES);
    const stayTotal = new Float64Array(STAGES);
    const stayCount = new Float64Array(STAGES);
    // The pipelines shown, and for each deal's pipeline its place among them.
    const shown = index.order.filter((p) => query.pipelineId === undefined || p.id === query.pipelineId);
    const shownAt = Int32Array.from(d.pipelines.strings, (id) => shown.findIndex((p) => p.id === id));
    /** Per pipeline shown: how many deals created in the period got at most to position k (k + 1; 0: lost at once). */
    const furthest = shown.map((p) => new Float64Array(p.stages.length + 1));
    const reasons = new Float64Array(d.reasons.strings.length + 1);
    const openValue = new Float64Array(d.customers.strings.length);
    const openDeals = new Float64Array(d.customers.strings.length);
    const wonDeals = new Float64Array(d.owners.strings.length);
    const wonValue = new Float64Array(d.owners.strings.length);
    // Deals that changed nothing in either period stand open in both where they stood: summed once.
    const still = emptyTotals();
    const { live, stage, amount, probability, createdAt, lastAt, pathStart, pathLength, pathStage, pathAt, customer, reason } = d;

    for (let i = 0, n = d.length; i < n; i++) {
      if (!live[i] || (owner !== undefined && d.owner[i] !== owner) || (pipelineFilter !== undefined && d.pipeline[i] !== pipelineFilter) || createdAt[i]! >= to) continue;
      const value = amount[i]!;
      if (lastAt[i]! < prevFrom) {
        const s = stage[i]!;
        if (KIND[s] !== OPEN) continue;
        still.openDeals++;
        still.openValue += value;
        still.weighted += value * probability[i]!;
        stageCount[s]!++;
        stageValue[s]! += value;
        openValue[customer[i]!]! += value;
        openDeals[customer[i]!]!++;
        continue;
      }
      // Where the deal stood at the end of each period, and its last close within each.
      let atEnd = -1;
      let atPrevEnd = -1;
      let closedNow = -1;
      let closedNowAt = 0;
      let closedBefore = -1;
      let closedBeforeAt = 0;
      let reached = -1;
      for (let k = pathStart[i]!, end = k + pathLength[i]!; k < end; k++) {
        const s = pathStage[k]!;
        const at = pathAt[k]!;
        if (at < to) atEnd = s;
        if (at < from) atPrevEnd = s;
        const kind = KIND[s]!;
        if (kind !== OPEN) {
          if (at >= from && at < to) (closedNow = s), (closedNowAt = at);
          else if (at >= prevFrom && at < from) (closedBefore = s), (closedBeforeAt = at);
        }
        if (kind !== LOST && POSITION[s]! > reached) reached = POSITION[s]!;
        if (k + 1 < end) {
          const next = pathAt[k + 1]!;
          if (next >= from && next < to) {
            stayTotal[s]! += next - at;
            stayCount[s]!++;
          }
        }
      }
      // A close counts only if the deal is still closed that way at the end of the period.
      if (closedNow !== atEnd) closedNow = -1;
      if (closedBefore !== atPrevEnd) closedBefore = -1;
      tally(current, d, i, atEnd, closedNow, closedNowAt, KIND, PROBABILITY);
      tally(previous, d, i, atPrevEnd, closedBefore, closedBeforeAt, KIND, PROBABILITY);

      if (atEnd >= 0 && KIND[atEnd] === OPEN) {
        stageCount[atEnd]!++;
        stageValue[atEnd]! += value;
        openValue[customer[i]!]! += value;
        openDeals[customer[i]!]!++;
      }
      if (closedNow >= 0) {
        stageCount[closedNow]!++;
        stageValue[closedNow]! += value;
        if (KIND[closedNow] === LOST) reasons[reason[i] === NONE ? reasons.length - 1 : reason[i]!]!++;
        else if (d.owner[i] !== NONE) {
          wonDeals[d.owner[i]!]!++;
          wonValue[d.owner[i]!]! += value;
        }
      }
      const at = shownAt[d.pipeline[i]!]!;
      if (createdAt[i]! >= from && at >= 0) furthest[at]![reached + 1]!++;
    }
    for (const t of [current, previous]) {
      t.openDeals += still.openDeals;
      t.openValue += still.openValue;
      t.weighted += still.weighted;
    }

    // Interactions over time: daily buckets up to two months, weekly (from Monday, UTC) beyond.
    const bucket: 'day' | 'week' = length <= 62 * DAY ? 'day' : 'week';
    const step = bucket === 'day' ? DAY : 7 * DAY;
    const first = Math.floor(from / DAY) * DAY - (bucket === 'week' ? ((new Date(Math.floor(from / DAY) * DAY).getUTCDay() + 6) % 7) * DAY : 0);
    const buckets: Record<InteractionType, number>[] = [];
    for (let b = first; b < to; b += step) buckets.push({ call: 0, meeting: 0, email: 0, note: 0 });
    const columns = this.interactions;
    const user = ownerId === undefined ? undefined : (columns.users.find(ownerId) ?? -2);
    const perUser = new Uint32Array(columns.users.strings.length);
    const perBucket = new Uint32Array(buckets.length * TYPES.length);
    const { date, type, user: users, live: there } = columns;
    for (let i = 0, n = columns.length; i < n; i++) {
      if (!there[i] || (user !== undefined && users[i] !== user)) continue;
      const when = date[i]!;
      if (when >= from && when < to) {
        current.interactions++;
        perBucket[Math.floor((when - first) / step) * TYPES.length + type[i]!]!++;
        perUser[users[i]!]!++;
      } else if (when >= prevFrom && when < from) previous.interactions++;
    }
    buckets.forEach((counts, b) => TYPES.forEach((t, k) => (counts[t] = perBucket[b * TYPES.length + k]!)));

    // Activity by rep: everyone who logged an interaction or won a deal in the period.
    const reps = new Map<string, { interactions: number; dealsWon: number; wonValue: number }>();
    const rep = (id: string) => {
      let r = reps.get(id);
      if (!r) reps.set(id, (r = { interactions: 0, dealsWon: 0, wonValue: 0 }));
      return r;
    };
    wonDeals.forEach((count, o) => {
      if (!count) return;
      const r = rep(d.owners.strings[o]!);
      r.dealsWon += count;
      r.wonValue += wonValue[o]!;
    });
    perUser.forEach((count, u) => {
      if (count) rep(columns.users.strings[u]!).interactions += count;
    });

    // Per pipeline: from each open stage to the next one on its board.
    const conversion = shown.flatMap((p, k) =>
      p.stages.flatMap((n, i) => {
        const next = p.stages[i + 1];
        if (KIND[n] !== OPEN || next === undefined) return [];
        const entered = furthest[k]!.slice(i + 1).reduce((a, b) => a + b, 0);
        const advanced = furthest[k]!.slice(i + 2).reduce((a, b) => a + b, 0);
        return [{ pipelineId: p.id, from: index.keys[n]!, to: index.keys[next]!, entered, advanced, rate: entered ? Math.round((advanced / entered) * 1000) / 1000 : null }];
      }),
    );
    const lost = new Map<string, number>();
    reasons.forEach((count, r) => {
      const name = d.reasons.strings[r] ?? NO_REASON;
      if (count) lost.set(name, (lost.get(name) ?? 0) + count);
    });
    // The ten customers with the most open value, picked without sorting every customer.
    const customerId = (c: number) => d.customers.strings[c]!;
    const byOpenValue = (a: number, b: number) => openValue[b]! - openValue[a]! || (customerId(a) < customerId(b) ? -1 : 1);
    const top: number[] = [];
    for (let c = 0; c < openDeals.length; c++) if (openDeals[c]) insertInOrder(top, c, byOpenValue, TOP_CUSTOMERS);

    return {
      figures: figuresOf(current),
      previous: figuresOf(previous),
      byStage: shown.flatMap((p) => p.stages.map((s) => ({ pipelineId: p.id, stage: index.keys[s]!, name: index.names[s]!, count: stageCount[s]!, value: cents(stageValue[s]!) }))),
      timeInStage: shown.flatMap((p) =>
        p.stages.filter((s) => KIND[s] === OPEN).map((s) => ({ pipelineId: p.id, stage: index.keys[s]!, name: index.names[s]!, averageDays: stayCount[s] ? round1(stayTotal[s]! / stayCount[s]! / DAY) : null, stays: stayCount[s]! })),
      ),
      conversion,
      lostReasons: [...lost].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
      interactionsOverTime: { bucket, series: buckets.map((counts, i) => ({ start: new Date(first + i * step).toISOString(), counts })) },
      topCustomers: top.map((c) => ({ customerId: customerId(c), name: this.customers.get(customerId(c)) ?? 'Unknown customer', openValue: cents(openValue[c]!), openDeals: openDeals[c]! })),
      activityByRep: [...reps]
        .map(([userId, r]) => ({ userId, name: this.users.get(userId) ?? 'Former user', interactions: r.interactions, dealsWon: r.dealsWon, wonValue: cents(r.wonValue) }))
        .sort((a, b) => b.wonValue - a.wonValue || b.interactions - a.interactions || a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId)),
    };
  }
}

/**
 * Adds deal `i` to a period's totals, given the stage it stood in at the period's end and the
 * stage it closed to within the period (-1: none).
 */
function tally(t: Totals, d: DealColumns, i: number, atEnd: number, closed: number, closedAt: number, KIND: Uint8Array, PROBABILITY: Float64Array): void {
  const value = d.amount[i]!;
  if (atEnd >= 0 && KIND[atEnd] === OPEN) {
    t.openDeals++;
    t.openValue += value;
    // The probability it has now if it is still in that stage, else that stage's own.
    t.weighted += value * (atEnd === d.stage[i] ? d.probability[i]! : PROBABILITY[atEnd]!);
  }
  if (closed < 0) return;
  if (KIND[closed] === WON) {
    t.won++;
    t.wonValue += value;
    t.cycleMs += closedAt - d.createdAt[i]!;
  } else t.lost++;
}

interface Totals {
  openDeals: number;
  openValue: number;
  /** Cents x percent. */
  weighted: number;
  won: number;
  lost: number;
  wonValue: number;
  cycleMs: number;
  interactions: number;
}

const emptyTotals = (): Totals => ({ openDeals: 0, openValue: 0, weighted: 0, won: 0, lost: 0, wonValue: 0, cycleMs: 0, interactions: 0 });

function figuresOf(t: Totals): PeriodFigures {
  return {
    openDeals: t.openDeals,
    wonDeals: t.won,
    lostDeals: t.lost,
    openPipelineValue: cents(t.openValue),
    weightedForecast: cents(t.weighted / 100),
    winRate: t.won + t.lost ? Math.round((t.won / (t.won + t.lost)) * 1000) / 1000 : null,
    averageDealSize: t.won ? cents(t.wonValue / t.won) : null,
    wonValue: cents(t.wonValue),
    averageSalesCycleDays: t.won ? round1(t.cycleMs / t.won / DAY) : null,
    interactions: t.interactions,
  };
}

/** `InteractionType` values, for tests and loaders. */
export const INTERACTION_TYPES = InteractionType.options;
