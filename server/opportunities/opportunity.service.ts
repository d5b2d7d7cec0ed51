import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';
import { fromCents, toCents } from '../../shared/common.js';
import type { Actor } from '../../shared/common.js';
import type { MoveInput, Opportunity, OpportunityCreate, OpportunityExportQuery, OpportunityListQuery, StageChange } from '../../shared/opportunity.js';
import type { Precondition } from '../http/conditional.js';
import { DEFAULT_PIPELINE_ID, type Stage } from '../../shared/stage.js';
import type { ChangeInput } from '../events/event.service.js';
import { directWrites } from '../events/outbox.js';
import { AppError } from '../http/app-error.js';
import { createRecordService, customPart, type RecordDeps, type RecordKind } from '../records/record.service.js';
import { customerGuard } from '../records/references.js';
import { notifyNewHolder, type Notifier } from '../notifications/notification.service.js';
import type { ReadModel } from '../read-model/read-model.js';
import { SHOAL_ACTOR, type DealMover, type PipelineService } from '../pipelines/pipeline.service.js';
import type { OpportunityDoc, OpportunityModel, StageChangeModel } from './opportunity.model.js';

type Fields = OpportunityCreate;
/** The lock of a board column: held by whatever puts a card in it (a create, a move, a stage change, a pipeline's change). */
export const boardLock = (pipelineId: string, stage: string) => `board:${pipelineId}:${stage}`;
const pipelineOf = (f: { pipelineId?: string | undefined }) => f.pipelineId ?? DEFAULT_PIPELINE_ID;
/** Deals written per intent and event group when a pipeline's change moves them. */
const MOVE_CHUNK = 1000;

