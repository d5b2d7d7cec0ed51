import { Types, type Connection } from 'mongoose';
import type { Actor } from '../../shared/common.js';
import type { ChangeEventOf } from '../../shared/events.js';
import type { PipelineDefinition, PipelineCreate, PipelinePatch, StageDefinition } from '../../shared/pipeline.js';
import { DEFAULT_PIPELINE_ID, DEFAULT_STAGES, findStage, stageProblem, type Stage } from '../../shared/stage.js';
import type { ChangeInput, EventLog } from '../events/event.service.js';
import type { Outbox } from '../events/outbox.js';
import { AppError, type FieldError } from '../http/app-error.js';
import { checkFieldVersions, type Precondition } from '../http/conditional.js';
import type { ClusterLock } from '../lib/cluster-lock.js';
import type { Logger } from '../logger.js';
import type { OpportunityDoc, OpportunityModel } from '../opportunities/opportunity.model.js';
import type { ReadModel } from '../read-model/read-model.js';
import type { PipelineDoc, PipelineModel } from './pipeline.model.js';

/** Who Shoal's own changes are by (the start's migration, rotting marks). */
export const SHOAL_ACTOR: Actor = { id: 'shoal', name: 'Shoal' };

/** The name the default pipeline gets when the start's migration makes it. */
const DEFAULT_NAME = 'Sales';
/** The `shoal_meta` entry saying the deals were given the default pipeline (once per database). */
const MIGRATED = 'migration:deal-pipelines';
/** Deals migrated per intent and event group. */
const CHUNK = 500;

/** Moves the deals of removed stages as part of a pipeline change (the opportunity service). */
export interface DealMover {
  /**
   * Holding the columns of `removed` and of their targets, moves every deal of each removed
   * stage of `pipelineId` to `moveDeals[key]` (the bottom of that column, in their order), and
   * writes `pipeline` with them: one change. A removed stage holding deals with no target is
   * a 422 naming `moveDeals`.
   */
  relocate(pipelineId: string, removed: string[], moveDeals: Record<string, string>, stages: readonly Stage[], actor: Actor, pipeline: { change: ChangeInput; write(): Promise<void> }): Promise<void>;
}

export interface PipelineService {
  /** Reads every pipeline and migrates a database from before pipelines, once; called at start before serving. */
  start(): Promise<void>;
  list(): PipelineDefinition[];
  /** The pipeline, or a 404. */
  get(id: string): PipelineDefinition;
  find(id: string): PipelineDefinition | undefined;
  /** The stage of a pipeline with exactly this key. */
  stage(pipelineId: string, key: string): Stage | undefined;
  /**
   * The stage `input` names in `pipelineId` (a key or a name, any case): an unknown pipeline
   * is a 422 naming `pipelineId`, a stage not in it one naming `stage` (the field's path).
   */
  resolveStage(pipelineId: string, input: string, path?: string): Stage;
  /** Throws a 422 naming `path` unless `id` is a pipeline. */
  require(id: string, path?: string): PipelineDefinition;
  create(input: PipelineCreate, actor: Actor): Promise<PipelineDefinition>;
  /**
   * Changes a pipeline. With an `If-Match` version (`precondition`) older than the pipeline's,
   * it is a 412 with the current pipeline when a field it writes (`name`, `stages`) changed since
   * (SPEC section 4's stale-version rule; the version that last wrote each field is stored with
   * the pipeline, so the rule holds across restarts).
   */
  update(id: string, input: PipelinePatch, actor: Actor, precondition?: Precondition): Promise<PipelineDefinition>;
  /** Set once the deals' service exists: it moves the deals of removed stages. */
  useDeals(mover: DealMover): void;
}

const stageOut = (s: StageDefinition | PipelineDoc['stages'][number]): Stage => ({
  key: s.key,
  name: s.name,
  probability: s.probability,
  kind: s.kind,
  ...(s.rotDays !== undefined && s.rotDays !== null ? { rotDays: s.rotDays } : {}),
});

