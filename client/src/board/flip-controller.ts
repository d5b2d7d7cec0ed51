import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Opportunity } from '../../../shared/opportunity.js';

const FLIP_MS = 340;

type Host = ReactiveControllerHost & HTMLElement & { renderRoot: HTMLElement | DocumentFragment; hasUpdated: boolean };

/** A card element as the animation sees it. */
type CardElement = HTMLElement & { deal?: Opportunity | undefined };

/**
 * Cards slide to their new place after a change (FLIP with the Web Animations API): call
 * `snapshot()` before changing the board; after the host's next update every card that moved
 * slides from where it was. A card that changed column flies over the board (columns clip
 * their own cards) in the host's `.flights` layer; `arrive(id)` makes a card that is new in
 * its column fade in. Nothing animates with `prefers-reduced-motion: reduce`.
 */
export class FlipController implements ReactiveController {
  readonly #host: Host;
  readonly #customerOf: (deal: Opportunity) => string;
  /** Card positions before an update. */
  #rects: Map<string, { rect: DOMRect; stage: string }> | undefined;
  /** Cards a colleague's change brought in: they fly in rather than slide. */
  readonly #arrivals = new Set<string>();

  constructor(host: Host, customerOf: (deal: Opportunity) => string) {
    this.#host = host;
    this.#customerOf = customerOf;
    host.addController(this);
  }

  /** Remembers where every card is before a change, so the change can animate. */
  snapshot(): void {
    if (this.#rects || !this.#host.hasUpdated) return;
    const rects = new Map<string, { rect: DOMRect; stage: string }>();
    for (const el of this.#cards()) rects.set(el.dataset.id!, { rect: el.getBoundingClientRect(), stage: el.dataset.stage! });
    // Before the first cards there is nothing to animate from (and no layout to force after).
    this.#rects = rects.size ? rects : undefined;
  }

  /** The card came in from elsewhere (a colleague's change): it fades in if it has no old place here. */
  arrive(id: string): void {
    this.#arrivals.add(id);
  }

  hostUpdated(): void {
    const rects = this.#rects;
    this.#rects = undefined;
    const arrivals = new Set(this.#arrivals);
    this.#arrivals.clear();
    if (!rects || matchMedia('(prefers-reduced-motion: reduce)').matches) return;
    for (const el of this.#cards()) {
      const id = el.dataset.id!;
      const was = rects.get(id);
      const now = el.getBoundingClientRect();
      if (!was) {
        if (arrivals.has(id)) el.animate([{ opacity: 0, transform: 'scale(0.96)' }, { opacity: 1, transform: 'none' }], { duration: FLIP_MS, easing: 'ease-out' });
        continue;
      }
      const dx = was.rect.left - now.left;
      const dy = was.rect.top - now.top;
      if (Math.abs(dx) + Math.abs(dy) < 1) continue;
      if (was.stage !== el.dataset.stage && el.deal) this.#fly(was.rect, now, el, el.deal);
      else el.animate([{ transform: `translate(${dx}px, ${dy}px)` }, { transform: 'none' }], { duration: FLIP_MS, easing: 'cubic-bezier(0.2, 0.7, 0.3, 1)' });
    }
  }

  #cards(): NodeListOf<CardElement> {
    return this.#host.renderRoot.querySelectorAll<CardElement>('shoal-pipeline-card');
  }

  #fly(from: DOMRect, to: DOMRect, el: CardElement, deal: Opportunity): void {
    const flyer = document.createElement('div');
    flyer.className = 'flyer';
    flyer.textContent = deal.name;
    const customer = document.createElement('span');
    customer.textContent = this.#customerOf(deal);
    flyer.append(customer);
    Object.assign(flyer.style, { left: `${to.left}px`, top: `${to.top}px`, width: `${to.width}px`, height: `${to.height}px` });
    this.#host.renderRoot.querySelector('.flights')?.append(flyer);
    const dx = from.left - to.left;
    const dy = from.top - to.top;
    const duration = FLIP_MS + 120;
    flyer
      .animate([{ transform: `translate(${dx}px, ${dy}px)`, opacity: 1 }, { transform: 'none', opacity: 1 }], { duration, easing: 'cubic-bezier(0.2, 0.7, 0.3, 1)' })
      .finished.catch(() => undefined)
      .finally(() => flyer.remove());
    el.animate([{ opacity: 0 }, { opacity: 0, offset: 0.85 }, { opacity: 1 }], { duration });
  }
}
