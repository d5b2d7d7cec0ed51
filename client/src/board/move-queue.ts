/** What a queued move reports back. */
export interface MoveHandlers<T> {
  /** The server took the move; `last` when no later move of the card is queued behind it. */
  moved(result: T, last: boolean): void;
  /** The move failed (and the card's later queued moves are dropped). */
  failed(error: unknown): void;
}

/**
 * This board's in-flight moves, one chain per card: quick repeated moves of one card are sent
 * one after the other, each from the version the previous one produced (its `If-Match`). A
 * failed move, or `drop()` (a colleague's move won), drops the moves queued behind it. No DOM,
 * no timers: `now` is injected so "recently moved" can be tested.
 */
export class MoveQueue<T extends { version: number }> {
  /** Each card's chain; resolves to the version after its last move, or undefined when dropped. */
  readonly #chains = new Map<string, Promise<number | undefined>>();
  /** Bumped when a card's queued moves must be dropped. */
  readonly #generation = new Map<string, number>();
  /** When this board last moved each card. */
  readonly #movedAt = new Map<string, number>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /**
   * Queues a move of card `id`, made from `version` (used when nothing is in flight for it):
   * `send(base)` runs once the card's earlier moves are done, with the version they produced.
   * Resolves when this move is settled (sent, failed or dropped).
   */
  enqueue(id: string, version: number, send: (base: number) => Promise<T>, handlers: MoveHandlers<T>): Promise<void> {
    this.#movedAt.set(id, this.#now());
    const generation = this.#generation.get(id) ?? 0;
    const previous = this.#chains.get(id) ?? Promise.resolve<number | undefined>(version);
    const run: Promise<number | undefined> = previous.then(async (base) => {
      if (base === undefined || this.#generationOf(id) !== generation) return undefined;
      let result: T;
      try {
        result = await send(base);
      } catch (error) {
        if (this.#generationOf(id) === generation) {
          this.drop(id);
          handlers.failed(error);
        }
        return undefined;
      }
      this.#movedAt.set(id, this.#now());
      handlers.moved(result, this.#chains.get(id) === run);
      return result.version;
    });
    this.#chains.set(id, run);
    return run.then(() => {
      if (this.#chains.get(id) === run) this.#chains.delete(id);
    });
  }

  /** Drops the card's queued moves (those not yet sent answer nothing). */
  drop(id: string): void {
    this.#generation.set(id, this.#generationOf(id) + 1);
  }

  /** Whether a move of the card is in flight or queued. */
  busy(id: string): boolean {
    return this.#chains.has(id);
  }

  /** Whether this board moved the card less than `ms` ago. */
  movedWithin(id: string, ms: number): boolean {
    return this.#now() - (this.#movedAt.get(id) ?? Number.NEGATIVE_INFINITY) < ms;
  }

  #generationOf(id: string): number {
    return this.#generation.get(id) ?? 0;
  }
}
