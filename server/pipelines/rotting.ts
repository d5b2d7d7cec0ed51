import { isRotting } from '../../shared/stage.js';
import type { EventLog } from '../events/event.service.js';
import { AppError } from '../http/app-error.js';
import type { ClusterLock } from '../lib/cluster-lock.js';
import type { Logger } from '../logger.js';
import type { ReadModel, ReadState } from '../read-model/read-model.js';
import type { Row } from '../read-model/table.js';
import type { PipelineService } from './pipeline.service.js';

export interface Rotting {
  /** Marks the deals (all, or those of `ids`) whose rotting changed; answers how many it marked. */
  check(ids?: Iterable<string>): Promise<number>;
  close(): void;
}

/**
 * Keeps each deal's `rotting` (SPEC section 12): a deal is rotting when it is open, its stage
 * has `rotDays`, and nothing happened to it for longer than that: no change by a person (its
 * `changedAt`), no interaction with its customer, no task of it created or changed. Time passing
 * is noticed by a check every `everyMs`; an interaction, a task or a pipeline change made here
 * rechecks the deals it touches at once. Each mark is a change of the deal by Shoal
 * (`fields: ["rotting"]`), written only if the deal is still at the version checked, so
 * clients, other processes and the read model learn it as they learn every change.
 */
export function createRotting(deps: {
  reads: ReadModel;
  pipelines: PipelineService;
  deals: { markRotting(id: string, version: number, rotting: boolean): Promise<unknown> };
  events: EventLog;
  locks: ClusterLock;
  clock: () => Date;
  logger: Logger;
  everyMs?: number;
}): Rotting {
  const { reads, pipelines, deals, events, locks, clock, logger } = deps;
  const DAY = 24 * 60 * 60 * 1000;

  /** The newest activity of a deal: its own last change by a person, its customer's newest interaction, its newest task. */
  function lastActivity(state: ReadState, row: Row): number {
    let last = Number(row.keys.changedAt ?? 0);
    const interaction = state.tables.interaction.query({ eq: { customerId: String(row.keys.customerId) }, sort: '-updatedAt', limit: 1 }).rows[0];
    if (interaction) last = Math.max(last, Number(interaction.keys.updatedAt));
    const task = state.tables.task.query({ eq: { opportunityId: row.id }, sort: '-updatedAt', limit: 1 }).rows[0];
    if (task) last = Math.max(last, Number(task.keys.updatedAt));
    return last;
  }

  function shouldRot(state: ReadState, row: Row, now: number): boolean {
    const stage = pipelines.stage(String(row.keys.pipelineId), String(row.keys.stage));
    if (!stage || stage.kind !== 'open' || stage.rotDays === undefined) return false;
    // Changed recently by a person: not rotting, whatever else happened (no lookups).
    if (Number(row.keys.changedAt) >= now - stage.rotDays * DAY) return false;
    return isRotting(stage, lastActivity(state, row), now);
  }

  async function check(ids?: Iterable<string>): Promise<number> {
    return locks.run('rotting', async () => {
      const state = await reads.ready();
      const table = state.tables.opportunity;
      const now = clock().getTime();
      const rows = ids ? [...new Set(ids)].map((id) => table.row(id)).filter((r): r is Row => r !== undefined) : [...table.all()];
      const marks: [string, number, boolean][] = [];
      for (const row of rows) {
        const rotting = shouldRot(state, row, now);
        if (rotting !== (row.keys.rotting === 'true')) marks.push([row.id, row.version, rotting]);
      }
      if (!marks.length) return 0;
      // One batch: clients get the marks grouped.
      await events.batch(async () => {
        for (const [id, version, rotting] of marks) {
          // A deal changed (or deleted) since it was checked is left to the next check.
          await deals.markRotting(id, version, rotting).catch((error: unknown) => {
            if (!(error instanceof AppError)) throw error;
          });
        }
      });
      return marks.length;
    });
  }

  // Changes made here that can end (or, for a pipeline, start) a deal's rotting: rechecked at once.
  let pending = new Set<string>();
  let soon: NodeJS.Timeout | undefined;
  const recheck = (ids: Iterable<string>) => {
    for (const id of ids) pending.add(id);
    if (soon || !pending.size) return;
    soon = setTimeout(() => {
      soon = undefined;
      const batch = pending;
      pending = new Set();
      check(batch).catch((error: unknown) => logger.warn({ err: error }, 'rotting check failed'));
    }, 50);
  };
  const unsubscribe = events.subscribeBroadcast((group) => {
    const state = reads.loaded();
    if (!state) return;
    const table = state.tables.opportunity;
    // An interaction or a task can only end a deal's rotting: with no deal rotting there is nothing to look up.
    const anyRotting = table.mayHave('rotting', 'true');
    // Each customer once (a batch of 1,000 interactions may name one customer a thousand
    // times), its rotting deals read from the columns by slot, not looked up id by id.
    let customers: Set<string> | undefined;
    for (const event of group) {
      const data = (event.data ?? {}) as Record<string, unknown>;
      if (event.entity === 'interaction' && event.op !== 'deleted' && typeof data.customerId === 'string') {
        if (anyRotting) (customers ??= new Set()).add(data.customerId);
      } else if (event.entity === 'task' && event.op !== 'deleted' && typeof data.opportunityId === 'string') {
        if (anyRotting && table.key(data.opportunityId, 'rotting') === 'true') recheck([data.opportunityId]);
      } else if (event.entity === 'pipeline' && event.op === 'updated') recheck(table.idsWhere('pipelineId', event.id));
    }
    if (customers) for (const customerId of customers) recheck(table.idsWhere('customerId', customerId, { rotting: 'true' }));
  });
  const timer = setInterval(() => check().catch((error: unknown) => logger.warn({ err: error }, 'rotting check failed')), deps.everyMs ?? 60_000);
  timer.unref();

  return {
    check,
    close() {
      unsubscribe();
      clearInterval(timer);
      if (soon) clearTimeout(soon);
    },
  };
}
