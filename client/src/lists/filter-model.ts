import type { FieldDefinition } from '../../../shared/field.js';
import type { Stage } from '../../../shared/stage.js';
import type { User } from '../../../shared/user.js';
import { customText } from './custom-values.js';
import { ME } from './list-state.js';

/** The lists the kit serves, by entity. */
export type ListEntity = 'customer' | 'contact' | 'opportunity';

/**
 * How a field is filtered: one of a set (`choice`, `user`), a text that must match (`text`), a
 * range (`number`, `date`: `.gte` / `.lte`), yes or no (`checkbox`).
 */
export type FilterKind = 'choice' | 'user' | 'text' | 'number' | 'date' | 'checkbox';

/** One field a list can be filtered by. */
export interface FilterField {
  /** The REST parameter (ranges add `.gte` / `.lte`). */
  param: string;
  label: string;
  kind: FilterKind;
  /** The values of a `choice` field. */
  options?: { value: string; label: string }[];
  /** A custom field's definition. */
  custom?: FieldDefinition;
}

/** What the filter builder knows of the team and the pipeline. */
export interface FilterContext {
  users: readonly User[];
  stages: readonly Stage[];
  /** The signed-in user (the "mine" filter). */
  me?: User | undefined;
}

const kindOf: Record<FieldDefinition['type'], FilterKind> = {
  text: 'text',
  longtext: 'text',
  url: 'text',
  email: 'text',
  phone: 'text',
  number: 'number',
  money: 'number',
  date: 'date',
  select: 'choice',
  multiselect: 'choice',
  checkbox: 'checkbox',
  user: 'user',
};

/** Every field the list of `entity` can be filtered by: its own (owner, tags, stage, rotting) and its custom fields. */
export function filterFields(entity: ListEntity, defs: readonly FieldDefinition[], ctx: FilterContext): FilterField[] {
  const own: FilterField[] = [];
  if (entity === 'customer' || entity === 'opportunity') own.push({ param: 'ownerId', label: 'Owner', kind: 'user' });
  if (entity === 'customer') own.push({ param: 'tag', label: 'Tag', kind: 'text' });
  if (entity === 'opportunity') {
    own.push({ param: 'stage', label: 'Stage', kind: 'choice', options: ctx.stages.map((s) => ({ value: s.key, label: s.name })) });
    // The server's mark (deals/rotting.ts): `rotting=true` or `false`.
    own.push({ param: 'rotting', label: 'Rotting', kind: 'checkbox' });
  }
  const custom = defs
    .filter((d) => d.entity === entity)
    .map((d): FilterField => ({
      param: `custom.${d.key}`,
      label: d.label,
      kind: kindOf[d.type],
      custom: d,
      ...(d.options ? { options: d.options.map((o) => ({ value: o.key, label: o.label })) } : {}),
    }));
  return [...own, ...custom];
}

/** Whether the list of `entity` has the "mine" filter (its records have an owner). */
export const hasMine = (entity: ListEntity) => entity !== 'contact';

/** The REST parameters a field's filter sets (a range two, others one). */
export function paramsOf(field: FilterField): string[] {
  return field.kind === 'number' || field.kind === 'date' ? [`${field.param}.gte`, `${field.param}.lte`] : [field.param];
}

/** One active filter as a chip says it ("Owner: Dana Park", "Size ≥ 10"), with the parameters removing it clears. */
export interface FilterChip {
  label: string;
  params: string[];
}

const userName = (ctx: FilterContext, id: string) => (id === ME ? 'me' : (ctx.users.find((u) => u.id === id)?.name ?? 'a former colleague'));

/** The active filters, in the fields' order, as chips; parameters no field knows are shown as they are. */
export function describeFilters(fields: readonly FilterField[], filters: Readonly<Record<string, string>>, ctx: FilterContext): FilterChip[] {
  const chips: FilterChip[] = [];
  const seen = new Set<string>();
  for (const field of fields) {
    const params = paramsOf(field);
    const values = params.map((p) => filters[p]);
    if (values.every((v) => !v)) continue;
    params.forEach((p) => seen.add(p));
    chips.push({ label: `${field.label}: ${valueText(field, values, ctx)}`, params: params.filter((p) => filters[p]) });
  }
  for (const [param, value] of Object.entries(filters)) {
    if (!value || seen.has(param)) continue;
    chips.push({ label: `${param}: ${value}`, params: [param] });
  }
  return chips;
}

function valueText(field: FilterField, [first, second]: (string | undefined)[], ctx: FilterContext): string {
  switch (field.kind) {
    case 'user':
      return userName(ctx, first!);
    case 'choice':
      return field.options?.find((o) => o.value === first)?.label ?? first!;
    case 'checkbox':
      return first === 'true' ? 'yes' : 'no';
    case 'number':
    case 'date': {
      const show = (v: string) => (field.custom ? customText(field.custom, field.kind === 'number' ? Number(v) : v, ctx.users) : v);
      if (first && second) return `${show(first)} – ${show(second)}`;
      return first ? `≥ ${show(first)}` : `≤ ${show(second!)}`;
    }
    case 'text':
      return `“${first}”`;
  }
}

/** The filters with one field's filter set to `values` (by parameter; empty ones removed). */
export function withFilter(filters: Readonly<Record<string, string>>, values: Readonly<Record<string, string>>): Record<string, string> {
  const next: Record<string, string> = { ...filters };
  for (const [param, value] of Object.entries(values)) {
    if (value.trim()) next[param] = value.trim();
    else delete next[param];
  }
  return next;
}

/** The filters without these parameters. */
export function withoutParams(filters: Readonly<Record<string, string>>, params: readonly string[]): Record<string, string> {
  const next: Record<string, string> = { ...filters };
  for (const p of params) delete next[p];
  return next;
}

/**
 * What a value typed into a filter must look like, or undefined when it is fine: a range's ends
 * are numbers or dates, the lower not above the upper.
 */
export function filterError(field: FilterField, values: Readonly<Record<string, string>>): string | undefined {
  if (field.kind !== 'number' && field.kind !== 'date') return values[field.param]?.trim() ? undefined : `Choose a value for ${field.label}`;
  const [low, high] = paramsOf(field).map((p) => values[p]?.trim() ?? '');
  if (!low && !high) return `Enter a lower or an upper limit for ${field.label}`;
  const ok = (v: string) => !v || (field.kind === 'number' ? Number.isFinite(Number(v)) : /^\d{4}-\d{2}-\d{2}$/.test(v));
  if (!ok(low!) || !ok(high!)) return field.kind === 'number' ? `${field.label} limits must be numbers` : `${field.label} limits must be dates`;
  if (low && high && (field.kind === 'number' ? Number(low) > Number(high) : low > high)) return `The lower limit of ${field.label} is above the upper one`;
  return undefined;
}
