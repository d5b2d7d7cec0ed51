import { generateKeyBetween } from 'fractional-indexing';
import { fromCents, toCents } from '../../shared/common.js';
import { trusted } from 'mongoose';
import type { Actor } from '../../shared/common.js';
import type { MoveInput, Opportunity, OpportunityCreate, OpportunityListQuery, StageChange } from '../../shared/opportunity.js';
import type { Precondition } from '../http/conditional.js';
import { DEFAULT_STAGES, findStage } from '../../shared/stage.js';
import { AppError } from '../http/app-error.js';
import { createRecordService, customPart, type RecordDeps, type RecordKind } from '../records/record.service.js';
import { customerGuard } from '../records/references.js';
import { notifyNewHolder, type Notifier } from '../notifications/notification.service.js';
import type { ReadModel } from '../read-model/read-model.js';
import type { OpportunityDoc, OpportunityModel, StageChangeModel } from './opportunity.model.js';

type Fields = OpportunityCreate;
/** The lock of a board column: held by whatever puts a card in it (a create, a move, a stage change). */
const boardLock = (stage: string) => `board:${stage}`;
const stageOf = (key: string) => findStage(key) ?? DEFAULT_STAGES[0]!;

export function toOpportunity(doc: OpportunityDoc): Opportunity {
  return {
    id: doc._id.toHexString(),
    customerId: doc.customerId,
    ...(doc.contactId !== undefined ? { contactId: doc.contactId } : {}),
    name: doc.name,
    stage: doc.stage,
    amount: fromCents(doc.amountCents),
    currency: doc.currency,
    probability: doc.probability,
    ...(doc.expectedCloseDate !== undefined ? { expectedCloseDate: doc.expectedCloseDate } : {}),
    ...(doc.ownerId !== undefined ? { ownerId: doc.ownerId } : {}),
    rank: doc.rank,
    ...(doc.closedAt ? { closedAt: doc.closedAt.toISOString() } : {}),
    ...(doc.lostReason !== undefined ? { lostReason: doc.lostReason } : {}),
    ...customPart(doc.custom),
    version: doc.version,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

type KindDeps = { model: OpportunityModel; stageChanges: StageChangeModel; reads: ReadModel; checkReferences: (f: Fields) => Promise<void>; notifier: Notifier };

/**
 * The rank of the first card of `stage` in the read model's rank order from `from` on
 * (exclusive), other than `except`: a column's neighbours and bottom, without a scan.
 */
async function rankNext(reads: ReadModel, stage: string, except: string, direction: 'up' | 'down', from?: string): Promise<string | null> {
  const state = await reads.ready();
  const range = from === undefined ? undefined : { rank: direction === 'down' ? { gte: from } : { lt: from } };
  const page = state.tables.opportunity.query({ eq: { stage }, ...(range ? { range } : {}), sort: direction === 'down' ? 'rank' : '-rank', limit: 50 });
  const found = page.rows.find((r) => r.id !== except && (from === undefined || r.keys.rank !== from));
  return found ? String(found.keys.rank) : null;
}

function opportunityKind(deps: KindDeps): RecordKind<Fields, Opportunity, OpportunityDoc> {
  const { model, stageChanges, checkReferences, notifier } = deps;

  /** The rank after the last card of a stage column: the bottom. */
  async function bottomOf(stage: string): Promise<string> {
    return generateKeyBetween(await rankNext(deps.reads, stage, '', 'up'), null);
  }

  return {
    entity: 'opportunity',
    noun: 'deal',
    model,
    fields: ['customerId', 'contactId', 'name', 'stage', 'amount', 'currency', 'probability', 'expectedCloseDate', 'ownerId', 'lostReason', 'custom'],
    prepare(next, before, input) {
      const out = { ...next };
      const stageChanged = !before || before.stage !== next.stage;
      // A new stage brings its probability, unless the request sets one.
      if (input.probability === undefined || input.probability === null) {
        if (stageChanged || out.probability === undefined) out.probability = stageOf(out.stage).probability;
      }
      out.currency ??= 'USD';
      // Leaving a lost stage drops the reason it was lost, unless the request sets one.
      if (stageOf(out.stage).kind !== 'lost' && input.lostReason === undefined) delete out.lostReason;
      return out;
    },
    // A new deal takes the bottom rank of its column: creates into one column wait for each other
    // (as moves do, with the same lock), so no two cards share a rank.
    guards: (next, before) => [...customerGuard(next), ...customerGuard(before), ...(before ? [] : [boardLock(next.stage)])],
    async check(next) {
      if (next.lostReason && stageOf(next.stage).kind !== 'lost') {
        throw new AppError('VALIDATION', 'Only a lost deal has a lost reason.', { errors: [{ path: 'lostReason', message: 'only applies to a lost deal' }] });
      }
      await checkReferences(next);
    },
    async toStored(f, before, { now, given }) {
      const kind = stageOf(f.stage).kind;
      const closedBefore = before?.closedAt && stageOf(before.stage).kind === kind;
      return {
        customerId: f.customerId,
        contactId: f.contactId,
        name: f.name,
        nameSort: f.name.toLowerCase(),
        search: [f.name, f.lostReason].filter(Boolean).join(' ').toLowerCase(),
        stage: f.stage,
        amountCents: toCents(f.amount),
        currency: f.currency ?? 'USD',
        probability: f.probability ?? stageOf(f.stage).probability,
        expectedCloseDate: f.expectedCloseDate,
        ownerId: f.ownerId,
        lostReason: f.lostReason,
        rank: typeof given?.rank === 'string' ? given.rank : before && before.stage === f.stage ? before.rank : await bottomOf(f.stage),
        closedAt: kind === 'open' ? undefined : closedBefore ? before!.closedAt : now,
      };
    },
    fromStored: (d) => ({
      customerId: d.customerId,
      contactId: d.contactId,
      name: d.name,
      stage: d.stage,
      amount: fromCents(d.amountCents),
      currency: d.currency,
      probability: d.probability,
      expectedCloseDate: d.expectedCloseDate,
      ownerId: d.ownerId,
      lostReason: d.lostReason,
    }),
    toApi: toOpportunity,
    // A new deal's rank is read from the bottom of its column: a batch creates deals one by one.
    createsOneByOne: true,
    async afterChange(before, after, { actor, now }) {
      if (before?.stage !== after.stage) {
        await stageChanges.collection.insertOne({ opportunityId: after._id.toHexString(), from: before?.stage ?? null, to: after.stage, actor, at: now });
      }
      const change = { type: 'owner', entity: 'opportunity', recordId: after._id.toHexString(), before: before?.ownerId, after: after.ownerId, actor } as const;
      await notifyNewHolder(notifier, { ...change, text: `${actor.name} made you the owner of the deal ${after.name}` });
    },
  };
}

/** Deals: stage by key or name, money in cents, closedAt on won/lost, every stage change recorded. */
export function createOpportunityService(deps: RecordDeps & KindDeps) {
  const { model, locks } = deps;
  const records = createRecordService(opportunityKind(deps), deps);
  type Card = { _id: unknown; stage: string; rank: string };

  /** A neighbour named by a move: it must be a card of the target column. */
  async function neighbour(id: string | undefined, stage: string, path: 'afterId' | 'beforeId'): Promise<Card | undefined> {
    if (!id) return undefined;
    const card = await model.findById(id, { stage: 1, rank: 1 }).lean<Card>();
    const problem = !card ? 'is not an existing deal' : card.stage !== stage ? `is in another column (${card.stage}), not ${stage}` : undefined;
    if (problem) throw new AppError('VALIDATION', 'A deal can only land next to a deal of the column it moves to.', { errors: [{ path, message: problem }] });
    return card ?? undefined;
  }

  /** The rank that puts a card right after `after` and right before `before` in `stage`. */
  async function rankBetween(stage: string, movingId: string, after: Card | undefined, before: Card | undefined): Promise<string> {
    if (after && before && after.rank < before.rank) return generateKeyBetween(after.rank, before.rank);
    if (after) return generateKeyBetween(after.rank, await rankNext(deps.reads, stage, movingId, 'down', after.rank));
    if (before) return generateKeyBetween(await rankNext(deps.reads, stage, movingId, 'up', before.rank), before.rank);
    return generateKeyBetween(await rankNext(deps.reads, stage, movingId, 'up'), null);
  }

  return {
    ...records,
    // A change into another column takes the bottom rank there: it holds that column's lock first, as a move does.
    patch: ((id, input, precondition, actor, options) =>
      input.stage ? locks.run(boardLock(input.stage), () => records.patch(id, input, precondition, actor, options)) : records.patch(id, input, precondition, actor, options)) as typeof records.patch,
    replace: ((id, input, precondition, actor) => locks.run(boardLock(input.stage), () => records.replace(id, input, precondition, actor))) as typeof records.replace,
    list(query: OpportunityListQuery) {
      const eq = { customerId: query.customerId, stage: query.stage, ownerId: query.ownerId };
      return records.list({ q: query.q, eq, sort: query.sort, custom: query.custom, limit: query.limit, cursor: query.cursor });
    },
    /**
     * Moves a deal to a stage and a place in its column in one change (`op: "moved"`): the
     * card lands right after `afterId` and right before `beforeId`, at the bottom with neither.
     * Moves into one column are serialised, so two cards never get the same rank; a stale
     * If-Match answers 412 when someone else moved the card since.
     */
    move(id: string, input: MoveInput, precondition: Precondition | undefined, actor: Actor) {
      return locks.run(boardLock(input.stage), async () => {
        if (input.afterId === id || input.beforeId === id) {
          throw new AppError('VALIDATION', 'A deal cannot land next to itself.', { errors: [{ path: input.afterId === id ? 'afterId' : 'beforeId', message: 'is the deal being moved' }] });
        }
        const [after, before] = await Promise.all([neighbour(input.afterId, input.stage, 'afterId'), neighbour(input.beforeId, input.stage, 'beforeId')]);
        const rank = await rankBetween(input.stage, id, after, before);
        return records.patch(id, { stage: input.stage, ...(input.lostReason ? { lostReason: input.lostReason } : {}) }, precondition, actor, { op: 'moved', stored: { rank } });
      });
    },

    /** The stage changes of a deal, oldest first (from the read model). */
    async history(id: string): Promise<StageChange[]> {
      const state = await deps.reads.ready();
      if (!state.tables.opportunity.has(id)) await records.load(id);
      return state.history.get(id) ?? [];
    },
  };
}
export type OpportunityService = ReturnType<typeof createOpportunityService>;
