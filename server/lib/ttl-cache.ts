/** A small map whose entries expire after `ttlMs`; used to spare the database a lookup per request. */
export class TtlCache<V> {
  readonly #entries = new Map<string, { value: V; until: number }>();
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.until < Date.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V): void {
    if (this.#entries.size >= this.maxEntries) this.#entries.clear();
    this.#entries.set(key, { value, until: Date.now() + this.ttlMs });
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  /** Drops every entry for which `predicate` holds. */
  deleteWhere(predicate: (value: V, key: string) => boolean): void {
    for (const [key, entry] of this.#entries) if (predicate(entry.value, key)) this.#entries.delete(key);
  }
}
