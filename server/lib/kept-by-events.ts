import type { ChangeEventOf, EntityName } from '../../shared/events.js';
import type { EventLog } from '../events/event.service.js';

/** The record a change event of `E` carries. */
type RecordOf<E extends EntityName> = NonNullable<ChangeEventOf<E>['data']> & { id: string; version: number };

/**
 * The records of one kind that live in memory (field definitions, saved views: few, read whole
 * at start), kept current by their change events, another process's too. `keep` takes a
 * record unless a newer version of it is already kept.
 */
export function keptByEvents<E extends EntityName>(events: EventLog, entity: E): { byId: Map<string, RecordOf<E>>; keep(record: RecordOf<E>): void } {
  const byId = new Map<string, RecordOf<E>>();
  const keep = (record: RecordOf<E>) => {
    const known = byId.get(record.id);
    if (!known || known.version <= record.version) byId.set(record.id, record);
  };
  events.subscribe((event) => {
    if (event.entity !== entity) return;
    if (event.op === 'deleted') byId.delete(event.id);
    else if (event.data) keep(event.data as unknown as RecordOf<E>);
  });
  return { byId, keep };
}
