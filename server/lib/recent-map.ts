/**
 * A map that keeps its `max` most recently used entries (a small LRU over a Map, which
 * iterates in insertion order: a hit moves its key to the end, a set past `max` drops the
 * first). For caches of a few hundred small entries keyed by request text.
 */
export class RecentMap<K, V> {
  readonly #entries = new Map<K, V>();
  constructor(private readonly max: number) {}

  get size(): number {
    return this.#entries.size;
  }

  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.#entries.delete(key);
    if (this.#entries.size >= this.max) this.#entries.delete(this.#entries.keys().next().value as K);
    this.#entries.set(key, value);
  }
}
