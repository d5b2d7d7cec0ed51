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

  /**
   * Runs `work` holding every key of `keys` at once: after every earlier holder of any of them,
   * before every later one. The keys are taken in one step, not one after another, so a batch's
   * thousand customers cost one wait, and two holders of overlapping sets never wait on each
   * other (each waits only for those that came before it). Code that holds keys of such a set
   * must take them with `runAll` too, not one by one while holding another.
   */
  async runAll<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    const unique = [...new Set(keys)];
    if (unique.length === 0) return work();
    if (unique.length === 1) return this.run(unique[0]!, work);
    let release!: () => void;
    // Resolved only after `work`, which starts only after every earlier holder: a later holder
    // of any of these keys waiting for it waits for those too.
    const mine = new Promise<void>((resolve) => (release = resolve));
    const previous: Promise<void>[] = [];
    for (const key of unique) {
      const before = this.#tails.get(key);
      if (before) previous.push(before);
      this.#tails.set(key, mine);
    }
    if (previous.length) await Promise.all(previous);
    try {
      return await work();
    } finally {
      release();
      for (const key of unique) if (this.#tails.get(key) === mine) this.#tails.delete(key);
    }
  }

  /** How many keys have work queued or running (for tests and metrics). */
  get size(): number {
    return this.#tails.size;
  }
}
