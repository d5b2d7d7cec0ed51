import { JsonWriter } from '../read-model/json-writer.js';
import { MAX_PERIOD_DAYS, type Dashboard, type DashboardQuery } from '../../shared/dashboard.js';
import type { Opportunity, Pipeline } from '../../shared/opportunity.js';
import type { Stage } from '../../shared/stage.js';
import { AppError } from '../http/app-error.js';
import type { ChangeEvent } from '../../shared/events.js';
import type { Projection, ReadModel, ReadState } from '../read-model/read-model.js';
import type { PipelineService } from '../pipelines/pipeline.service.js';
import { SalesFacts } from './sales-facts.js';
import { nextStepJson } from '../tasks/next-step.js';
import type { Table } from '../read-model/table.js';

const DAY = 24 * 60 * 60 * 1000;
const RELEVANT = new Set(['opportunity', 'interaction', 'customer', 'user', 'pipeline']);

/** A deal's facts from its record and its stage history in the read model. */
function addDeal(facts: SalesFacts, state: ReadState, deal: Opportunity): void {
  const history = state.history.get(deal.id);
  const createdAt = Date.parse(deal.createdAt);
  facts.deals.set(deal.id, {
    version: deal.version,
    customerId: deal.customerId,
    pipelineId: deal.pipelineId,
    ownerId: deal.ownerId,
    stage: deal.stage,
    amountCents: Math.round(deal.amount * 100),
    probability: deal.probability,
    createdAt,
    lostReason: deal.lostReason,
    path: history?.length ? history.map((c) => [c.to, Date.parse(c.at)]) : [[deal.stage, createdAt]],
  });
}

/** The facts of one customer's deals and interactions (after a restore brought them back). */
function addCustomer(facts: SalesFacts, state: ReadState, customerId: string): void {
  for (const id of state.tables.opportunity.idsWhere('customerId', customerId)) addDeal(facts, state, state.tables.opportunity.get(id)!);
  for (const id of state.tables.interaction.idsWhere('customerId', customerId)) addInteraction(facts, state, id);
}

function addInteraction(facts: SalesFacts, state: ReadState, id: string): void {
  const table = state.tables.interaction;
  facts.interactions.set(id, { version: table.versionOf(id)!, customerId: String(table.key(id, 'customerId')), userId: String(table.key(id, 'userId')), type: table.key(id, 'type') as never, date: table.key(id, 'date') as number });
}

/** The dashboard's facts from a whole read-model state. */
function factsOf(state: ReadState): SalesFacts {
  const facts = new SalesFacts();
  facts.seq = state.seq;
  for (const [id, name] of state.users) facts.users.set(id, name);
  for (const row of state.tables.customer.all()) facts.customers.set(row.id, (JSON.parse(row.json) as { name: string }).name);
  for (const row of state.tables.opportunity.all()) addDeal(facts, state, JSON.parse(row.json) as Opportunity);
  for (const id of state.tables.interaction.idList()) addInteraction(facts, state, id);
  return facts;
}

/** A board column as JSON, and its cards' deal and customer ids. */
interface BoardColumn {
  /** The column's JSON as UTF-8 bytes (made once per column while it is kept). */
  json: Buffer;
  cards: [string, string][];
}

/** Each deal table's board columns as last written, by pipeline, stage, owner and limit, with the stamp they were written at. */
const columns = new WeakMap<Table<Opportunity>, Map<string, BoardColumn & { stamp: number }>>();

/**
 * One column of a board: its count and total (from the tallies), its first `limit` cards by
 * rank from `cursor` on. The first page is kept per table while the column's tally stamp stays.
 */
