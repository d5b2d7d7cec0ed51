import type { InteractionType } from '../../shared/interaction.js';
import { grown, Interner, Slots } from './columns.js';

/** The interaction types in a fixed order, so a type is a small number. */
export const TYPES: readonly InteractionType[] = ['call', 'meeting', 'email', 'note'];
const TYPE_INDEX = new Map(TYPES.map((t, i) => [t, i]));

/** One interaction as the dashboard needs it. */
export interface InteractionFact {
  version: number;
  customerId: string;
  userId: string;
  type: InteractionType;
  date: number;
}

/**
 * Interactions stored by column in typed arrays rather than one object each: 500,000 of them
 * take a few tens of megabytes, and a pass over them is a scan of numbers.
 */
export class InteractionColumns {
  readonly #slots = new Slots((size) => {
    this.date = grown(this.date, size);
    this.type = grown(this.type, size);
    this.user = grown(this.user, size);
    this.customer = grown(this.customer, size);
    this.version = grown(this.version, size);
    this.live = grown(this.live, size);
  });
  readonly users = new Interner();
  readonly #customers = new Interner();
  date = new Float64Array(this.#slots.capacity);
  type = new Uint8Array(this.#slots.capacity);
  user = new Uint32Array(this.#slots.capacity);
  customer = new Uint32Array(this.#slots.capacity);
  version = new Uint32Array(this.#slots.capacity);
  /** 1 where the slot holds an interaction. */
  live = new Uint8Array(this.#slots.capacity);

  /** How many slots to scan (some may be free). */
  get length(): number {
    return this.#slots.length;
  }

  get size(): number {
    return this.#slots.size;
  }

  get(id: string): InteractionFact | undefined {
    const i = this.#slots.find(id);
    if (i === undefined) return undefined;
    return { version: this.version[i]!, customerId: this.#customers.strings[this.customer[i]!]!, userId: this.users.strings[this.user[i]!]!, type: TYPES[this.type[i]!]!, date: this.date[i]! };
  }

  set(id: string, fact: InteractionFact): void {
    const i = this.#slots.take(id);
    this.date[i] = fact.date;
    this.type[i] = TYPE_INDEX.get(fact.type) ?? 0;
    this.user[i] = this.users.number(fact.userId);
    this.customer[i] = this.#customers.number(fact.customerId);
    this.version[i] = fact.version;
    this.live[i] = 1;
  }

  delete(id: string): void {
    const i = this.#slots.release(id);
    if (i !== undefined) this.live[i] = 0;
  }

  /** Removes every interaction of a customer (it was deleted with them). */
  deleteCustomer(customerId: string): void {
    const c = this.#customers.find(customerId);
    if (c === undefined) return;
    for (const [id, i] of [...this.#slots.entries()]) if (this.customer[i] === c) this.delete(id);
  }
}
