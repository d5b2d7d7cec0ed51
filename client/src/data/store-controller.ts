import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { EntityName } from '../../../shared/events.js';
import type { ShoalApi } from '../api.js';
import type { LiveClient } from '../live.js';
import { storeOf, type RecordStore, type StoreChange } from './record-store.js';

/** What a view wants to hear from the store: the changes of the kinds it shows, typed by kind, and resyncs. */
export type StoreHandlers = { [E in EntityName]?: (change: StoreChange<E>) => void } & {
  /** Some changes were lost for good: refetch what is shown. */
  resync?: () => void;
};

/**
 * Subscribes a component to the record store while it is connected, and unsubscribes when it
 * disconnects. The store is the one of the live client the component has (read on every
 * update, so a client handed down later through context is picked up). After a handler ran,
 * the host updates: views render from the store.
 */
export class StoreController implements ReactiveController {
  #store: RecordStore | undefined;
  #unsubscribe: (() => void) | undefined;
  #connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly source: () => { live: LiveClient | undefined; api: ShoalApi | undefined },
    private readonly handlers: StoreHandlers = {},
  ) {
    host.addController(this);
  }

  /** The store, once the component has an API client (the live client's, when it has one). */
  get store(): RecordStore | undefined {
    this.#sync();
    return this.#store;
  }

  hostConnected(): void {
    this.#connected = true;
    this.#sync();
  }

  hostUpdate(): void {
    this.#sync();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#store = undefined;
  }

  #sync(): void {
    if (!this.#connected) return;
    const { live, api } = this.source();
    const store = api ? storeOf(live, api) : undefined;
    if (store === this.#store) return;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#store = store;
    if (!store) return;
    this.#unsubscribe = store.subscribe({
      change: (change) => {
        const handler = this.handlers[change.entity] as ((c: StoreChange) => void) | undefined;
        if (!handler) return;
        handler(change);
        this.host.requestUpdate();
      },
      resync: () => this.handlers.resync?.(),
    });
  }
}
