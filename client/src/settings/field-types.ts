import type { FieldDefinition, FieldType } from '../../../shared/field.js';

/** What each custom field type is called in the settings, and what it holds. */
export const FIELD_TYPES: ReadonlyArray<{ type: FieldType; label: string }> = [
  { type: 'text', label: 'Text' },
  { type: 'longtext', label: 'Long text' },
  { type: 'number', label: 'Number' },
  { type: 'money', label: 'Money' },
  { type: 'date', label: 'Date' },
  { type: 'select', label: 'Choice (one option)' },
  { type: 'multiselect', label: 'Choices (several options)' },
  { type: 'checkbox', label: 'Checkbox (yes or no)' },
  { type: 'url', label: 'Web address' },
  { type: 'email', label: 'Email' },
  { type: 'phone', label: 'Phone' },
  { type: 'user', label: 'Team member' },
];

/** The name of a type, as the settings show it. */
export const typeLabel = (type: FieldType): string => FIELD_TYPES.find((t) => t.type === type)?.label ?? type;

/** Colours offered in turn to new options (an admin picks any other). */
export const OPTION_COLORS = ['#2563eb', '#16a34a', '#d97706', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#64748b'];

/** What a deleted field's values become, in words, for the confirmation. */
export function deleteConsequence(def: Pick<FieldDefinition, 'label' | 'key'>, records: string): string {
  return `Every ${records} loses the field "${def.label}": its values no longer show in forms, lists, record pages or CSV exports, and lists can no longer filter or sort by it. The values stay stored under the key ${def.key}, so a field added again with that key and type shows them again.`;
}
