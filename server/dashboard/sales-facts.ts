import type { ChangeEvent } from '../../shared/events.js';
import type { Dashboard, PeriodFigures } from '../../shared/dashboard.js';
import { InteractionType } from '../../shared/interaction.js';
import { DEFAULT_STAGES, findStage } from '../../shared/stage.js';

const DAY = 24 * 60 * 60 * 1000;
const OPEN_STAGES = DEFAULT_STAGES.filter((s) => s.kind === 'open');
const ORDER = new Map(DEFAULT_STAGES.map((s, i) => [s.key, i]));
const kindOf = (stage: string) => findStage(stage)?.kind ?? 'open';
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
}

export interface InteractionFact {
  version: number;
  customerId: string;
  userId: string;
  type: InteractionType;
  date: number;
}

/**
 * The facts the dashboard is computed from, kept in memory and maintained from the same change
 * events every client gets (SPEC: roll-ups maintained from the events), so a dashboard request
 * scans no collection. Applying an event is idempotent (by record version), so replaying
 * events that a load already saw does no harm.
 */
export class SalesFacts {
  readonly deals = new Map<string, DealFact>();
  readonly interactions = new Map<string, InteractionFact>();
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
          for (const [id, touch] of this.interactions) if (touch.customerId === event.id) this.interactions.delete(id);
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

