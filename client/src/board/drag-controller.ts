import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { timersOf } from '../timers.js';
import { CLICK_AFTER_TOUCH_MS, dropTargetAt, isScroll, LONG_PRESS_MS, retarget, type ColumnBox, type DragState, type DropTarget } from './drag-state.js';

/** What the board does when a drag starts and ends. */
export interface DragCallbacks {
  /** The deal's name, for the drag image and the finger's floating copy. */
  nameOf(id: string): string | undefined;
  /** A drag of the card began (tell colleagues, close menus). */
  started(id: string): void;
  /** The drag ended; `target` is where it was dropped, undefined when cancelled. */
  ended(id: string, target: DropTarget | undefined): void;
}

/** A finger (or pen) on a card: waiting for the long press, then dragging. */
interface TouchDrag {
  id: string;
  pointerId: number;
  card: HTMLElement;
  startX: number;
  startY: number;
  timer: number | undefined;
  active: boolean;
}

/** The floating copy of a card that follows a finger. */
export interface Ghost {
  x: number;
  y: number;
  width: number;
  name: string;
}

const CARD_TAG = 'shoal-pipeline-card';

/** The card an event happened on, if any. */
export const cardOf = (event: Event): HTMLElement | undefined => event.composedPath().find((n): n is HTMLElement => n instanceof HTMLElement && n.localName === CARD_TAG);

/**
 * Drag and drop on the board: the mouse through HTML5 drag and drop, a finger (or pen) by a
 * long press and then dragging (the page does not scroll while a finger drags, and the board
 * scrolls sideways near its edges). Keeps the drag and the finger's floating copy; the host
 * renders them (`drag`, `ghost`) and is asked to update when they change. The long press waits
 * on the host's timers (`timersOf`: a test's clock when it set one).
 */
export class DragController implements ReactiveController {
  /** The card this board is dragging, and where it would land. */
  drag: DragState | undefined;
  /** The floating copy under a finger. */
  ghost: Ghost | undefined;

  readonly #host: ReactiveControllerHost & HTMLElement & { renderRoot: HTMLElement | DocumentFragment };
  readonly #callbacks: DragCallbacks;
  #touch: TouchDrag | undefined;
  #touchEndedAt = 0;

  constructor(host: ReactiveControllerHost & HTMLElement & { renderRoot: HTMLElement | DocumentFragment }, callbacks: DragCallbacks) {
    this.#host = host;
    this.#callbacks = callbacks;
    host.addController(this);
  }

