import type { Customer } from '../../shared/customer.js';

let counter = 0;

/** A customer as the API returns it, with realistic defaults. */
export function customer(overrides: Partial<Customer> = {}): Customer {
  counter += 1;
  const id = (overrides.id ?? counter.toString(16)).padStart(24, '0');
  return {
    name: `Company ${counter}`,
    email: `contact${counter}@example.com`,
    tags: [],
    version: 1,
    createdAt: '2026-01-05T10:00:00.000Z',
    updatedAt: '2026-01-06T10:00:00.000Z',
    ...overrides,
    id,
  };
}

/** Records the events of the given types that reach `target`. */
export function recordEvents(target: EventTarget, types: string[]): CustomEvent[] {
  const seen: CustomEvent[] = [];
  for (const type of types) target.addEventListener(type, (event) => seen.push(event as CustomEvent));
  return seen;
}
