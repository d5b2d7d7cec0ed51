import type { NextStep } from '../../../shared/opportunity.js';
import type { Task } from '../../../shared/task.js';
import { dueInstant } from '../../../shared/task-due.js';

/** A task as a card's next step. */
export const stepOfTask = (t: Task): NextStep => ({ id: t.id, title: t.title, type: t.type, dueAt: t.dueAt, assigneeId: t.assigneeId });

/** Board order of next steps: due first, then by id (as `GET /api/tasks?sort=dueAt` orders them). */
export function compareSteps(a: NextStep, b: NextStep): number {
  return dueInstant(a.dueAt).getTime() - dueInstant(b.dueAt).getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Whether a next step is overdue at `now`. */
export const isOverdue = (step: NextStep, now: number = Date.now()) => dueInstant(step.dueAt).getTime() < now;

type Change = readonly [before: Task | undefined, after: Task | undefined];

/**
 * The next step of each deal on the board (its open task due first; null: none), kept from
 * task changes without a request when the change itself tells: a task planned sooner than a
 * deal's next step becomes it, one planned later changes nothing. Only when a deal's next step
 * itself is done, deleted, moved to another deal or put later is the deal's next step read
 * again (`refetch`); the changes heard meanwhile are applied again over that answer.
 */
export class NextSteps {
  readonly #steps = new Map<string, NextStep | null>();
  /** Deals whose next step is being read again, with the task changes heard meanwhile. */
  readonly #pending = new Map<string, Change[]>();
  /** The newest version of each task heard since the board's answer: an older change (a catch-up after a live one) is dropped. */
  readonly #seen = new Map<string, number>();

  /** A board answer: the steps of its cards (`dealIds`; a card without an entry has none). */
  load(steps: Readonly<Record<string, NextStep>>, dealIds: Iterable<string>, clear = true): void {
    if (clear) {
      this.#steps.clear();
      this.#pending.clear();
      this.#seen.clear();
    }
    for (const id of dealIds) this.#steps.set(id, steps[id] ?? null);
  }

  /** A deal's next step: a step, null for none, undefined while not known. */
  of(dealId: string): NextStep | null | undefined {
    return this.#pending.has(dealId) ? undefined : this.#steps.get(dealId);
  }

  /** Whether the board knows (or is reading) this deal's next step. */
  tracks(dealId: string): boolean {
    return this.#steps.has(dealId) || this.#pending.has(dealId);
  }

  /** A deal new on the board: none yet (a new deal), or read it (`refetch` answers whether to). */
  track(dealId: string, known: NextStep | null | undefined): boolean {
    if (this.tracks(dealId)) return false;
    if (known !== undefined) {
      this.#steps.set(dealId, known);
      return false;
    }
    this.#steps.set(dealId, null);
    this.#pending.set(dealId, []);
    return true;
  }

  /** A deal left the board. */
  forget(dealId: string): void {
    this.#steps.delete(dealId);
    this.#pending.delete(dealId);
  }

  /**
   * A task changed (the store's record before and after; either may be unknown or gone).
   * Answers whether a shown step changed, and the deals whose next step must be read again.
   */
  apply(before: Task | undefined, after: Task | undefined, version = after?.version): { changed: boolean; refetch: string[] } {
    const id = (after ?? before)?.id;
    if (id && version !== undefined) {
      if ((this.#seen.get(id) ?? -1) >= version) return { changed: false, refetch: [] };
      this.#seen.set(id, version);
    }
    for (const heard of this.#pending.values()) heard.push([before, after]);
    return this.#update(before, after);
  }

  #update(before: Task | undefined, after: Task | undefined): { changed: boolean; refetch: string[] } {
    const id = (after ?? before)?.id;
    const refetch: string[] = [];
    let changed = false;
    if (!id) return { changed, refetch };
    const open = after && !after.done && after.opportunityId ? after : undefined;
    // The deals whose next step this task was.
    for (const [dealId, step] of this.#steps) {
      if (step?.id !== id || this.#pending.has(dealId)) continue;
      if (open && open.opportunityId === dealId && compareSteps(stepOfTask(open), step) <= 0) {
        this.#steps.set(dealId, stepOfTask(open));
      } else {
        this.#pending.set(dealId, []);
        refetch.push(dealId);
      }
      changed = true;
    }
    if (open && this.#steps.has(open.opportunityId!) && !this.#pending.has(open.opportunityId!)) {
      const current = this.#steps.get(open.opportunityId!);
      const step = stepOfTask(open);
      if (!current || (current.id !== id && compareSteps(step, current) < 0)) {
        this.#steps.set(open.opportunityId!, step);
        changed = true;
      }
    }
    return { changed, refetch };
  }

  /** The answer of reading a deal's next step again; answers the deals to read again after the changes heard meanwhile. */
  resolve(dealId: string, step: NextStep | null): string[] {
    const heard = this.#pending.get(dealId);
    if (!heard) return [];
    this.#pending.delete(dealId);
    this.#steps.set(dealId, step);
    const again = new Set<string>();
    for (const [before, after] of heard) for (const id of this.#update(before, after).refetch) again.add(id);
    return [...again];
  }

  /** Reading a deal's next step failed: shown as unknown until the board loads again. */
  failed(dealId: string): void {
    this.#pending.delete(dealId);
    this.#steps.delete(dealId);
  }
}
