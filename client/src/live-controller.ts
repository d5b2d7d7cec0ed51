import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConnectionState, LiveClient, LiveHandlers } from './live.js';

/**
 * Subscribes a component to the live client while it is connected, and unsubscribes when it
 * disconnects. `client` is read on every update, so a client handed down later (through
 * context) is picked up. `state` is the current connection state, kept up to date.
 */
export class LiveController implements ReactiveController {
  #client: LiveClient | undefined;
  #unsubscribe: (() => void) | undefined;
  #connected = false;

  /** The connection state, or `connecting` while no client is known. */
  state: ConnectionState = 'connecting';

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly client: () => LiveClient | undefined,
    private readonly handlers: LiveHandlers = {},
  ) {
    host.addController(this);
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
    this.#client = undefined;
  }

  #sync(): void {
    const client = this.#connected ? this.client() : undefined;
    if (client === this.#client) return;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#client = client;
    if (!client) return;
    let subscribing = true;
    this.#unsubscribe = client.subscribe({
      ...this.handlers,
      state: (state) => {
        const changed = state !== this.state;
        this.state = state;
        this.handlers.state?.(state);
        // The first call comes while the host is updating: it renders the new state anyway.
        if (changed && !subscribing) this.host.requestUpdate();
      },
    });
    subscribing = false;
  }
}