const toApi = (doc: PipelineDoc): PipelineDefinition => ({
  id: doc._id.toHexString(),
  name: doc.name,
  stages: doc.stages.map(stageOut),
  default: doc._id.toHexString() === DEFAULT_PIPELINE_ID,
  version: doc.version,
  createdAt: doc.createdAt.toISOString(),
  updatedAt: doc.updatedAt.toISOString(),
});

const invalid = (errors: FieldError[]) => new AppError('VALIDATION', 'Some fields are invalid.', { errors });
const isRecordId = (id: string) => /^[0-9a-f]{24}$/.test(id);

export interface PipelineDeps {
  model: PipelineModel;
  deals: OpportunityModel;
  connection: Connection;
  reads: ReadModel;
  events: EventLog;
  outbox: Outbox;
  locks: ClusterLock;
  clock: () => Date;
  logger: Logger;
  /** The deal's API form (the opportunity service's `toOpportunity`), for the migration's events. */
  dealToApi: (doc: OpportunityDoc) => Record<string, unknown>;
}

/**
 * Pipelines (SPEC section 12). They are few, so they live in memory, read whole at start and
 * kept current by their change events (another process's too); every change goes through the
 * outbox as its `pipeline` change event, so open clients get it live.
 */
export function createPipelineService(deps: PipelineDeps): PipelineService {
  const { model, events, outbox, locks, clock, logger } = deps;
  const byId = new Map<string, PipelineDefinition>();
  /**
   * The version that last wrote each field, by pipeline: as stored with it when read, then from
   * the changes seen (another process's too); the pipeline's version for one stored without them.
   */
  const fieldVersions = new Map<string, Record<string, number>>();
  let mover: DealMover | undefined;
  const keep = (p: PipelineDefinition, fields?: readonly string[], stored?: Record<string, number>) => {
    const known = byId.get(p.id);
    if (known && known.version > p.version) return;
    byId.set(p.id, p);
    const versions = fieldVersions.get(p.id);
    if (!versions) fieldVersions.set(p.id, stored ? { ...stored } : { name: p.version, stages: p.version });
    else for (const f of fields ?? ['name', 'stages']) versions[f] = Math.max(versions[f] ?? 0, p.version);
  };
  /** The field versions a change of `fields` at `version` leaves (what it stores with the pipeline). */
  const versionsAfter = (id: string, fields: readonly string[], version: number) => ({ ...fieldVersions.get(id), ...Object.fromEntries(fields.map((f) => [f, version])) });
  events.subscribe((event) => {
    if (event.entity !== 'pipeline') return;
    const change = event as ChangeEventOf<'pipeline'>;
    if (change.data) keep(change.data, change.fields);
  });
  const lockOf = (id: string) => `pipeline:${id}`;
  const notFound = (id: string) => new AppError('NOT_FOUND', `No pipeline has id ${id}.`);
  const nameTaken = (name: string, except?: string) => [...byId.values()].some((p) => p.id !== except && p.name.toLowerCase() === name.toLowerCase());
  const taken = () => new AppError('CONFLICT', 'Another pipeline has that name.', { errors: [{ path: 'name', message: 'is already the name of another pipeline' }] });

  async function loadAll(): Promise<void> {
    for (const doc of await model.find().lean<PipelineDoc[]>()) keep(toApi(doc), undefined, doc.fieldVersions);
  }

  /** Writes a new pipeline and its `created` event as one change. */
  async function insert(doc: PipelineDoc, actor: Actor): Promise<PipelineDefinition> {
    const api = toApi(doc);
    const change: ChangeInput = { entity: 'pipeline', op: 'created', id: api.id, data: api, version: 1, actor };
    await outbox.commit([change], [lockOf(api.id)], async () => {
      await model.collection.insertOne(doc as never);
      return [change];
    });
    keep(api);
    return api;
  }

  /** Gives every deal without a pipeline the default one: a version and an event each, in groups. */
  async function migrateDeals(): Promise<number> {
    const ids: string[] = [];
    for await (const doc of deps.deals.find({}, { pipelineId: 1 }).lean<{ _id: Types.ObjectId; pipelineId?: string }>().cursor({ batchSize: 1000 })) {
      if (!doc.pipelineId) ids.push(doc._id.toHexString());
    }
    let migrated = 0;
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      migrated += await holding(
        chunk.map((id) => `opportunity:${id}`),
        async () => {
          for (const id of chunk) await outbox.settle(`opportunity:${id}`);
          const docs = (await Promise.all(chunk.map((id) => deps.deals.findById(id).lean<OpportunityDoc & { pipelineId?: string; changedAt?: Date }>()))).filter((d) => d && !d.pipelineId) as (OpportunityDoc & { changedAt?: Date })[];
          if (!docs.length) return 0;
          const afters = docs.map((d) => ({ ...d, pipelineId: DEFAULT_PIPELINE_ID, changedAt: d.changedAt ?? d.updatedAt, version: d.version + 1, fieldVersions: { ...d.fieldVersions, pipelineId: d.version + 1 } }));
          const changes: ChangeInput[] = afters.map((a) => ({ entity: 'opportunity', op: 'updated', id: a._id.toHexString(), data: deps.dealToApi(a), version: a.version, fields: ['pipelineId'], actor: SHOAL_ACTOR }));
          await outbox.commit(changes, changes.map((c) => `opportunity:${c.id}`), async () => {
            await deps.deals.collection.bulkWrite(
              afters.map((a) => ({ updateOne: { filter: { _id: a._id }, update: { $set: { pipelineId: a.pipelineId, changedAt: a.changedAt, version: a.version, fieldVersions: a.fieldVersions } } } })),
              { ordered: false },
            );
            return changes;
          });
          return docs.length;
        },
      );
    }
    return migrated;
  }

  /** Runs `work` holding every lock in `keys`, taken in sorted order. */
  function holding<T>(keys: string[], work: () => Promise<T>): Promise<T> {
    return [...new Set(keys)].sort().reduceRight<() => Promise<T>>((inner, key) => () => locks.run(key, inner), work)();
  }

  const service: PipelineService = {
    async start() {
      // One process at a time (the cluster lock with Redis); the marker makes it once per database.
      await locks.run('pipelines:migration', async () => {
        await loadAll();
        if (!byId.has(DEFAULT_PIPELINE_ID)) {
          const now = clock();
          const doc: PipelineDoc = { _id: new Types.ObjectId(DEFAULT_PIPELINE_ID), name: DEFAULT_NAME, stages: DEFAULT_STAGES.map(stageOut), version: 1, fieldVersions: { name: 1, stages: 1 }, createdAt: now, updatedAt: now };
          try {
            await insert(doc, SHOAL_ACTOR);
          } catch (error) {
            // Another process made it first (without Redis there is no cluster lock).
            await loadAll();
            if (!byId.has(DEFAULT_PIPELINE_ID)) throw error;
          }
        }
        const meta = deps.connection.db!.collection<{ _id: string; value: string }>('shoal_meta');
        if (await meta.findOne({ _id: MIGRATED })) return;
        const migrated = await events.batch(migrateDeals);
        await meta.insertOne({ _id: MIGRATED, value: clock().toISOString() }).catch(() => undefined);
        if (migrated) logger.info({ deals: migrated }, 'gave every deal the default pipeline');
      });
    },

    list: () => [...byId.values()].sort((a, b) => Number(b.default) - Number(a.default) || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)),

    get(id) {
      const found = byId.get(id);
      if (!found) throw notFound(id);
      return found;
    },

    find: (id) => byId.get(id),

    stage: (pipelineId, key) => byId.get(pipelineId)?.stages.find((s) => s.key === key),

    require(id, path = 'pipelineId') {
      const found = byId.get(id);
      if (!found) throw invalid([{ path, message: 'is not a pipeline' }]);
      return found;
    },

    resolveStage(pipelineId, input, path = 'stage') {
      const pipeline = service.require(pipelineId);
      const stage = findStage(input, pipeline.stages);
      if (stage) return stage;
      // A key of another pipeline's stage says so.
      const elsewhere = [...byId.values()].find((p) => p.id !== pipelineId && findStage(input, p.stages));
      const message = elsewhere ? `is a stage of the pipeline "${elsewhere.name}", not of "${pipeline.name}"` : stageProblem(input, pipeline.stages);
      throw invalid([{ path, message }]);
    },

    create: (input, actor) =>
      locks.run('pipelines', async () => {
        if (nameTaken(input.name)) throw taken();
        const now = clock();
        return insert({ _id: new Types.ObjectId(), name: input.name, stages: input.stages.map(stageOut), version: 1, fieldVersions: { name: 1, stages: 1 }, createdAt: now, updatedAt: now }, actor);
      }),

    update: (id, input, actor, precondition) =>
      locks.run('pipelines', () =>
        locks.run(lockOf(id), async () => {
          if (!isRecordId(id)) throw notFound(id);
          await outbox.settle(lockOf(id));
          const before = service.get(id);
          const written = [...(input.name !== undefined ? ['name'] : []), ...(input.stages !== undefined ? ['stages'] : [])];
          checkFieldVersions({ version: before.version, fieldVersions: fieldVersions.get(id) }, precondition, written, () => before);
          if (input.name !== undefined && nameTaken(input.name, id)) throw taken();
          const errors: FieldError[] = [];
          const stages = input.stages ? input.stages.map(stageOut) : before.stages;
          const kept = new Set(stages.map((s) => s.key));
          const removed = before.stages.filter((s) => !kept.has(s.key)).map((s) => s.key);
          const moveDeals = input.moveDeals ?? {};
          if (input.moveDeals && !input.stages) errors.push({ path: 'moveDeals', message: 'only applies with stages' });
          for (const [from, to] of Object.entries(moveDeals)) {
            if (!removed.includes(from)) errors.push({ path: `moveDeals.${from}`, message: 'is not a stage this change removes' });
            else if (!kept.has(to)) errors.push({ path: `moveDeals.${from}`, message: 'must be the key of a stage the pipeline keeps' });
          }
          // A stage's kind says whether its deals are closed: it stays while the stage holds deals.
          const state = await deps.reads.ready();
          stages.forEach((s, i) => {
            const old = before.stages.find((b) => b.key === s.key);
            if (!old || old.kind === s.kind) return;
            const held = state.tables.opportunity.aggregate({ pipelineId: id, stage: s.key }, 'amount').count;
            if (held) errors.push({ path: `stages.${i}.kind`, message: `cannot change while the stage holds deals (${held})` });
          });
          if (errors.length) throw invalid(errors);
          const name = input.name ?? before.name;
          const fields = [...(name !== before.name ? ['name'] : []), ...(JSON.stringify(stages) !== JSON.stringify(before.stages) ? ['stages'] : [])];
          if (!fields.length) return before;
          const now = clock();
          const version = before.version + 1;
          const after: PipelineDefinition = { ...before, name, stages, version, updatedAt: now.toISOString() };
          const change: ChangeInput = { entity: 'pipeline', op: 'updated', id, data: after, version, fields, actor };
          const versions = versionsAfter(id, fields, version);
          const write = async () => {
            await model.updateOne({ _id: id }, { $set: { name, stages, version, fieldVersions: versions, updatedAt: now } });
          };
          if (removed.length) {
            if (!mover) throw new Error('the pipeline service has no deal mover');
            await mover.relocate(id, removed, moveDeals, stages, actor, { change, write });
          } else {
            await outbox.commit([change], [lockOf(id)], async () => {
              await write();
              return [change];
            });
          }
          keep(after, fields);
          return after;
        }),
      ),

    // The first wins: the demo loader builds a second set of services with its own clock.
    useDeals(m) {
      mover ??= m;
    },
  };
  return service;
}

