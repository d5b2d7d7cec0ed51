import type { Model } from 'mongoose';
import { Types, trusted } from 'mongoose';
import type { Dashboard, DashboardQuery } from '../../shared/dashboard.js';
import type { Pipeline } from '../../shared/opportunity.js';
import { toOpportunity } from '../opportunities/opportunity.service.js';
import type { OpportunityDoc } from '../opportunities/opportunity.model.js';
import { encodeCursor } from '../lib/keyset.js';
import type { ChangeEvent } from '../../shared/events.js';
import type { EventLog } from '../events/event.service.js';
import { KeyedLock } from '../lib/keyed-lock.js';
import type { Logger } from '../logger.js';
import { SalesFacts, type DealFact, type InteractionFact } from './sales-facts.js';

const DAY = 24 * 60 * 60 * 1000;
const RELEVANT = new Set(['opportunity', 'interaction', 'customer', 'user']);

type StoredChange = { opportunityId: string; to: string; at: Date };
type StoredInteraction = { _id: { toHexString(): string }; version: number; customerId: string; userId: string; type: InteractionFact['type']; date: Date };

export interface DashboardModels {
  customer: Model<any>;
  opportunity: Model<any>;
  stageChange: Model<any>;
  interaction: Model<any>;
  user: Model<any>;
}

/** Reads the deals, stage histories and interactions matching `filter` into `facts`. */
async function loadInto(facts: SalesFacts, models: DashboardModels, filter: Record<string, unknown>): Promise<void> {
  const [deals, interactions] = await Promise.all([
    models.opportunity.find(filter).lean<OpportunityDoc[]>(),
    models.interaction.find(filter, { version: 1, customerId: 1, userId: 1, type: 1, date: 1 }).lean<StoredInteraction[]>(),
  ]);
  const ids = new Set(deals.map((d) => d._id.toHexString()));
  const changes = await models.stageChange
    .find(Object.keys(filter).length ? { opportunityId: trusted({ $in: [...ids] }) } : {}, { opportunityId: 1, to: 1, at: 1 })
    .sort({ at: 1 })
    .lean<StoredChange[]>();
  const paths = new Map<string, [string, number][]>();
  for (const c of changes) if (ids.has(c.opportunityId)) paths.set(c.opportunityId, [...(paths.get(c.opportunityId) ?? []), [c.to, c.at.getTime()]]);
  for (const d of deals) {
    const id = d._id.toHexString();
    const fact: DealFact = {
      version: d.version,
      customerId: d.customerId,
      ownerId: d.ownerId,
      stage: d.stage,
      amountCents: d.amountCents,
      probability: d.probability,
      createdAt: d.createdAt.getTime(),
      lostReason: d.lostReason,
      path: paths.get(id) ?? [[d.stage, d.createdAt.getTime()]],
      card: toOpportunity(d),
    };
    facts.deals.set(id, fact);
  }
  for (const i of interactions) {
    facts.interactions.set(i._id.toHexString(), { version: i.version, customerId: i.customerId, userId: i.userId, type: i.type, date: i.date.getTime() });
  }
}

/**
 * The dashboard (SPEC section 7) and the pipeline board: computed from in-memory facts that are loaded once and then
 * maintained from the change events, so a request costs no database scan (FerretDB 1.24 scans
 * whole collections for most filters). Events are applied in `seq` order; a gap is filled from
 * the event log. Open dashboards are told of changes at most once per `coalesceMs`.
 */
