import type { Interaction, InteractionCreate, InteractionExportQuery, InteractionListQuery } from '../../shared/interaction.js';
import { createRecordService, hasCustomValues, isoOf, type RecordDeps, type RecordKind } from '../records/record.service.js';
import { customerGuard, type ReferenceCheck } from '../records/references.js';
import { AppError } from '../http/app-error.js';
import { mentionsSomeone } from '../../shared/mentions.js';
import { notifyMentions, type Notifier } from '../notifications/notification.service.js';
import type { InteractionDoc, InteractionModel } from './interaction.model.js';

type Fields = InteractionCreate;

export function toInteraction(doc: InteractionDoc): Interaction {
  // Built field by field in the API's order (a batch makes a thousand: no spread objects).
  const out: Record<string, unknown> = { id: doc._id.toHexString(), customerId: doc.customerId };
  if (doc.contactId !== undefined) out.contactId = doc.contactId;
  out.type = doc.type;
  out.date = doc.date.toISOString();
  if (doc.subject !== undefined) out.subject = doc.subject;
  if (doc.notes !== undefined) out.notes = doc.notes;
  if (doc.durationMinutes !== undefined) out.durationMinutes = doc.durationMinutes;
  out.userId = doc.userId;
  if (hasCustomValues(doc.custom)) out.custom = doc.custom;
  out.version = doc.version;
  out.createdAt = isoOf(doc.createdAt);
  out.updatedAt = isoOf(doc.updatedAt);
  return out as unknown as Interaction;
}

/** An instant as `toISOString` writes it (UTC, milliseconds): what `prepare` would make of it anyway. */
const UTC_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

type Checks = {
  checkReferences: ReferenceCheck;
  /** Throws a 422 naming `notes` when the text newly mentions someone who is not a user. */
  checkMentions: (before: string | undefined, after: string | undefined) => Promise<void>;
  notifier: Notifier;
};

function interactionKind(model: InteractionModel, { checkReferences, checkMentions, notifier }: Checks): RecordKind<Fields, Interaction, InteractionDoc> {
  return {
    entity: 'interaction',
    noun: 'interaction',
    model,
    fields: ['customerId', 'contactId', 'type', 'date', 'subject', 'notes', 'durationMinutes', 'custom'],
    // One instant has many spellings (offsets); keep the UTC one so a resend is no change.
    prepare: (next) => (UTC_INSTANT.test(next.date) ? next : { ...next, date: new Date(next.date).toISOString() }),
    guards: (next, before) => [...customerGuard(next), ...customerGuard(before)],
    async check(next, before) {
      await checkReferences(next);
      await checkMentions(before?.notes, next.notes);
    },
    async checkMany(items) {
      const problems = await checkReferences.many(items);
      for (const [i, item] of items.entries()) {
        if (problems[i] || !mentionsSomeone(item.notes)) continue;
        problems[i] = await checkMentions(undefined, item.notes).then(
          () => undefined,
          (error: unknown) => {
            if (error instanceof AppError) return error;
            throw error;
          },
        );
      }
      return problems;
    },
    toStored: (f, before, { actor }) => ({
      customerId: f.customerId,
      contactId: f.contactId,
      type: f.type,
      date: new Date(f.date),
      subject: f.subject,
      notes: f.notes,
      durationMinutes: f.durationMinutes,
      // Who logged it stays who logged it, whoever edits it later.
      userId: before?.userId ?? actor.id,
      search: [f.type, f.subject, f.notes].filter(Boolean).join(' ').toLowerCase(),
    }),
    fromStored: (d) => ({
      customerId: d.customerId,
      contactId: d.contactId,
      type: d.type,
      date: d.date.toISOString(),
      subject: d.subject,
      notes: d.notes,
      durationMinutes: d.durationMinutes,
    }),
    toApi: toInteraction,
    // Whoever the notes newly mention hears of it.
    afterChange: (before, after, { actor }) =>
      mentionsSomeone(after.notes) ? notifyMentions(notifier, { entity: 'interaction', recordId: after._id.toHexString(), before: before?.notes, after: after.notes, actor, what: `a ${after.type}` }) : undefined,
  };
}

/** A list or export query as the read model's. */
const queryOf = (query: InteractionExportQuery) => ({
  q: query.q,
  eq: { customerId: query.customerId, contactId: query.contactId, type: query.type, userId: query.userId },
  range: { date: { gte: query.from ? Date.parse(query.from) : undefined, lt: query.to ? Date.parse(query.to) : undefined } },
  sort: query.sort,
  custom: query.custom,
});

/** Interactions: the timeline of touches with a customer. */
export function createInteractionService(deps: RecordDeps & { model: InteractionModel } & Checks) {
  const records = createRecordService(interactionKind(deps.model, deps), deps);
  return {
    ...records,
    list(query: InteractionListQuery) {
      return records.list({ ...queryOf(query), limit: query.limit, cursor: query.cursor });
    },
    /** Every interaction matching the list's filters, in its order, from the read model (CSV export). */
    stream: (query: InteractionExportQuery) => records.stream(queryOf(query)),
  };
}
export type InteractionService = ReturnType<typeof createInteractionService>;
