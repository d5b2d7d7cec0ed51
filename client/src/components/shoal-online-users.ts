import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { PresenceEntry } from '../../../shared/events.js';
import { WithShoalContext } from '../context-mixin.js';
import { LiveController } from '../live-controller.js';
import { base } from '../styles.js';
import './shoal-avatar.js';
import { roomOf } from '../../../shared/rooms.js';

/** The room every signed-in socket is in; its presence lists everyone online. */
const TEAM_ROOM = roomOf({ kind: 'team' });
const MAX_SHOWN = 4;

/** One person online, however many tabs they have open. */
interface OnlineUser {
  id: string;
  name: string;
  color?: string | undefined;
}

/** "Ana", "Ana and Ben", "Ana, Ben and Dana". */
export function listNames(names: string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * Who else is online right now: one avatar per colleague (the signed-in user left out),
 * from the presence of the team room. Each avatar's tooltip names the person; screen
 * readers hear the whole list.
 *
 * @cssproperty --shoal-online-ring - Colour of the ring between avatars (the header's background).
 */
@customElement('shoal-online-users')
export class ShoalOnlineUsers extends WithShoalContext(LitElement) {
  static override styles = [
    base,
    css`
      :host {
        display: inline-flex;
      }
      ul {
        display: flex;
        align-items: center;
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        margin-left: -0.375rem;
        border-radius: 50%;
        --shoal-avatar-size: 1.875rem;
        --shoal-avatar-ring: 0 0 0 2px var(--shoal-online-ring, #0f2a3d);
      }
      li:first-child {
        margin-left: 0;
      }
      .more {
        display: grid;
        place-items: center;
        width: 1.875rem;
        height: 1.875rem;
        border-radius: 50%;
        font-size: 0.75rem;
        font-weight: 700;
        background: #d0d9e1;
        color: #14181d;
        box-shadow: 0 0 0 2px var(--shoal-online-ring, #0f2a3d);
      }
    `,
  ];

  @state() private entries: PresenceEntry[] = [];

  readonly #live = new LiveController(this, () => this.live, {
    presence: (room, entries) => {
      if (room === TEAM_ROOM) this.entries = entries;
    },
  });

  /** The colleagues online now, one entry each, by name. */
  get others(): OnlineUser[] {
    const seen = new Map<string, OnlineUser>();
    for (const entry of this.entries) {
      if (entry.actor.id === this.user?.id || seen.has(entry.actor.id)) continue;
      seen.set(entry.actor.id, { ...entry.actor, color: entry.color });
    }
    return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  protected override render() {
    const others = this.others;
    if (others.length === 0) return nothing;
    const names = others.map((o) => o.name);
    const shown = others.length > MAX_SHOWN + 1 ? others.slice(0, MAX_SHOWN) : others;
    const rest = others.slice(shown.length);
    return html`<ul aria-label="Online now: ${listNames(names)}" title="Online now: ${listNames(names)}">
      ${shown.map((o) => html`<li title=${o.name}><shoal-avatar name=${o.name} color=${o.color ?? ''} user-id=${o.id} label=${o.name}></shoal-avatar></li>`)}
      ${rest.length ? html`<li class="more" title=${listNames(rest.map((o) => o.name))} aria-hidden="true">+${rest.length}</li>` : nothing}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-online-users': ShoalOnlineUsers;
  }
}
