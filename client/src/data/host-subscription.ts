import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Keeps one subscription to whatever `source()` answers while the host is connected: it is read
 * on every update (so a client handed down later through context is picked up), re-subscribed
 * when it changes, and unsubscribed when the host disconnects.
 */
export class HostSubscription<S> implements ReactiveController {
  #current: S | undefined;
  #unsubscribe: (() => void) | undefined;
  #connected = false;

  constructor(
    host: ReactiveControllerHost,
    private readonly source: () => S | undefined,
    private readonly subscribe: (source: S) => () => void,
  ) {
    host.addController(this);
  }

  /** What the host is subscribed to now (undefined while disconnected or without a source). */
  get current(): S | undefined {
    this.#sync();
    return this.#current;
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
    this.#current = undefined;
  }

  #sync(): void {
    if (!this.#connected) return;
    const source = this.source();
    if (source === this.#current) return;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#current = source;
    if (source !== undefined) this.#unsubscribe = this.subscribe(source);
  }
}
