import type { ReactiveControllerHost } from 'lit';
import type { EntityName } from '../../../shared/events.js';
import type { ShoalApi } from '../api.js';
import type { LiveClient } from '../live.js';
import { HostSubscription } from './host-subscription.js';
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
export class StoreController {
  readonly #subscription: HostSubscription<RecordStore>;

  constructor(host: ReactiveControllerHost, source: () => { live: LiveClient | undefined; api: ShoalApi | undefined }, handlers: StoreHandlers = {}) {
    this.#subscription = new HostSubscription(
      host,
      () => {
        const { live, api } = source();
        return api ? storeOf(live, api) : undefined;
      },
      (store) =>
        store.subscribe({
          change: (change) => {
            const handler = handlers[change.entity] as ((c: StoreChange) => void) | undefined;
            if (!handler) return;
            handler(change);
            host.requestUpdate();
          },
          resync: () => handlers.resync?.(),
        }),
    );
  }

  /** The store, once the component has an API client (the live client's, when it has one). */
  get store(): RecordStore | undefined {
    return this.#subscription.current;
  }
}

/**
 * The handlers of a section of one customer's page (contacts, deals, timeline): load again when
 * the customer is restored (its parts come back without events of their own) and after a resync.
 */
export function reloadWithCustomer(customerId: () => string, reload: () => void): Pick<StoreHandlers, 'customer' | 'resync'> {
  return {
    customer: ({ id, event }) => {
      if (id === customerId() && event?.op === 'restored') reload();
    },
    resync: reload,
  };
}
