import type { Contact } from '../../shared/contact.js';
import type { Customer } from '../../shared/customer.js';
import type { Interaction } from '../../shared/interaction.js';
import type { Opportunity } from '../../shared/opportunity.js';
import { DEFAULT_PIPELINE_ID } from '../../shared/stage.js';
import { dueInstant, type Task } from '../../shared/task.js';
import { customKeys } from '../fields/field.service.js';
import type { KeyValue, TableSpec } from './table.js';

/** Sorts on custom fields: `custom.<key>` orders by the key of that name (`customKeys`). */
const sortOn = (name: string) => (/^custom\.[A-Za-z][A-Za-z0-9_]*$/.test(name) ? name : undefined);
/** Custom fields' keys have posting lists per value, so `custom.<key>=<value>` reads one list. */
const exactOn = (key: string) => key.startsWith('custom.');

/**
 * An instant's ms. A batch's records share their createdAt and updatedAt (one `now` for all):
 * the last one read is kept, so a thousand records parse it once, not two thousand times.
 */
let lastIso = '';
let lastMs = NaN;
const time = (iso: string) => (iso === lastIso ? lastMs : ((lastMs = Date.parse(iso)), (lastIso = iso), lastMs));
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Stretches of a time key a range is counted by: about a month, a day, an hour (`TableSpec.spans`). */
const TIME_SPANS = [32 * DAY, DAY, HOUR] as const;
/** Sets a record's createdAt and updatedAt keys on `keys` (one object a record: no spread copies). */
const withTimes = (keys: Record<string, KeyValue>, r: { createdAt: string; updatedAt: string }) => {
  keys.createdAt = time(r.createdAt);
  keys.updatedAt = time(r.updatedAt);
  return keys;
};
const join = (...parts: (string | undefined)[]) => parts.filter(Boolean).join(' ');

/**
 * How each record kind is indexed in the read model: the keys its list filters and sorts read
 * (the API's sort names map to them), and the text its `q` searches. One table per kind.
 */
export const customerTable: TableSpec<Customer> = {
  keysOf: (c) => {
    const keys = customKeys(c.custom);
    keys.name = c.name.toLowerCase();
    keys.email = c.email.toLowerCase();
    keys.ownerId = c.ownerId;
    keys.tags = c.tags;
    return withTimes(keys, c);
  },
  exact: ['ownerId', 'tags', 'email'],
  sorts: { name: 'name', email: 'email', createdAt: 'createdAt', updatedAt: 'updatedAt' },
  sortOn,
  exactOn,
  // The list's default sort.
  warmSorts: ['name'],
  textOf: (c) => join(c.name, c.email, c.phone, c.website, c.industry, c.address, ...c.tags),
};

export const contactTable: TableSpec<Contact> = {
  keysOf: (c) => {
    const keys = customKeys(c.custom);
    keys.customerId = c.customerId;
    keys.name = c.name.toLowerCase();
    keys.email = c.email.toLowerCase();
    return withTimes(keys, c);
  },
  exact: ['customerId', 'email'],
  sorts: { name: 'name', email: 'email', createdAt: 'createdAt', updatedAt: 'updatedAt' },
  sortOn,
  exactOn,
  // The list's default sort (the global search's contacts too).
  warmSorts: ['name'],
  textOf: (c) => join(c.name, c.email, c.phone, c.position),
};

export const opportunityTable: TableSpec<Opportunity> = {
  keysOf: (o) => {
    const keys = customKeys(o.custom);
    keys.customerId = o.customerId;
    keys.contactId = o.contactId;
    // Changes logged before pipelines (replayed after an old checkpoint) are of the default one.
    keys.pipelineId = o.pipelineId ?? DEFAULT_PIPELINE_ID;
    keys.stage = o.stage;
    keys.rotting = String(o.rotting === true);
    // A person's last change of it (server/pipelines/rotting.ts reads it).
    keys.changedAt = time(o.changedAt ?? o.updatedAt);
    keys.ownerId = o.ownerId;
    keys.name = o.name.toLowerCase();
    keys.amount = Math.round(o.amount * 100);
    keys.rank = o.rank;
    return withTimes(keys, o);
  },
  exact: ['customerId', 'contactId', 'pipelineId', 'stage', 'ownerId', 'rotting'],
  sorts: { name: 'name', amount: 'amount', rank: 'rank', createdAt: 'createdAt', updatedAt: 'updatedAt' },
  sortOn,
  exactOn,
  // The list's default sort, the board's columns, the deals of a stage by amount.
  warmSorts: ['createdAt', 'rank', 'amount'],
  // A board column's count and total, everyone's or one owner's.
  tallies: { by: [['pipelineId', 'stage'], ['pipelineId', 'stage', 'ownerId']], sum: 'amount' },
  textOf: (o) => join(o.name, o.lostReason),
};

export const interactionTable: TableSpec<Interaction> = {
  keysOf: (i) => {
    const keys = customKeys(i.custom);
    keys.customerId = i.customerId;
    keys.contactId = i.contactId;
    keys.type = i.type;
    keys.userId = i.userId;
    keys.date = time(i.date);
    return withTimes(keys, i);
  },
  exact: ['customerId', 'contactId', 'type', 'userId'],
  sorts: { date: 'date', createdAt: 'createdAt', updatedAt: 'updatedAt' },
  sortOn,
  exactOn,
  // The list's default sort (newest first): timelines, searches, calls of the last 30 days.
  warmSorts: ['date'],
  // "Calls of the last 30 days": a date range counted by the day and the hour, of a type or of all.
  spans: { key: 'date', by: [['type'], []], widths: TIME_SPANS },
  textOf: (i) => join(i.type, i.subject, i.notes),
};

export const taskTable: TableSpec<Task> = {
  keysOf: (t) => {
    const keys = customKeys(t.custom);
    keys.assigneeId = t.assigneeId;
    keys.customerId = t.customerId;
    keys.contactId = t.contactId;
    keys.opportunityId = t.opportunityId;
    keys.done = String(t.done);
    // A whole day is due at its end (shared/task.ts).
    keys.due = dueInstant(t.dueAt).getTime();
    keys.title = t.title.toLowerCase();
    return withTimes(keys, t);
  },
  exact: ['assigneeId', 'customerId', 'contactId', 'opportunityId', 'done'],
  sorts: { dueAt: 'due', title: 'title', createdAt: 'createdAt', updatedAt: 'updatedAt' },
  sortOn,
  exactOn,
  // The list's default sort ("My work", overdue tasks).
  warmSorts: ['due'],
  // "My work": a rep's open (or done) tasks.
  tallies: { by: [['assigneeId', 'done']] },
  // A deal's next step: its open task due first.
  firsts: { by: 'opportunityId', eq: { done: 'false' }, sort: 'due' },
  // Overdue tasks (open, due before now), everyone's or a rep's.
  spans: { key: 'due', by: [['done'], ['assigneeId', 'done']], widths: TIME_SPANS },
  textOf: (t) => join(t.title, t.type, t.notes),
};
