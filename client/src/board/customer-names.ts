import type { ReactiveControllerHost } from 'lit';
import { describeError, type ShoalApi } from '../api.js';

/** How many customers are asked for one by one at a time (the board brings the names it can). */
const MISSING_AT_ONCE = 40;

/**
 * The names of the customers the board shows: those `GET /api/pipeline` brings, those of cards
 * that arrived without one (asked for one by one, each once), and the first 200 by name when
 * "New deal" needs them. The host renders `names` and is asked to update when it changes.
 */
export class CustomerNames {
  /** Customer names by id. */
  names: ReadonlyMap<string, string> = new Map();

  readonly #host: ReactiveControllerHost;
  readonly #asked = new Set<string>();
  #choicesLoaded = false;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
  }

  /** The customer's name, or '' while unknown. */
  of(id: string): string {
    return this.names.get(id) ?? '';
  }

  /** Whether the name is known. */
  has(id: string): boolean {
    return this.names.has(id);
  }

  /** Adds names (replacing changed ones). */
  add(entries: Iterable<readonly [string, string]>): void {
    const names = new Map(this.names);
    let changed = false;
    for (const [id, name] of entries) {
      if (names.get(id) === name) continue;
      names.set(id, name);
      changed = true;
    }
    if (!changed) return;
    this.names = names;
    this.#host.requestUpdate();
  }

  /** Asks for the names of these customers that are still unknown (each once, a few at a time). */
  async loadMissing(api: ShoalApi, customerIds: Iterable<string>): Promise<void> {
    const ids = [...new Set(customerIds)].filter((id) => !this.names.has(id) && !this.#asked.has(id)).slice(0, MISSING_AT_ONCE);
    if (ids.length === 0) return;
    for (const id of ids) this.#asked.add(id);
    const found = await Promise.all(ids.map((id) => api.getCustomer(id).then((c) => c.value, () => undefined)));
    this.add(found.flatMap((c) => (c ? [[c.id, c.name] as const] : [])));
  }

  /** The customers a new deal can be for (the first 200 by name), once; answers what went wrong, if anything. */
  async loadChoices(api: ShoalApi): Promise<string | undefined> {
    if (this.#choicesLoaded) return undefined;
    this.#choicesLoaded = true;
    try {
      const customers = await api.listCustomers({ limit: 200, sort: 'name' });
      this.add(customers.items.map((c) => [c.id, c.name] as const));
      return undefined;
    } catch (error) {
      this.#choicesLoaded = false;
      return `Couldn't load the customers: ${describeError(error)}`;
    }
  }
}