  /** Every metric of SPEC section 7 for a period and the one before it. */
  compute(query: { from: number; to: number; ownerId?: string | undefined }): Omit<Dashboard, 'period' | 'previousPeriod' | 'ownerId'> {
    const { from, to, ownerId } = query;
    const length = to - from;
    const deals = [...this.deals.values()].filter((d) => !ownerId || d.ownerId === ownerId);
    const interactions = [...this.interactions.values()].filter((i) => !ownerId || i.userId === ownerId);

    const stageAt = (d: DealFact, t: number): string | undefined => {
      let stage: string | undefined;
      for (const [s, at] of d.path) if (at <= t) stage = s;
      return stage;
    };
    /** When the deal last entered a stage of `kind` within [a, b), if it did. */
    const closedIn = (d: DealFact, kind: 'won' | 'lost', a: number, b: number): number | undefined => {
      let when: number | undefined;
      for (const [s, at] of d.path) if (kindOf(s) === kind && at >= a && at < b) when = at;
      // Only if it is still closed that way at the end of the period (not reopened within it).
      return when !== undefined && kindOf(stageAt(d, b - 1) ?? '') === kind ? when : undefined;
    };
    const probabilityAt = (d: DealFact, stage: string) => (stage === d.stage ? d.probability : (findStage(stage)?.probability ?? 0));

    const figures = (a: number, b: number): PeriodFigures => {
      let openDeals = 0;
      let openValue = 0;
      let weighted = 0;
      let won = 0;
      let lost = 0;
      let wonValue = 0;
      let cycleDays = 0;
      for (const d of deals) {
        const stage = stageAt(d, b - 1);
        if (stage && kindOf(stage) === 'open') {
          openDeals++;
          openValue += d.amountCents;
          weighted += (d.amountCents * probabilityAt(d, stage)) / 100;
        }
        const wonAt = closedIn(d, 'won', a, b);
        if (wonAt !== undefined) {
          won++;
          wonValue += d.amountCents;
          cycleDays += (wonAt - d.createdAt) / DAY;
        }
        if (closedIn(d, 'lost', a, b) !== undefined) lost++;
      }
      return {
        openDeals,
        wonDeals: won,
        lostDeals: lost,
        openPipelineValue: cents(openValue),
        weightedForecast: cents(weighted),
        winRate: won + lost ? Math.round((won / (won + lost)) * 1000) / 1000 : null,
        averageDealSize: won ? cents(wonValue / won) : null,
        wonValue: cents(wonValue),
        averageSalesCycleDays: won ? round1(cycleDays / won) : null,
        interactions: interactions.filter((i) => i.date >= a && i.date < b).length,
      };
    };

    // Count and value by stage: open stages as they stand at the end, won and lost in the period.
    const byStage = DEFAULT_STAGES.map((s) => {
      let count = 0;
      let value = 0;
      for (const d of deals) {
        const inIt = s.kind === 'open' ? stageAt(d, to - 1) === s.key : closedIn(d, s.kind, from, to) !== undefined;
        if (inIt) {
          count++;
          value += d.amountCents;
        }
      }
      return { stage: s.key, name: s.name, count, value: cents(value) };
    });

    // Time in each stage: stays that ended (by a move to another stage) within the period.
    const stays = new Map<string, { total: number; n: number }>();
    for (const d of deals) {
      for (let i = 0; i + 1 < d.path.length; i++) {
        const [stage, entered] = d.path[i]!;
        const left = d.path[i + 1]![1];
        if (left < from || left >= to) continue;
        const s = stays.get(stage) ?? { total: 0, n: 0 };
        s.total += left - entered;
        s.n++;
        stays.set(stage, s);
      }
    }
    const timeInStage = OPEN_STAGES.map((s) => {
      const x = stays.get(s.key);
      return { stage: s.key, name: s.name, averageDays: x ? round1(x.total / x.n / DAY) : null, stays: x?.n ?? 0 };
    });

    // Conversion: of the deals created in the period, how far each got (won passes every open stage).
    const furthest = deals
      .filter((d) => d.createdAt >= from && d.createdAt < to)
      .map((d) => Math.max(...d.path.map(([s]) => (kindOf(s) === 'lost' ? -1 : (ORDER.get(s) ?? -1)))));
    const conversion = OPEN_STAGES.map((s, i) => {
      const next = DEFAULT_STAGES[i + 1]!;
      const entered = furthest.filter((f) => f >= i).length;
      const advanced = furthest.filter((f) => f >= i + 1).length;
      return { from: s.key, to: next.key, entered, advanced, rate: entered ? Math.round((advanced / entered) * 1000) / 1000 : null };
    });

    const reasons = new Map<string, number>();
    for (const d of deals) if (closedIn(d, 'lost', from, to) !== undefined) reasons.set(d.lostReason ?? 'No reason given', (reasons.get(d.lostReason ?? 'No reason given') ?? 0) + 1);
    const lostReasons = [...reasons].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));

    // Interactions over time: daily buckets up to two months, weekly (from Monday, UTC) beyond.
    const bucket: 'day' | 'week' = length <= 62 * DAY ? 'day' : 'week';
    const startOf = (t: number) => {
      const day = Math.floor(t / DAY) * DAY;
      return bucket === 'day' ? day : day - ((new Date(day).getUTCDay() + 6) % 7) * DAY;
    };
    const series = new Map<number, Record<InteractionType, number>>();
    for (let b = startOf(from); b < to; b += bucket === 'day' ? DAY : 7 * DAY) series.set(b, { call: 0, meeting: 0, email: 0, note: 0 });
    for (const i of interactions) if (i.date >= from && i.date < to) series.get(startOf(i.date))![i.type]++;

    const open = new Map<string, { value: number; deals: number }>();
    for (const d of deals) {
      const stage = stageAt(d, to - 1);
      if (!stage || kindOf(stage) !== 'open') continue;
      const c = open.get(d.customerId) ?? { value: 0, deals: 0 };
      c.value += d.amountCents;
      c.deals++;
      open.set(d.customerId, c);
    }
    const topCustomers = [...open]
      .sort(([, a], [, b]) => b.value - a.value)
      .slice(0, 10)
      .map(([customerId, c]) => ({ customerId, name: this.customers.get(customerId) ?? 'Unknown customer', openValue: cents(c.value), openDeals: c.deals }));

    const reps = new Map<string, { interactions: number; dealsWon: number; wonValue: number }>();
    const rep = (id: string) => reps.get(id) ?? (reps.set(id, { interactions: 0, dealsWon: 0, wonValue: 0 }), reps.get(id)!);
    for (const i of interactions) if (i.date >= from && i.date < to) rep(i.userId).interactions++;
    for (const d of deals) {
      if (!d.ownerId || closedIn(d, 'won', from, to) === undefined) continue;
      const r = rep(d.ownerId);
      r.dealsWon++;
      r.wonValue += d.amountCents;
    }
    const activityByRep = [...reps]
      .map(([userId, r]) => ({ userId, name: this.users.get(userId) ?? 'Former user', interactions: r.interactions, dealsWon: r.dealsWon, wonValue: cents(r.wonValue) }))
      .sort((a, b) => b.wonValue - a.wonValue || b.interactions - a.interactions || a.name.localeCompare(b.name));

    return {
      figures: figures(from, to),
      previous: figures(from - length, from),
      byStage,
      timeInStage,
      conversion,
      lostReasons,
      interactionsOverTime: { bucket, series: [...series].map(([start, counts]) => ({ start: new Date(start).toISOString(), counts })) },
      topCustomers,
      activityByRep,
    };
  }
}

/** `InteractionType` values, for tests and loaders. */
export const INTERACTION_TYPES = InteractionType.options;
