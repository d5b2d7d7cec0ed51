/**
 * Gathers the changes that arrive together (a batch's changes come as one `changes` message and
 * enter the store in one go) into one note per colleague: "Ana Silva changed 500 customers"
 * instead of 500 notes. `say` hears each note once the message has been taken in.
 */
export class BatchNotes {
  readonly #counts = new Map<string, number>();
  readonly #single = new Map<string, string | undefined>();
  #queued = false;

  constructor(
    private readonly say: (text: string, group: boolean) => void,
    private readonly nouns: [string, string],
  ) {}

  /** One change by `actor` (a verb: changed, deleted, added); `single` is what to say when it comes alone (nothing when undefined). */
  add(actor: string, verb: string, single?: string): void {
    const k = `${actor}\u0000${verb}`;
    this.#counts.set(k, (this.#counts.get(k) ?? 0) + 1);
    this.#single.set(k, single);
    if (this.#queued) return;
    this.#queued = true;
    queueMicrotask(() => this.#flush());
  }

  #flush(): void {
    this.#queued = false;
    for (const [k, n] of this.#counts) {
      const [actor, verb] = k.split('\u0000') as [string, string];
      if (n > 1) this.say(`${actor} ${verb} ${n.toLocaleString('en')} ${this.nouns[1]}`, true);
      else if (this.#single.get(k)) this.say(this.#single.get(k)!, false);
    }
    this.#counts.clear();
    this.#single.clear();
  }
}
