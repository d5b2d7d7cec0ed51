import { Types } from 'mongoose';
import type { z } from 'zod';
import type { Actor } from '../../shared/common.js';
import { Contact, ContactListQuery } from '../../shared/contact.js';
import { Customer, CustomerListQuery } from '../../shared/customer.js';
import type { ChangeEvent } from '../../shared/events.js';
import { Interaction, InteractionListQuery } from '../../shared/interaction.js';
import { Opportunity, OpportunityListQuery } from '../../shared/opportunity.js';
import { Task, TaskListQuery } from '../../shared/task.js';
import type { SavedView, ViewCreate, ViewEntity, ViewPatch } from '../../shared/view.js';
import type { ChangeInput, EventLog } from '../events/event.service.js';
import type { Outbox } from '../events/outbox.js';
import type { FieldService } from '../fields/field.service.js';
import { AppError, type FieldError } from '../http/app-error.js';
import type { Precondition } from '../http/conditional.js';
import { fieldErrors } from '../http/validate.js';
import type { ClusterLock } from '../lib/cluster-lock.js';
import { keptByEvents } from '../lib/kept-by-events.js';
import type { ViewDoc, ViewModel } from './view.model.js';

/** Who asks: their id and whether they are an admin (who may change the team's views). */
export interface Viewer {
  actor: Actor;
  admin: boolean;
}

/** Each list a view is saved for: its query parameters and the fields of its records (columns). */
const LISTS: Record<ViewEntity, { query: z.ZodType; record: { shape: Record<string, unknown> } }> = {
  customer: { query: CustomerListQuery, record: Customer },
  contact: { query: ContactListQuery, record: Contact },
  opportunity: { query: OpportunityListQuery, record: Opportunity },
  interaction: { query: InteractionListQuery, record: Interaction },
  task: { query: TaskListQuery, record: Task },
};
/** Parameters of a list that a view does not keep among its filters. */
const NOT_FILTERS: Record<string, string> = {
  limit: 'is paging, not a filter',
  cursor: 'is paging, not a filter',
  sort: "is the view's own sort, not a filter",
};

/**
 * The user a view's change event is for alone: its owner, when the view is personal and stays
 * so (a change of `shared` is the team's to hear of, so their lists drop or add it). Undefined:
 * the whole team. The socket broadcast and `GET /api/events` both follow it.
 */
export function privateTo(event: ChangeEvent): string | undefined {
  if (event.entity !== 'view' || !event.data) return undefined;
  if (event.data.shared !== 'me' || event.fields?.includes('shared')) return undefined;
  return event.data.ownerId;
}

const toApi = (doc: ViewDoc): SavedView => ({
  id: doc._id.toHexString(),
  entity: doc.entity as ViewEntity,
  name: doc.name,
  filters: Object.fromEntries(doc.filters.map((f) => [f.name, f.value])),
  ...(doc.sort !== undefined ? { sort: doc.sort } : {}),
  columns: doc.columns,
  shared: doc.shared,
  ownerId: doc.ownerId,
  version: doc.version,
  createdAt: doc.createdAt.toISOString(),
  updatedAt: doc.updatedAt.toISOString(),
});

const stored = (view: SavedView) => ({
  entity: view.entity,
  name: view.name,
  filters: Object.entries(view.filters).map(([name, value]) => ({ name, value })),
  ...(view.sort !== undefined ? { sort: view.sort } : {}),
  columns: view.columns,
  shared: view.shared,
  ownerId: view.ownerId,
  version: view.version,
  createdAt: new Date(view.createdAt),
  updatedAt: new Date(view.updatedAt),
});

export interface ViewService {
  /** Reads every view into memory; called once at start. */
  load(): Promise<void>;
  /** The views `viewer` sees (the team's and their own), of one list or all, oldest first. */
  list(viewer: Viewer, entity?: ViewEntity): SavedView[];
  /** A view `viewer` sees, or a 404 (another's personal view is not there for them). */
  get(viewer: Viewer, id: string): SavedView;
  create(viewer: Viewer, input: ViewCreate): Promise<SavedView>;
  /** Changes a view: its owner, or an admin for a team view (others: 403); `If-Match` honoured. */
  update(viewer: Viewer, id: string, input: ViewPatch, precondition: Precondition | undefined): Promise<SavedView>;
  remove(viewer: Viewer, id: string, precondition: Precondition | undefined): Promise<void>;
}

/**
 * Saved views of lists (SPEC section 12): few per user, so they live in memory, read whole at
 * start and kept current by their change events (another process's too). Each change is a
 * `view` change event through the outbox; a personal view's reaches its owner's sockets only.
 */
