import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Typing in a field: single-key shortcuts stay out of the way. */
export const isTyping = (path: EventTarget[]) => path.some((t) => t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)));

/** Inside an open dialog (a form on top of the page): the page's shortcuts wait. */
const inDialog = (path: EventTarget[]) => path.some((t) => t instanceof HTMLDialogElement && t.open);

/**
 * The `n` shortcut that adds a task (My work, a customer's page, a deal's page): a plain `n`
 * anywhere on the page while the host is connected, not while typing in a field, not with a
 * modifier, not inside an open dialog, and not while `enabled()` says no (the host's own task
 * dialog is open). The host says what adding means (`add`): its task dialog.
 */
export class AddTaskShortcut implements ReactiveController {
  readonly #add: () => void;
  readonly #enabled: () => boolean;

  constructor(host: ReactiveControllerHost, add: () => void, enabled: () => boolean = () => true) {
    this.#add = add;
    this.#enabled = enabled;
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('keydown', this.#onKeydown);
  }

  hostDisconnected(): void {
    document.removeEventListener('keydown', this.#onKeydown);
  }

  readonly #onKeydown = (event: KeyboardEvent) => {
    if (event.key !== 'n' || event.metaKey || event.ctrlKey || event.altKey || event.defaultPrevented || event.repeat) return;
    const path = event.composedPath();
    if (isTyping(path) || inDialog(path) || !this.#enabled()) return;
    event.preventDefault();
    this.#add();
  };
}
