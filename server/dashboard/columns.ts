/** Gives each distinct string (a user, customer or lost reason) a small number. */
export class Interner {
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

type Column = Float64Array | Uint8Array | Uint16Array | Int16Array | Uint32Array | Int32Array;

/** A copy of `column` with room for `size` values, the old ones kept. */
export function grown<T extends Column>(column: T, size: number): T {
  const bigger = new (column.constructor as new (n: number) => T)(size);
  bigger.set(column);
  return bigger;
}

/**
 * Slots for records kept by column: an id maps to a slot, freed slots are reused, and `grow`
 * is called when every slot is taken.
 */
export class Slots {
  readonly #slots = new Map<string, number>();
  readonly #free: number[] = [];
  #length = 0;

  constructor(private readonly grow: (size: number) => void, public capacity = 1024) {}

  /** How many slots to scan (some may be free). */
  get length(): number {
    return this.#length;
  }

  get size(): number {
    return this.#slots.size;
  }

  find(id: string): number | undefined {
    return this.#slots.get(id);
  }

  /** The slot of `id`, taking a free one if it has none. */
  take(id: string): number {
    let i = this.#slots.get(id);
    if (i !== undefined) return i;
    i = this.#free.pop();
    if (i === undefined) {
      if (this.#length === this.capacity) this.grow((this.capacity *= 2));
      i = this.#length++;
    }
    this.#slots.set(id, i);
    return i;
  }

  /** Frees the slot of `id`; answers it, or undefined when `id` had none. */
  release(id: string): number | undefined {
    const i = this.#slots.get(id);
    if (i === undefined) return undefined;
    this.#slots.delete(id);
    this.#free.push(i);
    return i;
  }

  entries(): IterableIterator<[string, number]> {
    return this.#slots.entries();
  }
}
