import type { Customer } from '../../../shared/customer.js';
import type { User } from '../../../shared/user.js';
import { member } from '../customer-parts.js';
import type { FieldSpec } from './field-editor.js';

/** The customer fields its page edits (`name` in the head, the others in About). */
export type CustomerField = 'name' | 'email' | 'phone' | 'website' | 'industry' | 'ownerId' | 'tags' | 'address';

/** The fields of the About section, in the order it shows them; the owner is a list of the team. */
export function customerDetailFields(team: () => readonly User[], draftOwner: () => string | undefined): FieldSpec<CustomerField>[] {
  return [
    { name: 'email', label: 'Email', type: 'email', autocomplete: 'email' },
    { name: 'phone', label: 'Phone', type: 'tel', autocomplete: 'tel' },
    { name: 'website', label: 'Website', autocomplete: 'url', hint: 'e.g. acme.com' },
    { name: 'industry', label: 'Industry' },
    {
      name: 'ownerId',
      label: 'Owner',
      options: () => [{ value: '', label: 'No owner' }, ...team().filter((u) => u.active || u.id === draftOwner()).map((u) => ({ value: u.id, label: u.name }))],
    },
    { name: 'tags', label: 'Tags', hint: 'Separate tags with commas' },
    { name: 'address', label: 'Address', multiline: true, autocomplete: 'street-address' },
  ];
}

export const CUSTOMER_NAME_FIELD: FieldSpec<CustomerField> = { name: 'name', label: 'Company name', autocomplete: 'organization' };

export const CUSTOMER_FIELDS: readonly CustomerField[] = ['name', 'email', 'phone', 'website', 'industry', 'ownerId', 'tags', 'address'];

export const CUSTOMER_LABELS: Record<CustomerField, string> = {
  name: 'Company name',
  email: 'Email',
  phone: 'Phone',
  website: 'Website',
  industry: 'Industry',
  ownerId: 'Owner',
  tags: 'Tags',
  address: 'Address',
};

/** A field's value as the input shows it. */
export function customerText(customer: Customer | undefined, field: CustomerField): string {
  if (!customer) return '';
  if (field === 'tags') return (customer.tags ?? []).join(', ');
  return (customer[field] as string | undefined) ?? '';
}

/** A field's value in words (the owner's name rather than their id). */
export const customerDisplay = (team: readonly User[], field: CustomerField, customer: Customer) =>
  field === 'ownerId' ? (member(team, customer.ownerId)?.name ?? '') : customerText(customer, field);

/** A field's text as the API takes it (trimmed, a list for tags, null to clear), or the error to show. */
export function customerValue(field: CustomerField, text: string): { value: string | string[] | null } | { error: string } {
  if (field === 'tags') {
    const tags = [...new Set(text.split(',').map((t) => t.trim()).filter(Boolean))];
    return { value: tags.length ? tags : null };
  }
  const trimmed = text.trim();
  if ((field === 'name' || field === 'email') && !trimmed) return { error: 'is required' };
  if (field === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed)) return { error: 'must be an email address' };
  return { value: trimmed || null };
}

/** The field's value on the record, as `customerValue` would send it (to tell a save that changes nothing). */
export const customerCurrent = (customer: Customer, field: CustomerField) => (field === 'tags' ? (customer.tags?.length ? customer.tags : null) : (customer[field] ?? null));