export function toOpportunity(doc: OpportunityDoc): Opportunity {
  return {
    id: doc._id.toHexString(),
    customerId: doc.customerId,
    ...(doc.contactId !== undefined ? { contactId: doc.contactId } : {}),
    pipelineId: pipelineOf(doc),
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
    rotting: doc.rotting === true,
    changedAt: (doc.changedAt ?? doc.updatedAt).toISOString(),
    version: doc.version,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

type KindDeps = { model: OpportunityModel; stageChanges: StageChangeModel; reads: ReadModel; pipelines: PipelineService; checkReferences: (f: Fields) => Promise<void>; notifier: Notifier };

/**
 * The rank of the first card of a column in the read model's rank order from `from` on
 * (exclusive), other than `except`: a column's neighbours and bottom, without a scan.
 */
async function rankNext(reads: ReadModel, column: { pipelineId: string; stage: string }, except: string, direction: 'up' | 'down', from?: string): Promise<string | null> {
  const state = await reads.ready();
  const range = from === undefined ? undefined : { rank: direction === 'down' ? { gte: from } : { lt: from } };
  const page = state.tables.opportunity.query({ eq: { pipelineId: column.pipelineId, stage: column.stage }, ...(range ? { range } : {}), sort: direction === 'down' ? 'rank' : '-rank', limit: 50 });
  const found = page.rows.find((r) => r.id !== except && (from === undefined || r.keys.rank !== from));
  return found ? String(found.keys.rank) : null;
}

function opportunityKind(deps: KindDeps): RecordKind<Fields, Opportunity, OpportunityDoc> {
  const { model, stageChanges, checkReferences, notifier, pipelines } = deps;

  /** The rank after the last card of a column: the bottom. */
  async function bottomOf(pipelineId: string, stage: string): Promise<string> {
    return generateKeyBetween(await rankNext(deps.reads, { pipelineId, stage }, '', 'up'), null);
  }
  /** The deal's stage, resolved within its pipeline when it was given (prepare did); else the stored key. */
  const stageOf = (f: { pipelineId?: string | undefined; stage: string }): Stage | undefined => pipelines.stage(pipelineOf(f), f.stage);

  return {
    entity: 'opportunity',
    noun: 'deal',
    model,
    fields: ['customerId', 'contactId', 'pipelineId', 'name', 'stage', 'amount', 'currency', 'probability', 'expectedCloseDate', 'ownerId', 'lostReason', 'custom'],
    prepare(next, before, input) {
      const out = { ...next };
      // Without one (a PUT, a create) the deal stays in its pipeline, or goes to the default one.
      out.pipelineId = next.pipelineId ?? before?.pipelineId ?? DEFAULT_PIPELINE_ID;
      // A key or a name of a stage of that pipeline: a 422 naming stage (or pipelineId) otherwise.
      const stage = pipelines.resolveStage(out.pipelineId, out.stage);
      out.stage = stage.key;
      const stageChanged = !before || before.stage !== out.stage || pipelineOf(before) !== out.pipelineId;
      // A new stage brings its probability, unless the request sets one.
      if (input.probability === undefined || input.probability === null) {
        if (stageChanged || out.probability === undefined) out.probability = stage.probability;
      }
      out.currency ??= 'USD';
      // Leaving a lost stage drops the reason it was lost, unless the request sets one.
      if (stage.kind !== 'lost' && input.lostReason === undefined) delete out.lostReason;
      return out;
    },
    // A new deal takes the bottom rank of its column: creates into one column wait for each other
    // (as moves do, with the same lock), so no two cards share a rank.
    guards: (next, before) => {
      if (before) return [...customerGuard(next), ...customerGuard(before)];
      const pipelineId = pipelineOf(next);
      const known = pipelines.find(pipelineId) ? pipelines.stage(pipelineId, next.stage) ?? pipelines.find(pipelineId)!.stages.find((s) => s.name.toLowerCase() === next.stage.trim().toLowerCase()) : undefined;
      return [...customerGuard(next), boardLock(pipelineId, known?.key ?? next.stage.trim().toLowerCase())];
    },
    async check(next) {
      if (next.lostReason && stageOf(next)?.kind !== 'lost') {
        throw new AppError('VALIDATION', 'Only a lost deal has a lost reason.', { errors: [{ path: 'lostReason', message: 'only applies to a lost deal' }] });
      }
      await checkReferences(next);
    },
    async toStored(f, before, { now, given }) {
      const pipelineId = pipelineOf(f);
      const kind = stageOf(f)?.kind ?? 'open';
      const samePlace = before !== undefined && before.stage === f.stage && pipelineOf(before) === pipelineId;
      const closedBefore = before?.closedAt && (before ? pipelines.stage(pipelineOf(before), before.stage)?.kind : undefined) === kind;
      // Shoal's own mark (rotting) is no one's change: the deal's last change by a person stays.
      const mark = given !== undefined && 'rotting' in given;
      return {
        customerId: f.customerId,
        contactId: f.contactId,
        pipelineId,
        name: f.name,
        nameSort: f.name.toLowerCase(),
        search: [f.name, f.lostReason].filter(Boolean).join(' ').toLowerCase(),
        stage: f.stage,
        amountCents: toCents(f.amount),
        currency: f.currency ?? 'USD',
        probability: f.probability ?? stageOf(f)?.probability ?? 0,
        expectedCloseDate: f.expectedCloseDate,
        ownerId: f.ownerId,
        lostReason: f.lostReason,
        rank: typeof given?.rank === 'string' ? given.rank : samePlace ? before.rank : await bottomOf(pipelineId, f.stage),
        closedAt: kind === 'open' ? undefined : closedBefore ? before!.closedAt : now,
        changedAt: mark ? (before?.changedAt ?? before?.updatedAt) : now,
        rotting: mark ? given.rotting : undefined,
      };
    },
    fromStored: (d) => ({
      customerId: d.customerId,
      contactId: d.contactId,
      pipelineId: pipelineOf(d),
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

/**
 * Deals: a pipeline and a stage of it (by key or name), money in cents, closedAt on won/lost,
 * every stage change recorded, `rotting` marked by Shoal (server/pipelines/rotting.ts).
 */
export function createOpportunityService(deps: RecordDeps & KindDeps) {
  const { model, locks, pipelines, events } = deps;
  const outbox = deps.outbox ?? directWrites(events);
  const records = createRecordService(opportunityKind(deps), deps);
  type Card = { _id: unknown; pipelineId?: string; stage: string; rank: string };

  /** Runs `work` holding every lock in `keys`, taken in sorted order (as the record service does). */
  function holding<T>(keys: string[], work: () => Promise<T>): Promise<T> {
    return [...new Set(keys)].sort().reduceRight<() => Promise<T>>((inner, key) => () => locks.run(key, inner), work)();
  }

  /** Where the read model has a deal now: its pipeline and stage (undefined for an unknown deal). */
  async function placeOf(id: string): Promise<{ pipelineId: string; stage: string } | undefined> {
    const row = (await deps.reads.ready()).tables.opportunity.row(id);
    return row ? { pipelineId: String(row.keys.pipelineId ?? DEFAULT_PIPELINE_ID), stage: String(row.keys.stage) } : undefined;
  }

  /** The column lock for a stage as input, or none when it names no stage (the write then answers the 422). */
  function columnLock(pipelineId: string, stage: string): string | undefined {
    try {
      return boardLock(pipelineId, pipelines.resolveStage(pipelineId, stage).key);
    } catch {
      return undefined;
    }
  }
  const inColumn = <T>(lock: string | undefined, work: () => Promise<T>) => (lock ? locks.run(lock, work) : work());

  /** A neighbour named by a move: it must be a card of the target column. */
  async function neighbour(id: string | undefined, pipelineId: string, stage: string, path: 'afterId' | 'beforeId'): Promise<Card | undefined> {
    if (!id) return undefined;
    const card = await model.findById(id, { pipelineId: 1, stage: 1, rank: 1 }).lean<Card>();
    const problem = !card ? 'is not an existing deal' : pipelineOf(card) !== pipelineId ? 'is in another pipeline' : card.stage !== stage ? `is in another column (${card.stage}), not ${stage}` : undefined;
    if (problem) throw new AppError('VALIDATION', 'A deal can only land next to a deal of the column it moves to.', { errors: [{ path, message: problem }] });
    return card ?? undefined;
  }

  /** The rank that puts a card right after `after` and right before `before` in a column. */
  async function rankBetween(column: { pipelineId: string; stage: string }, movingId: string, after: Card | undefined, before: Card | undefined): Promise<string> {
    if (after && before && after.rank < before.rank) return generateKeyBetween(after.rank, before.rank);
    if (after) return generateKeyBetween(after.rank, await rankNext(deps.reads, column, movingId, 'down', after.rank));
    if (before) return generateKeyBetween(await rankNext(deps.reads, column, movingId, 'up', before.rank), before.rank);
    return generateKeyBetween(await rankNext(deps.reads, column, movingId, 'up'), null);
  }

  const mover: DealMover = {
    async relocate(pipelineId, removed, moveDeals, stages, actor, pipeline) {
      const targets = [...new Set(removed.map((k) => moveDeals[k]).filter((k): k is string => k !== undefined))];
      await holding([...removed, ...targets].map((k) => boardLock(pipelineId, k)), async () => {
        // Nothing enters these columns now (their locks are held); a deal may still leave one.
        const table = (await deps.reads.ready()).tables.opportunity;
        const held = new Map<string, string[]>();
        const errors: { path: string; message: string }[] = [];
        for (const key of removed) {
          const ids = table
            .idsWhere('stage', key)
            .filter((id) => table.row(id)?.keys.pipelineId === pipelineId)
            .sort((a, b) => String(table.row(a)!.keys.rank).localeCompare(String(table.row(b)!.keys.rank)));
          held.set(key, ids);
          if (ids.length && moveDeals[key] === undefined) errors.push({ path: 'moveDeals', message: `must say where the ${ids.length} deal${ids.length === 1 ? '' : 's'} of the stage ${key} go (moveDeals.${key})` });
        }
        if (errors.length) throw new AppError('VALIDATION', 'Some fields are invalid.', { errors });
        const ids = [...held.values()].flat();
        await holding(ids.map((id) => `opportunity:${id}`), async () => {
          for (const id of ids) await outbox.settle(`opportunity:${id}`);
          const docs: OpportunityDoc[] = [];
          for (let i = 0; i < ids.length; i += 50) docs.push(...((await Promise.all(ids.slice(i, i + 50).map((id) => model.findById(id).lean<OpportunityDoc>()))).filter(Boolean) as OpportunityDoc[]));
          const now = clockOf(deps)();
          const afters: OpportunityDoc[] = [];
          for (const key of targets) {
            const target = stages.find((s) => s.key === key)!;
            const moving = docs.filter((d) => pipelineOf(d) === pipelineId && removed.includes(d.stage) && moveDeals[d.stage] === key);
            if (!moving.length) continue;
            const ranks = generateNKeysBetween(await rankNext(deps.reads, { pipelineId, stage: key }, '', 'up'), null, moving.length);
            moving.forEach((d, n) => {
              const closedKind = pipelines.stage(pipelineId, d.stage)?.kind;
              const after: OpportunityDoc = { ...d, stage: key, probability: target.probability, rank: ranks[n]!, version: d.version + 1, updatedAt: now, changedAt: now };
              delete after.rotting;
              if (target.kind === 'open') delete after.closedAt;
              else if (!(d.closedAt && closedKind === target.kind)) after.closedAt = now;
              if (target.kind !== 'lost') delete after.lostReason;
              const changed = ['stage', 'rank', ...(d.probability !== after.probability ? ['probability'] : []), ...(d.lostReason !== after.lostReason ? ['lostReason'] : [])];
              after.fieldVersions = { ...d.fieldVersions, ...Object.fromEntries(changed.map((f) => [f, after.version])) };
              afters.push(after);
            });
          }
          const changeOf = (a: OpportunityDoc, d: OpportunityDoc): ChangeInput => ({
            entity: 'opportunity',
            op: 'moved',
            id: a._id.toHexString(),
            data: toOpportunity(a) as unknown as Record<string, unknown>,
            version: a.version,
            fields: Object.keys(a.fieldVersions).filter((f) => a.fieldVersions[f] === a.version && d.fieldVersions[f] !== a.version),
            actor,
          });
          const before = new Map(docs.map((d) => [d._id.toHexString(), d]));
          const writeDeals = async (chunk: OpportunityDoc[]) => {
            if (!chunk.length) return;
            await model.collection.bulkWrite(
              chunk.map((a) => {
                const $set: Record<string, unknown> = { stage: a.stage, probability: a.probability, rank: a.rank, version: a.version, updatedAt: a.updatedAt, changedAt: a.changedAt, fieldVersions: a.fieldVersions };
                if (a.closedAt) $set.closedAt = a.closedAt;
                const $unset: Record<string, ''> = { rotting: '', ...(a.closedAt ? {} : { closedAt: '' }), ...(a.lostReason === undefined ? { lostReason: '' } : {}) };
                return { updateOne: { filter: { _id: a._id }, update: { $set, $unset } } };
              }),
              { ordered: false },
            );
          };
          // One batch: clients get the moves and the pipeline's change grouped, 500 a message.
          await events.batch(async () => {
            for (let i = 0; i < Math.max(afters.length, 1); i += MOVE_CHUNK) {
              const chunk = afters.slice(i, i + MOVE_CHUNK);
              const last = i + MOVE_CHUNK >= afters.length;
              // The pipeline is written with the last deals: if Shoal stops half way, the stage is still there to retry.
              const changes = [...chunk.map((a) => changeOf(a, before.get(a._id.toHexString())!)), ...(last ? [pipeline.change] : [])];
              await outbox.commit(changes, changes.map((c) => `${c.entity}:${c.id}`), async () => {
                await writeDeals(chunk);
                if (last) await pipeline.write();
                return changes;
              });
            }
          });
          if (afters.length) {
            await deps.stageChanges.collection.insertMany(afters.map((a) => ({ opportunityId: a._id.toHexString(), from: before.get(a._id.toHexString())!.stage, to: a.stage, actor, at: now })));
          }
        });
      });
    },
  };
  pipelines.useDeals(mover);

  /** A list or export query as the read model's: a stage names a stage of the pipeline asked for, else of the default one. */
  function queryOf(query: OpportunityExportQuery) {
    if (query.pipelineId) pipelines.require(query.pipelineId);
    const stage = query.stage === undefined ? undefined : pipelines.resolveStage(query.pipelineId ?? DEFAULT_PIPELINE_ID, query.stage).key;
    const pipelineId = query.pipelineId ?? (stage ? DEFAULT_PIPELINE_ID : undefined);
    const eq = { customerId: query.customerId, pipelineId, stage, ownerId: query.ownerId, rotting: query.rotting };
    return { q: query.q, eq, sort: query.sort, custom: query.custom };
  }

  return {
    ...records,
    // A change into another column takes the bottom rank there: it holds that column's lock first, as a move does.
    patch: (async (id, input, precondition, actor, options) => {
      if (!input.stage && !input.pipelineId) return records.patch(id, input, precondition, actor, options);
      const place = await placeOf(id);
      const pipelineId = input.pipelineId ?? place?.pipelineId ?? DEFAULT_PIPELINE_ID;
      const stage = input.stage ?? place?.stage;
      return inColumn(stage ? columnLock(pipelineId, stage) : undefined, () => records.patch(id, input, precondition, actor, options));
    }) as typeof records.patch,
    replace: (async (id, input, precondition, actor) => {
      const pipelineId = input.pipelineId ?? (await placeOf(id))?.pipelineId ?? DEFAULT_PIPELINE_ID;
      return inColumn(columnLock(pipelineId, input.stage), () => records.replace(id, input, precondition, actor));
    }) as typeof records.replace,
    list(query: OpportunityListQuery) {
      return records.list({ ...queryOf(query), limit: query.limit, cursor: query.cursor });
    },
    /** Every deal matching the list's filters, in its order, from the read model (CSV export). */
    stream(query: OpportunityExportQuery) {
      return records.stream(queryOf(query));
    },
    /**
     * Moves a deal to a stage of its pipeline and a place in its column in one change (`op:
     * "moved"`): the card lands right after `afterId` and right before `beforeId`, at the
     * bottom with neither. Moves into one column are serialised, so two cards never get the
     * same rank; a stale If-Match answers 412 when someone else moved the card since.
     */
    async move(id: string, input: MoveInput, precondition: Precondition | undefined, actor: Actor) {
      const pipelineId = (await placeOf(id))?.pipelineId ?? pipelineOf(await records.load(id));
      const stage = pipelines.resolveStage(pipelineId, input.stage).key;
      return locks.run(boardLock(pipelineId, stage), async () => {
        if (input.afterId === id || input.beforeId === id) {
          throw new AppError('VALIDATION', 'A deal cannot land next to itself.', { errors: [{ path: input.afterId === id ? 'afterId' : 'beforeId', message: 'is the deal being moved' }] });
        }
        const [after, before] = await Promise.all([neighbour(input.afterId, pipelineId, stage, 'afterId'), neighbour(input.beforeId, pipelineId, stage, 'beforeId')]);
        const rank = await rankBetween({ pipelineId, stage }, id, after, before);
        return records.patch(id, { stage, ...(input.lostReason ? { lostReason: input.lostReason } : {}) }, precondition, actor, { op: 'moved', stored: { rank } });
      });
    },

    /**
     * Marks a deal rotting or not (Shoal's own change, `fields: ["rotting"]`), if it is still
     * at `version`: a deal someone changed since is left for the next check (a 412, ignored).
     */
    markRotting(id: string, version: number, rotting: boolean) {
      return records.patch(id, {}, { kind: 'version', version }, SHOAL_ACTOR, { stored: { rotting }, strict: true });
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

const clockOf = (deps: { clock: () => Date }) => deps.clock;