function boardColumn(deals: Table<Opportunity>, pipelineId: string, stage: Stage, ownerId: string | undefined, limit: number, cursor: string | undefined): BoardColumn {
  const eq = { pipelineId, stage: stage.key, ownerId };
  const stamp = cursor === undefined ? deals.stampOf(eq) : undefined;
  let kept = columns.get(deals);
  if (!kept) columns.set(deals, (kept = new Map()));
  const key = JSON.stringify([pipelineId, stage, ownerId ?? null, limit]);
  const known = stamp === undefined ? undefined : kept.get(key);
  if (known && known.stamp === stamp) return known;
  const found = deals.query({ eq, sort: 'rank', limit, cursor });
  const cards: string[] = [];
  const ids: [string, string][] = [];
  for (const row of found.rows) {
    cards.push(row.json);
    ids.push([row.id, String(deals.key(row.id, 'customerId'))]);
  }
  const { sum } = deals.aggregate(eq, 'amount');
  // A PipelineColumn: the stage, its count and total, its cards, where the rest is.
  const head = JSON.stringify({ ...stage, count: found.total, total: Math.round(sum) / 100 });
  const json = Buffer.from(`${head.slice(0, -1)},"opportunities":[${cards.join(',')}]${found.nextCursor ? `,"nextCursor":${JSON.stringify(found.nextCursor)}` : ''}}`, 'utf8');
  const column = { json, cards: ids };
  if (stamp !== undefined) {
    // Columns of stages, owners and limits no longer asked for are dropped now and then.
    if (kept.size > 500) kept.clear();
    kept.set(key, { ...column, stamp });
  }
  return column;
}

/**
 * The dashboard (SPEC section 7) and the pipeline board. The board is read from the read
 * model's deals; the dashboard from its own facts (typed columns: a request is a pass over
 * numbers), which are a projection of the read model: built from its state once loaded, then
 * told of each change in `seq` order. Open dashboards are told of changes at most once per
 * `coalesceMs`.
 */
