import { generateKeyBetween } from 'fractional-indexing';
import { fromCents, toCents } from '../../shared/common.js';
import type { Opportunity, OpportunityCreate, OpportunityListQuery, StageChange } from '../../shared/opportunity.js';
import { DEFAULT_STAGES, findStage } from '../../shared/stage.js';
import type { EventLog } from '../events/event.service.js';
import { AppError } from '../http/app-error.js';
import type { KeyedLock } from '../lib/keyed-lock.js';
import { createRecordService, type RecordKind } from '../records/record.service.js';
import type { OpportunityDoc, OpportunityModel, StageChangeModel } from './opportunity.model.js';

type Fields = OpportunityCreate;
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
    version: doc.version,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

function opportunityKind(deps: { model: OpportunityModel; stageChanges: StageChangeModel; checkReferences: (f: Fields) => Promise<void> }): RecordKind<Fields, Opportunity, OpportunityDoc> {
  const { model, stageChanges, checkReferences } = deps;

  /** The rank after the last card of a stage column: the bottom. */
  async function bottomOf(stage: string): Promise<string> {
    const last = await model.findOne({ stage }, { rank: 1 }).sort({ rank: -1 }).lean<{ rank: string }>();
    return generateKeyBetween(last?.rank ?? null, null);
  }

  return {
    entity: 'opportunity',
    noun: 'deal',
    model,
    fields: ['customerId', 'contactId', 'name', 'stage', 'amount', 'currency', 'probability', 'expectedCloseDate', 'ownerId', 'lostReason'],
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
    async check(next) {
      if (next.lostReason && stageOf(next.stage).kind !== 'lost') {
        throw new AppError('VALIDATION', 'Only a lost deal has a lost reason.', { errors: [{ path: 'lostReason', message: 'only applies to a lost deal' }] });
      }
      await checkReferences(next);
    },
    async toStored(f, before, { now }) {
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
        rank: before && before.stage === f.stage ? before.rank : await bottomOf(f.stage),
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
    sorts: { name: { field: 'nameSort' }, amount: { field: 'amountCents' }, createdAt: { field: 'createdAt', isDate: true }, updatedAt: { field: 'updatedAt', isDate: true } },
    async afterChange(before, after, { actor, now }) {
      if (before?.stage === after.stage) return;
      await stageChanges.collection.insertOne({ opportunityId: after._id.toHexString(), from: before?.stage ?? null, to: after.stage, actor, at: now });
    },
  };
}

/** Deals: stage by key or name, money in cents, closedAt on won/lost, every stage change recorded. */
export function createOpportunityService(deps: {
  model: OpportunityModel;
  stageChanges: StageChangeModel;
  events: EventLog;
  locks: KeyedLock;
  clock: () => Date;
  checkReferences: (f: Fields) => Promise<void>;
}) {
  const records = createRecordService(opportunityKind(deps), deps);
  return {
    ...records,
    list(query: OpportunityListQuery) {
      const filter: Record<string, unknown> = {};
      if (query.customerId) filter.customerId = query.customerId;
      if (query.stage) filter.stage = query.stage;
      if (query.ownerId) filter.ownerId = query.ownerId;
      return records.list(query, filter);
    },
    /** The stage changes of a deal, oldest first. */
    async history(id: string): Promise<StageChange[]> {
      await records.load(id);
      const changes = await deps.stageChanges.find({ opportunityId: id }).sort({ at: 1 }).lean<{ from: string | null; to: string; actor: { id: string; name: string }; at: Date }[]>();
      return changes.map((c) => ({ from: c.from, to: c.to, actor: { id: c.actor.id, name: c.actor.name }, at: c.at.toISOString() }));
    },
  };
}
export type OpportunityService = ReturnType<typeof createOpportunityService>;
