import type { ReactiveControllerHost } from 'lit';
import { HostSubscription } from './data/host-subscription.js';
import type { ConnectionState, LiveClient, LiveHandlers } from './live.js';

/**
 * Subscribes a component to the live client while it is connected, and unsubscribes when it
 * disconnects. `client` is read on every update, so a client handed down later (through
 * context) is picked up. `state` is the current connection state, kept up to date.
 */
export class LiveController {
  /** The connection state, or `connecting` while no client is known. */
  state: ConnectionState = 'connecting';

  constructor(host: ReactiveControllerHost, client: () => LiveClient | undefined, handlers: LiveHandlers = {}) {
    new HostSubscription(host, client, (live) => {
      let subscribing = true;
      const unsubscribe = live.subscribe({
        ...handlers,
        state: (state) => {
          const changed = state !== this.state;
          this.state = state;
          handlers.state?.(state);
          // The first call comes while the host is updating: it renders the new state anyway.
          if (changed && !subscribing) host.requestUpdate();
        },
      });
      subscribing = false;
      return unsubscribe;
    });
  }
}
