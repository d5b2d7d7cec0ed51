/**
 * Runs async work one at a time per key, in arrival order, inside this process.
 *
 * Shoal serialises every write to one document through this lock because FerretDB 1.24
 * does updates as read-then-write: two concurrent conditional updates of one document can
 * both "succeed" there. Different keys run concurrently.
 */
export class KeyedLock {
  readonly #tails = new Map<string, Promise<void>>();

  /** Runs `work` after every earlier holder of `key` has finished. */
  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.#tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }

  /** How many keys have work queued or running (for tests and metrics). */
  get size(): number {
    return this.#tails.size;
  }
}