export function createViewService(deps: { model: ViewModel; fields: FieldService; events: EventLog; outbox: Outbox; locks: ClusterLock; clock: () => Date }): ViewService {
  const { model, fields, events, outbox, locks, clock } = deps;
  const { byId, keep } = keptByEvents(events, 'view');
  const lockOf = (id: string) => `view:${id}`;
  const notFound = (id: string) => new AppError('NOT_FOUND', `No view has id ${id}.`);
  const sees = (viewer: Viewer, view: SavedView) => view.shared === 'team' || view.ownerId === viewer.actor.id;
  const visible = (viewer: Viewer, id: string) => {
    const view = byId.get(id);
    if (!view || !sees(viewer, view)) throw notFound(id);
    return view;
  };

  /** Checks a view's filters, sort and columns against its list; a 422 naming `filters.<name>`, `sort` or `columns.<i>`. */
  function check(view: Pick<SavedView, 'entity' | 'filters' | 'sort' | 'columns'>): void {
    const errors: FieldError[] = [];
    const asFilter = (path: string) => (path === 'sort' || path.startsWith('sort.') ? path : `filters.${path}`);
    const own = Object.entries(view.filters).filter(([name]) => {
      if (!(name in NOT_FILTERS)) return true;
      errors.push({ path: `filters.${name}`, message: NOT_FILTERS[name]! });
      return false;
    });
    const parsed = LISTS[view.entity].query.safeParse({ ...Object.fromEntries(own), ...(view.sort !== undefined ? { sort: view.sort } : {}) });
    if (!parsed.success) errors.push(...fieldErrors(parsed.error).map((e) => ({ ...e, path: asFilter(e.path) })));
    else {
      const query = parsed.data as { custom?: Parameters<FieldService['listFilter']>[1]; sort: string };
      try {
        fields.listFilter(view.entity, query.custom, query.sort);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        errors.push(...(error.options.errors ?? []).map((e) => ({ ...e, path: asFilter(e.path) })));
      }
    }
    const known = LISTS[view.entity].record.shape;
    view.columns.forEach((column, i) => {
      const custom = /^custom\.(.+)$/.exec(column)?.[1];
      if (custom !== undefined ? !fields.definition(view.entity, custom) : !(column in known) || column === 'custom') {
        errors.push({ path: `columns.${i}`, message: `${column} is not a field of a ${view.entity}` });
      }
    });
    if (errors.length) throw new AppError('VALIDATION', 'Some fields are invalid.', { errors });
  }

  /** Writes a view's new state and its event as one change. */
  async function commit(change: ChangeInput, write: () => Promise<unknown>): Promise<void> {
    await outbox.commit([change], [lockOf(change.id)], async () => {
      await write();
      return [change];
    });
  }

  /** A view `viewer` may change, at the version they read: 404 if they do not see it, 403 if it is not theirs to change, 412 if stale. */
  function changeable(viewer: Viewer, id: string, precondition: Precondition | undefined): SavedView {
    const view = visible(viewer, id);
    if (view.ownerId !== viewer.actor.id && !viewer.admin) throw new AppError('FORBIDDEN', 'Only the one who saved this view, or an admin, can change it.');
    if (precondition?.kind === 'version' && precondition.version !== view.version) {
      throw new AppError('STALE_VERSION', `This view is at version ${view.version}, not ${precondition.version}. Reload it and try again.`, { extra: { current: view } });
    }
    return view;
  }

  return {
    async load() {
      for (const doc of await model.find().lean<ViewDoc[]>()) keep(toApi(doc));
    },

    list: (viewer, entity) =>
      [...byId.values()].filter((v) => sees(viewer, v) && (!entity || v.entity === entity)).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)),

    get: visible,

    async create(viewer, input) {
      check(input);
      const now = clock().toISOString();
      const view: SavedView = { id: new Types.ObjectId().toHexString(), ...input, ownerId: viewer.actor.id, version: 1, createdAt: now, updatedAt: now };
      await commit({ entity: 'view', op: 'created', id: view.id, data: view, version: 1, actor: viewer.actor }, () => model.collection.insertOne({ _id: new Types.ObjectId(view.id), ...stored(view) } as never));
      keep(view);
      return view;
    },

    update: (viewer, id, input, precondition) =>
      locks.run(lockOf(id), async () => {
        const before = changeable(viewer, id, precondition);
        const { sort, ...rest } = input;
        const next: SavedView = { ...before, ...rest };
        if (sort === null) delete next.sort;
        else if (sort !== undefined) next.sort = sort;
        const changed = (['name', 'filters', 'sort', 'columns', 'shared'] as const).filter((f) => JSON.stringify(before[f]) !== JSON.stringify(next[f]));
        if (!changed.length) return before;
        check(next);
        const version = before.version + 1;
        const view: SavedView = { ...next, version, updatedAt: clock().toISOString() };
        await commit({ entity: 'view', op: 'updated', id, data: view, version, fields: changed, actor: viewer.actor }, () =>
          model.updateOne({ _id: id }, { $set: stored(view), ...(view.sort === undefined ? { $unset: { sort: '' } } : {}) }),
        );
        keep(view);
        return view;
      }),

    remove: (viewer, id, precondition) =>
      locks.run(lockOf(id), async () => {
        const before = changeable(viewer, id, precondition);
        await commit({ entity: 'view', op: 'deleted', id, data: before, version: before.version + 1, actor: viewer.actor }, () => model.deleteOne({ _id: id }));
        byId.delete(id);
      }),
  };
}