  hostConnected(): void {
    const host = this.#host;
    host.addEventListener('pointermove', this.#onPointerMove);
    host.addEventListener('pointerup', this.#onPointerUp);
    host.addEventListener('pointercancel', this.#onPointerCancel);
    // Not passive: once a finger has lifted a card, the page must not scroll under it.
    host.addEventListener('touchmove', this.#onTouchMove, { passive: false });
    host.addEventListener('contextmenu', this.#onContextMenu);
  }

  hostDisconnected(): void {
    const host = this.#host;
    host.removeEventListener('pointermove', this.#onPointerMove);
    host.removeEventListener('pointerup', this.#onPointerUp);
    host.removeEventListener('pointercancel', this.#onPointerCancel);
    host.removeEventListener('touchmove', this.#onTouchMove);
    host.removeEventListener('contextmenu', this.#onContextMenu);
    timersOf(this.#host).clear(this.#touch?.timer);
  }

  /** Whether a click now is the end of a touch drag (not a request for the card's menu). */
  get justTouched(): boolean {
    return Date.now() - this.#touchEndedAt < CLICK_AFTER_TOUCH_MS;
  }

  /** Handlers for the board element: `@dragstart=${drag.onDragStart}` and so on. */
  readonly onDragStart = (event: DragEvent): void => {
    const card = cardOf(event);
    const id = card?.dataset.id;
    if (!card || !id || this.#touch?.active) return;
    if (event.dataTransfer) {
      event.dataTransfer.effectAllowed = 'move';
      event.dataTransfer.setData('text/plain', this.#callbacks.nameOf(id) ?? id);
    }
    this.#start(id);
  };

  readonly onDragOver = (event: DragEvent): void => {
    if (!this.drag) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
    this.#track(event.clientX, event.clientY);
  };

  readonly onDragLeave = (event: DragEvent): void => {
    // Leaving a card for its neighbour fires this too: only leaving the board clears the target.
    const box = (event.currentTarget as HTMLElement).getBoundingClientRect();
    const inside = event.clientX > box.left && event.clientX < box.right && event.clientY > box.top && event.clientY < box.bottom;
    if (this.drag?.target && !inside) this.#set({ id: this.drag.id });
  };

  readonly onDrop = (event: DragEvent): void => {
    if (!this.drag) return;
    event.preventDefault();
    this.#track(event.clientX, event.clientY);
    this.#end(true);
  };

  readonly onDragEnd = (): void => this.#end(false);

  readonly onPointerDown = (event: PointerEvent): void => {
    if (event.pointerType === 'mouse' || !event.isPrimary || this.drag) return;
    const card = cardOf(event);
    const id = card?.dataset.id;
    if (!card || !id) return;
    timersOf(this.#host).clear(this.#touch?.timer);
    const touch: TouchDrag = { id, pointerId: event.pointerId, card, startX: event.clientX, startY: event.clientY, active: false, timer: undefined };
    touch.timer = timersOf(this.#host).set(() => this.#liftByTouch(touch), LONG_PRESS_MS);
    this.#touch = touch;
  };

  #set(drag: DragState | undefined): void {
    if (drag === this.drag) return;
    this.drag = drag;
    this.#host.requestUpdate();
  }

  #start(id: string): void {
    this.#set({ id });
    this.#callbacks.started(id);
  }

  #end(drop: boolean): void {
    const drag = this.drag;
    if (!drag) return;
    this.drag = undefined;
    this.ghost = undefined;
    this.#host.requestUpdate();
    this.#callbacks.ended(drag.id, drop ? drag.target : undefined);
  }

  /** The columns as drag and drop sees them, the dragged card left out. */
  #columns(): ColumnBox[] {
    const dragged = this.drag?.id;
    return [...this.#host.renderRoot.querySelectorAll<HTMLElement>('section.column')].map((section) => {
      const box = section.getBoundingClientRect();
      const middles = [...section.querySelectorAll<HTMLElement>(CARD_TAG)]
        .filter((c) => c.dataset.id !== dragged)
        .map((c) => {
          const rect = c.getBoundingClientRect();
          return rect.top + rect.height / 2;
        });
      return { stage: section.dataset.stage!, left: box.left, right: box.right, middles };
    });
  }

  #track(x: number, y: number): void {
    if (this.drag) this.#set(retarget(this.drag, dropTargetAt(this.#columns(), x, y)));
  }

  #liftByTouch(touch: TouchDrag): void {
    if (this.#touch !== touch) return;
    touch.active = true;
    try {
      touch.card.setPointerCapture(touch.pointerId);
    } catch {
      // The finger already left: the pointerup that follows ends the drag.
    }
    const box = touch.card.getBoundingClientRect();
    this.#start(touch.id);
    this.ghost = { x: touch.startX - box.width / 2, y: touch.startY - 24, width: box.width, name: this.#callbacks.nameOf(touch.id) ?? '' };
    this.#track(touch.startX, touch.startY);
    navigator.vibrate?.(15);
  }

  readonly #onPointerMove = (event: PointerEvent) => {
    const touch = this.#touch;
    if (!touch || event.pointerId !== touch.pointerId) return;
    if (!touch.active) {
      if (isScroll(event.clientX - touch.startX, event.clientY - touch.startY)) this.#cancelTouch();
      return;
    }
    event.preventDefault();
    if (this.ghost) {
      this.ghost = { ...this.ghost, x: event.clientX - this.ghost.width / 2, y: event.clientY - 24 };
      this.#host.requestUpdate();
    }
    this.#edgeScroll(event.clientX);
    this.#track(event.clientX, event.clientY);
  };

  readonly #onPointerUp = (event: PointerEvent) => {
    const touch = this.#touch;
    if (!touch || event.pointerId !== touch.pointerId) return;
    timersOf(this.#host).clear(touch.timer);
    this.#touch = undefined;
    if (!touch.active) return;
    this.#touchEndedAt = Date.now();
    this.#track(event.clientX, event.clientY);
    this.#end(true);
  };

  readonly #onPointerCancel = (event: PointerEvent) => {
    if (this.#touch && event.pointerId === this.#touch.pointerId) this.#cancelTouch();
  };

  readonly #onTouchMove = (event: TouchEvent) => {
    if (this.#touch?.active) event.preventDefault();
  };

  readonly #onContextMenu = (event: Event) => {
    if (this.#touch) event.preventDefault();
  };

  #cancelTouch(): void {
    const touch = this.#touch;
    if (!touch) return;
    timersOf(this.#host).clear(touch.timer);
    this.#touch = undefined;
    if (touch.active) {
      this.#touchEndedAt = Date.now();
      this.#end(false);
    }
  }

  /** Scrolls the board sideways while a finger drags a card near its edge. */
  #edgeScroll(x: number): void {
    const board = this.#host.renderRoot.querySelector<HTMLElement>('.board');
    if (!board) return;
    const box = board.getBoundingClientRect();
    if (x < box.left + 32) board.scrollBy({ left: -16 });
    else if (x > box.right - 32) board.scrollBy({ left: 16 });
  }
}
