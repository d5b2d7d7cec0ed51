import type { InteractionType } from '../../shared/interaction.js';

/** The interaction types in a fixed order, so a type is a small number. */
export const TYPES: readonly InteractionType[] = ['call', 'meeting', 'email', 'note'];
const TYPE_INDEX = new Map(TYPES.map((t, i) => [t, i]));

/** Gives each distinct string (a user or customer id) a small number. */
class Interner {
  readonly #numbers = new Map<string, number>();
  readonly strings: string[] = [];
  number(text: string): number {
    let n = this.#numbers.get(text);
    if (n === undefined) {
      n = this.strings.length;
      this.#numbers.set(text, n);
      this.strings.push(text);
    }
    return n;
  }
  find(text: string): number | undefined {
    return this.#numbers.get(text);
  }
}

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
  readonly #slots = new Map<string, number>();
  readonly #free: number[] = [];
  readonly users = new Interner();
  readonly #customers = new Interner();
  #length = 0;
  date = new Float64Array(1024);
  type = new Uint8Array(1024);
  user = new Uint32Array(1024);
  customer = new Uint32Array(1024);
  version = new Uint32Array(1024);
  /** 1 where the slot holds an interaction. */
  live = new Uint8Array(1024);

  /** How many slots to scan (some may be free). */
  get length(): number {
    return this.#length;
  }

  get size(): number {
    return this.#slots.size;
  }

  get(id: string): InteractionFact | undefined {
    const i = this.#slots.get(id);
    if (i === undefined) return undefined;
    return { version: this.version[i]!, customerId: this.#customers.strings[this.customer[i]!]!, userId: this.users.strings[this.user[i]!]!, type: TYPES[this.type[i]!]!, date: this.date[i]! };
  }

  set(id: string, fact: InteractionFact): void {
    let i = this.#slots.get(id);
    if (i === undefined) {
      i = this.#free.pop() ?? this.#grow();
      this.#slots.set(id, i);
    }
    this.date[i] = fact.date;
    this.type[i] = TYPE_INDEX.get(fact.type) ?? 0;
    this.user[i] = this.users.number(fact.userId);
    this.customer[i] = this.#customers.number(fact.customerId);
    this.version[i] = fact.version;
    this.live[i] = 1;
  }

  delete(id: string): void {
    const i = this.#slots.get(id);
    if (i === undefined) return;
    this.#slots.delete(id);
    this.live[i] = 0;
    this.#free.push(i);
  }

  /** Removes every interaction of a customer (it was deleted with them). */
  deleteCustomer(customerId: string): void {
    const c = this.#customers.find(customerId);
    if (c === undefined) return;
    for (const [id, i] of this.#slots) if (this.customer[i] === c) this.delete(id);
  }

  #grow(): number {
    if (this.#length === this.date.length) {
      const size = this.date.length * 2;
      const grow = <T extends Float64Array | Uint8Array | Uint32Array>(a: T, make: (n: number) => T): T => {
        const b = make(size);
        b.set(a);
        return b;
      };
      this.date = grow(this.date, (n) => new Float64Array(n));
      this.type = grow(this.type, (n) => new Uint8Array(n));
      this.user = grow(this.user, (n) => new Uint32Array(n));
      this.customer = grow(this.customer, (n) => new Uint32Array(n));
      this.version = grow(this.version, (n) => new Uint32Array(n));
      this.live = grow(this.live, (n) => new Uint8Array(n));
    }
    return this.#length++;
  }
}
