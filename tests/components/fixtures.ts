import { sendKeys } from '@web/test-runner-commands';
import type { Customer } from '../../shared/customer.js';
import { FieldDefinition } from '../../shared/field.js';

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

let fieldCounter = 0;

/** A custom field definition as `GET /api/fields` returns it, checked against the shared schema. */
export function fieldDef(d: Partial<FieldDefinition> & Pick<FieldDefinition, 'key' | 'label' | 'type'>): FieldDefinition {
  fieldCounter += 1;
  return FieldDefinition.parse({
    id: (0xf000 + fieldCounter).toString(16).padStart(24, '0'),
    entity: 'customer',
    required: false,
    version: 1,
    createdAt: new Date(Date.UTC(2026, 0, 6, 10, 0, fieldCounter)).toISOString(),
    updatedAt: '2026-01-06T10:00:00.000Z',
    ...d,
  });
}

/** A list answer of `items` (a 200 with `X-Total-Count`), for a routed API's answers. */
export const listPage = (items: unknown[]) => () => new Response(JSON.stringify(items), { status: 200, headers: { 'content-type': 'application/json', 'x-total-count': String(items.length) } });

/** The first element matching `selector` in `host`'s shadow root. */
export const inside = <T extends Element>(host: Element, selector: string) => host.shadowRoot!.querySelector<T>(selector);

/** Waits, render by render, until `check()` holds; fails naming `what` after about 3 s. */
export async function until(el: { updateComplete: Promise<unknown> }, check: () => unknown, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    await el.updateComplete;
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`never came: ${what}`);
}

/** Picks `value` in a select as a rep would (its `change` event). */
export function choose(select: HTMLSelectElement, value: string): void {
  select.value = value;
  select.dispatchEvent(new Event('change'));
}

/** Replaces an input's text by typing (Backspace when `text` is empty), as a rep would. */
export async function retype(input: HTMLInputElement, text: string): Promise<void> {
  input.focus();
  input.select();
  if (text) await sendKeys({ type: text });
  else await sendKeys({ press: 'Backspace' });
}