export function createDashboard(deps: {
  models: DashboardModels;
  events: EventLog;
  clock: () => Date;
  logger: Logger;
  coalesceMs?: number;
}) {
  const { models, events, clock, logger } = deps;
  const coalesceMs = deps.coalesceMs ?? 500;
  const serial = new KeyedLock();
  let facts: Promise<SalesFacts> | undefined;
  let notify: (seq: number) => void = () => undefined;
  let timer: NodeJS.Timeout | undefined;
  let changedSeq = 0;

  async function load(): Promise<SalesFacts> {
    const loaded = new SalesFacts();
    // Take the position first: changes made while the collections are read are replayed after.
    loaded.seq = await events.latest();
    const [users, customers] = await Promise.all([
      models.user.find({}, { name: 1 }).lean<{ _id: { toHexString(): string }; name: string }[]>(),
      models.customer.find({}, { name: 1 }).lean<{ _id: { toHexString(): string }; name: string }[]>(),
    ]);
    for (const u of users) loaded.users.set(u._id.toHexString(), u.name);
    for (const c of customers) loaded.customers.set(c._id.toHexString(), c.name);
    await loadInto(loaded, models, {});
    await catchUp(loaded);
    return loaded;
  }

  /** Applies every event after `f.seq` from the log, in order. */
  async function catchUp(f: SalesFacts): Promise<void> {
    for (;;) {
      const { events: batch } = await events.since(f.seq, 1000);
      for (const event of batch) await applyOne(f, event);
      if (batch.length < 1000) return;
    }
  }

  async function applyOne(f: SalesFacts, event: ChangeEvent): Promise<void> {
    for (const customerId of f.apply(event)) await loadInto(f, models, { customerId });
    if (RELEVANT.has(event.entity)) scheduleNotice(event.seq);
  }

  function scheduleNotice(seq: number): void {
    changedSeq = Math.max(changedSeq, seq);
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      notify(changedSeq);
    }, coalesceMs);
  }

  const unsubscribe = events.subscribe((event) => {
    if (!facts) return;
    void serial
      .run('apply', async () => {
        const f = await facts!;
        if (event.seq <= f.seq) return;
        if (event.seq === f.seq + 1) await applyOne(f, event);
        else await catchUp(f);
      })
      .catch((error) => {
        logger.warn({ err: error }, 'dashboard could not apply a change; it will reload');
        facts = undefined;
      });
  });

  return {
    /** Called with the latest `seq` once per burst of changes that may move a figure. */
    onChange(listener: (seq: number) => void) {
      notify = listener;
    },
    /** The facts, loaded on first use. */
    async facts(): Promise<SalesFacts> {
      facts ??= serial.run('apply', load).catch((error) => {
        facts = undefined;
        throw error;
      });
      return facts;
    },
    /**
     * The pipeline board from the facts (FerretDB would scan every deal for each column). It
     * waits for changes already made to be applied, so a client reads its own writes.
     */
    async pipeline(ownerId: string | undefined, limit: number): Promise<Pipeline> {
      const f = await this.facts();
      await serial.run('apply', async () => undefined);
      const stages = f.board(ownerId, limit).map(({ last, ...column }) => ({
        ...column,
        ...(last ? { nextCursor: encodeCursor('rank', last.rank, new Types.ObjectId(last.id)) } : {}),
      }));
      // The board shows each card's customer: their names come with it, not in a request per card.
      const customers: Record<string, string> = {};
      for (const column of stages)
        for (const { customerId } of column.opportunities) {
          const name = f.customers.get(customerId);
          if (name !== undefined) customers[customerId] = name;
        }
      return { stages, customers };
    },
    async get(query: DashboardQuery): Promise<Dashboard> {
      const to = query.to ? Date.parse(query.to) : clock().getTime();
      const from = query.from ? Date.parse(query.from) : to - 30 * DAY;
      const f = await this.facts();
      await serial.run('apply', async () => undefined);
      const computed = f.compute({ from, to, ownerId: query.ownerId });
      return {
        period: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
        previousPeriod: { from: new Date(from - (to - from)).toISOString(), to: new Date(from).toISOString() },
        ownerId: query.ownerId ?? null,
        ...computed,
      };
    },
    /** A fresh load from the database, for tests that compare it with the maintained facts. */
    recompute: load,
    close() {
      unsubscribe();
      if (timer) clearTimeout(timer);
    },
  };
}
export type DashboardService = ReturnType<typeof createDashboard>;
