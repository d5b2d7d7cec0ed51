/**
 * What a change of a deal row's Stage list means: a stage picked from the open list is a choice
 * (save it); one reached with the arrow keys or type-ahead on the closed list is only browsing
 * (it waits for Enter or Save; Escape drops it). Chromium fires `change` for both, so the list
 * tells them apart by the keys that came before.
 */
export class StageChoice {
  /** Stages reached with the keyboard, not saved yet, by deal id. */
  readonly pending = new Map<string, string>();
  readonly #browsing = new Set<string>();

  /** A key on the closed list: `commit` the pending stage (Enter), `drop` it (Escape), or nothing. */
  key(id: string, event: { key: string; ctrlKey?: boolean; metaKey?: boolean }): { commit: string } | 'drop' | undefined {
    const pending = this.pending.get(id);
    if (/^(Arrow|Home|End|Page)/.test(event.key) || (event.key.length === 1 && event.key !== ' ' && !event.ctrlKey && !event.metaKey)) this.#browsing.add(id);
    else if (event.key === 'Enter' && pending) return { commit: pending };
    else if (event.key === 'Escape' && pending) return 'drop';
    return undefined;
  }

  /** The list's value changed to `stage` (the deal is in `current`): save it now, or keep it pending. */
  changed(id: string, stage: string, current: string): 'commit' | 'pending' {
    if (!this.#browsing.delete(id)) return 'commit';
    if (stage === current) this.pending.delete(id);
    else this.pending.set(id, stage);
    return 'pending';
  }

  drop(id: string): void {
    this.pending.delete(id);
  }
}
