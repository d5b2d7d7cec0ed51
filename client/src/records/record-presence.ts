import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PresenceUpdate } from '../../../shared/events.js';
import type { LiveClient } from '../live.js';
import { presenceAt } from '../shell/routes.js';

/**
 * A record page's presence: tells the record's room that this tab is on it and what the rep is
 * editing there (only when that changes), and on leaving says where the tab went (the next page
 * may not say it). `send()` after anything that changes what is being edited.
 */
export class RecordPresence implements ReactiveController {
  #sent = '';

  constructor(
    private readonly host: ReactiveControllerHost & { isConnected: boolean },
    private readonly options: { live: () => LiveClient | undefined; view: 'customer' | 'deal'; recordId: () => string; editing: () => string | undefined },
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#sent = '';
    this.send();
  }

  hostDisconnected(): void {
    const live = this.options.live();
    if (live && this.#sent) live.setPresence(presenceAt(globalThis.location?.pathname ?? '/'));
    this.#sent = '';
  }

  send(): void {
    const live = this.options.live();
    const recordId = this.options.recordId();
    if (!live || !recordId || !this.host.isConnected) return;
    const editing = this.options.editing();
    const update: PresenceUpdate = { view: this.options.view, recordId, ...(editing ? { editing } : {}) };
    const key = JSON.stringify(update);
    if (key === this.#sent) return;
    this.#sent = key;
    live.setPresence(update);
  }
}
