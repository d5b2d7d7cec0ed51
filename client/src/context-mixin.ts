import { consume } from '@lit/context';
import type { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import type { User } from '../../shared/user.js';
import type { ShoalApi } from './api.js';
import { apiContext, liveContext, userContext } from './context.js';
import type { LiveClient } from './live.js';

// A mixin's base must be a constructor taking any arguments (TypeScript's rule for mixins).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ElementClass = new (...args: any[]) => LitElement;

/**
 * Gives a component the three things `<shoal-app>` provides: `api` (the REST client), `live`
 * (the live connection) and `user` (the signed-in user). Each is consumed from context and kept
 * up to date, or can be set directly (as tests do) where no `<shoal-app>` is around.
 */
export function WithShoalContext<Base extends ElementClass>(base: Base) {
  class ShoalContextElement extends base {
    /** The REST client (from `<shoal-app>`, or set directly). */
    @consume({ context: apiContext, subscribe: true })
    @property({ attribute: false })
    api: ShoalApi | undefined;

    /** The live connection (from `<shoal-app>`, or set directly): its store and its events. */
    @consume({ context: liveContext, subscribe: true })
    @property({ attribute: false })
    live: LiveClient | undefined;

    /** The signed-in user (from `<shoal-app>`, or set directly); undefined while nobody is signed in. */
    @consume({ context: userContext, subscribe: true })
    @property({ attribute: false })
    user: User | undefined;
  }
  return ShoalContextElement;
}
