import type { ReactiveControllerHost } from 'lit';
import type { NextStep } from '../../../shared/opportunity.js';
import type { ShoalApi } from '../api.js';
import type { StoreChange } from '../data/record-store.js';
import { fetchNextStep } from './board-api.js';
import { NextSteps } from './next-steps.js';

/**
 * The board's next steps (no DOM): taken from the board's answers, kept live from the task
 * changes the record store hears (a task of a deal on the board, now or before the change),
 * and read again for one deal (`GET /tasks?opportunityId=&done=false&sort=dueAt&limit=1`)
 * only when a change cannot tell on its own (`next-steps.ts`).
 */
export class NextStepController {
  readonly #steps = new NextSteps();
  readonly #host: ReactiveControllerHost;
  readonly #api: () => ShoalApi | undefined;

  constructor(host: ReactiveControllerHost, api: () => ShoalApi | undefined) {
    this.#host = host;
    this.#api = api;
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
