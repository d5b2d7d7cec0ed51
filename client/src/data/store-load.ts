import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { describeError, type ShoalApi } from '../api.js';
import type { RecordStore } from './record-store.js';

/** Where a store load is: the first answer is awaited, came, or failed (with its message). */
export type LoadState = 'loading' | 'ready' | 'error';

/**
 * Loads what a view shows into the record store once per store (the definitions of the
 * settings screens, say), and says how it went: `state` and `error` for the loading and error
 * states, `load(true)` again after a resync (the view keeps showing what it has meanwhile).
 */
export class StoreLoad implements ReactiveController {
  state: LoadState = 'loading';
  /** What went wrong, when `state` is 'error'. */
  error = '';
  #loadedFor: RecordStore | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly source: () => { store: RecordStore | undefined; api: ShoalApi | undefined },
    private readonly loader: (store: RecordStore, api: ShoalApi, again: boolean) => Promise<unknown>,
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    const { store } = this.source();
    if (store && this.#loadedFor !== store) {
      this.#loadedFor = store;
      void this.load();
    }
  }

  /** Loads now; `again`: a reload behind what is shown (no loading state). */
  async load(again = false): Promise<void> {
    const { store, api } = this.source();
    if (!store || !api) return;
    if (!again && this.state !== 'loading') {
      this.state = 'loading';
      this.host.requestUpdate();
    }
    try {
      await this.loader(store, api, again);
      this.state = 'ready';
    } catch (error) {
      this.state = 'error';
      this.error = describeError(error);
    }
    this.host.requestUpdate();
  }
}