export function createDashboard(deps: { clock: () => Date; coalesceMs?: number }) {
  const { clock } = deps;
  const coalesceMs = deps.coalesceMs ?? 500;
  let facts = new SalesFacts();
  let reads: ReadModel | undefined;
  let pipelines: PipelineService | undefined;
  /** The facts with the pipelines' current stages. */
  const synced = (f: SalesFacts) => {
    f.sync(pipelines?.list() ?? []);
    return f;
  };
  let notify: (seq: number) => void = () => undefined;
  let timer: NodeJS.Timeout | undefined;
  let changedSeq = 0;

  function scheduleNotice(seq: number): void {
    changedSeq = Math.max(changedSeq, seq);
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      notify(changedSeq);
    }, coalesceMs);
  }

  const projection: Projection = {
    load(state) {
      facts = factsOf(state);
    },
    apply(event: ChangeEvent, state) {
      for (const customerId of facts.apply(event)) addCustomer(facts, state, customerId);
      if (RELEVANT.has(event.entity)) scheduleNotice(event.seq);
    },
  };

  const model = () => {
    if (!reads) throw new Error('the dashboard is not attached to the read model');
    return reads;
  };

  return {
    /** Maintained by the read model from its events. */
    projection,
    attach(readModel: ReadModel) {
      reads = readModel;
    },
    /** The pipelines whose stages the figures are by (set once they exist). */
    usePipelines(service: PipelineService) {
      pipelines = service;
    },
    /** Called with the latest `seq` once per burst of changes that may move a figure. */
    onChange(listener: (seq: number) => void) {
      notify = listener;
    },
    /** The facts, once the read model is loaded and has every change made so far. */
    async facts(): Promise<SalesFacts> {
      await model().ready();
      return synced(facts);
    },
    /**
     * A pipeline's board from the read model, as the JSON text of a `Pipeline`: per stage its
     * count and total (kept as tallies: no pass over the column's deals) and first `limit` cards
     * by rank (their JSON as the read model keeps it, not parsed and serialised again), the names
     * of those cards' customers (from the dashboard's facts: not a request, nor a record read, per
     * card), and each card's next step (its deal's open task due first, which the task table
     * keeps per deal). A column's JSON is kept while its tally's stamp stays (no deal entered,
     * left or changed in it), so a board read between changes writes only the names and next
     * steps. With `page.stage`, only that column, from `page.cursor` on ("Show more").
     */
    async pipeline(
      pipeline: { id: string; stages: readonly Stage[] },
      ownerId: string | undefined,
      limit: number,
      page: { stage?: string | undefined; cursor?: string | undefined } = {},
    ): Promise<{ json: Buffer; seq: number }> {
      const state = await model().ready();
      const deals = state.tables.opportunity;
      const customers: string[] = [];
      const nextSteps: string[] = [];
      const named = new Set<string>();
      let shown = pipeline.stages;
      if (page.stage !== undefined) {
        const key = page.stage.trim().toLowerCase();
        shown = pipeline.stages.filter((s) => s.key === key || s.name.toLowerCase() === key);
        if (!shown.length) throw new AppError('VALIDATION', 'Unknown stage.', { errors: [{ path: 'stage', message: `must be one of ${pipeline.stages.map((s) => s.key).join(', ')}` }] });
      } else if (page.cursor !== undefined) {
        throw new AppError('VALIDATION', 'A cursor needs its column.', { errors: [{ path: 'cursor', message: 'goes with stage' }] });
      }
      const stages = shown.map((stage) => {
        const column = boardColumn(deals, pipeline.id, stage, ownerId, limit, page.cursor);
        for (const [id, customerId] of column.cards) {
          if (!named.has(customerId)) {
            named.add(customerId);
            const name = facts.customers.get(customerId) ?? state.tables.customer.get(customerId)?.name;
            if (name !== undefined) customers.push(`${JSON.stringify(customerId)}:${JSON.stringify(name)}`);
          }
          const next = nextStepJson(state.tables.task, id);
          if (next !== undefined) nextSteps.push(`${JSON.stringify(id)}:${next}`);
        }
        return column.json;
      });
      // Written as bytes into a pooled buffer: a board is 100 to 200 KB, a new text or buffer of
      // that size per answer is what makes the garbage collector sweep the whole heap.
      const out = new JsonWriter(stages.reduce((n, b) => n + b.length, 0) + 64 * (customers.length + nextSteps.length) + 256);
      out.text(`{"pipelineId":${JSON.stringify(pipeline.id)},"stages":[`);
      stages.forEach((bytes, i) => {
        if (i) out.byte(0x2c);
        out.copy(bytes, 0, bytes.length);
      });
      out.text('],"customers":{');
      customers.forEach((entry, i) => {
        if (i) out.byte(0x2c);
        out.text(entry);
      });
      out.text('},"nextSteps":{');
      nextSteps.forEach((entry, i) => {
        if (i) out.byte(0x2c);
        out.text(entry);
      });
      out.text('}}');
      return { json: out.bytes(), seq: state.seq };
    },
    async get(query: DashboardQuery): Promise<Dashboard & { seq: number }> {
      const to = query.to ? Date.parse(query.to) : clock().getTime();
      const from = query.from ? Date.parse(query.from) : to - 30 * DAY;
      if (to - from > MAX_PERIOD_DAYS * DAY) {
        const most = `at most 10 years (${MAX_PERIOD_DAYS} days)`;
        throw new AppError('VALIDATION', `The period is too long: it may span ${most}.`, {
          errors: [
            { path: 'from', message: `must be ${most} before to` },
            { path: 'to', message: `must be ${most} after from` },
          ],
        });
      }
      if (query.pipelineId) pipelines?.require(query.pipelineId);
      const state = await model().ready();
      const computed = synced(facts).compute({ from, to, ownerId: query.ownerId, pipelineId: query.pipelineId });
      return {
        period: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
        previousPeriod: { from: new Date(from - (to - from)).toISOString(), to: new Date(from).toISOString() },
        ownerId: query.ownerId ?? null,
        pipelineId: query.pipelineId ?? null,
        ...computed,
        seq: state.seq,
      };
    },
    /** The facts freshly built from the database, for tests that compare them with the maintained ones. */
    async recompute(): Promise<SalesFacts> {
      return synced(factsOf(await model().recompute()));
    },
    close() {
      if (timer) clearTimeout(timer);
    },
  };
}
export type DashboardService = ReturnType<typeof createDashboard>;
