import type { ReactiveControllerHost } from 'lit';
import type { NextStep } from '../../../shared/opportunity.js';
import type { ShoalApi } from '../api.js';
import type { StoreChange } from '../data/record-store.js';
import { fetchNextStep } from './board-api.js';
import { NextSteps } from './next-steps.js';

/** More deals than this to read again at once (a bulk edit of tasks): the board loads again instead. */
const MOST_READS = 10;

/**
 * The board's next steps (no DOM): taken from the board's answers, kept live from the task
 * changes the record store hears (a task of a deal on the board, now or before the change),
 * and read again for one deal (`GET /tasks?opportunityId=&done=false&sort=dueAt&limit=1`)
 * only when a change cannot tell on its own (`next-steps.ts`); when many deals need it at once
 * (a bulk edit of tasks), the whole board is loaded again instead, in one request.
 */
export class NextStepController {
  readonly #steps = new NextSteps();
  readonly #host: ReactiveControllerHost;
  readonly #api: () => ShoalApi | undefined;
  readonly #reload: () => void;
  /** Deals to read again, gathered over one turn: a batch of changes is one decision. */
  readonly #queue = new Set<string>();
  #queued = false;

  /** `reload` loads the whole board again: cheaper than reading many deals one by one (a bulk edit). */
  constructor(host: ReactiveControllerHost, api: () => ShoalApi | undefined, reload: () => void) {
    this.#host = host;
    this.#api = api;
    this.#reload = reload;
  }

  /** A deal's next step: a step, null for none, undefined while not known. */
  of(dealId: string): NextStep | null | undefined {
    return this.#steps.of(dealId);
  }

  /** A board answer (`clear`) or a column's next page: the steps of these cards. */
  load(steps: Readonly<Record<string, NextStep>> | undefined, dealIds: Iterable<string>, clear: boolean): void {
    this.#steps.load(steps ?? {}, dealIds, clear);
  }

  /** A deal the board did not load came onto it (a colleague's new deal: none yet; else read it). */
  arrived(dealId: string, created: boolean): void {
    if (this.#steps.track(dealId, created ? null : undefined)) this.#read([dealId]);
  }

  /** A deal left the board for good (deleted). */
  gone(dealId: string): void {
    this.#steps.forget(dealId);
  }

  /** A task change the store took. */
  onTask({ before, after, event }: Pick<StoreChange<'task'>, 'before' | 'after' | 'event'>): void {
    const { changed, refetch } = this.#steps.apply(before, after, event?.version ?? after?.version);
    if (refetch.length) this.#read(refetch);
    if (changed) this.#host.requestUpdate();
  }

  #read(dealIds: readonly string[]): void {
    for (const id of dealIds) this.#queue.add(id);
    if (this.#queued) return;
    this.#queued = true;
    setTimeout(() => {
      this.#queued = false;
      const ids = [...this.#queue];
      this.#queue.clear();
      if (ids.length > MOST_READS) this.#reload();
      else this.#readNow(ids);
    }, 0);
  }

  #readNow(dealIds: readonly string[]): void {
    const api = this.#api();
    if (!api) return;
    for (const id of dealIds) {
      fetchNextStep(api, id).then(
        (step) => {
          const again = this.#steps.resolve(id, step);
          this.#host.requestUpdate();
          if (again.length) this.#read(again);
        },
        () => {
          this.#steps.failed(id);
          this.#host.requestUpdate();
        },
      );
    }
  }
}
