import { html, nothing } from 'lit';
import type { PresenceEntry } from '../../../shared/events.js';
import { listNames } from '../components/shoal-online-users.js';
import '../components/shoal-avatar.js';

/** A colleague on a record's page (one entry per person, whatever their number of tabs). */
export interface Viewer {
  id: string;
  name: string;
  color?: string | undefined;
  editing?: string | undefined;
}

/**
 * The colleagues on one record's page from its presence room's list: not the signed-in user,
 * one per person (the tab that is editing wins), by name.
 */
export function viewersOf(entries: readonly PresenceEntry[], me: string | undefined, recordId: string): Viewer[] {
  const seen = new Map<string, Viewer>();
  for (const entry of entries) {
    if (entry.actor.id === me || entry.recordId !== recordId) continue;
    const known = seen.get(entry.actor.id);
    if (!known || (!known.editing && entry.editing)) seen.set(entry.actor.id, { id: entry.actor.id, name: entry.actor.name, color: entry.color, editing: entry.editing });
  }
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** "Ana Silva is editing": the badge beside a field colleagues are editing. */
export function busyBadge(viewers: readonly Viewer[], field: string) {
  const editors = viewers.filter((v) => v.editing === field);
  if (!editors.length) return nothing;
  return html`<span class="busy">${listNames(editors.map((v) => v.name))} ${editors.length === 1 ? 'is' : 'are'} editing</span>`;
}

/** Who else is on the page, with avatars; `describe` puts a presence `editing` in words. */
export function viewersBlock(viewers: readonly Viewer[], describe: (editing: string) => string) {
  if (!viewers.length) return nothing;
  const described = viewers.map((v) => (v.editing ? `${v.name} (${describe(v.editing)})` : v.name));
  const label = `Also viewing: ${listNames(described)}`;
  const first = viewers[0]!;
  return html`<div class="viewers" role="group" aria-label=${label}>
    <ul>
      ${viewers.slice(0, 5).map(
        (v) => html`<li class=${v.editing ? 'editing' : ''} title=${v.name}>
          <shoal-avatar name=${v.name} color=${v.color ?? nothing} user-id=${v.id} label=${v.editing ? `${v.name}, ${describe(v.editing)}` : v.name}></shoal-avatar>
        </li>`,
      )}
    </ul>
    <span class="who" aria-hidden="true">
      ${viewers.length === 1
        ? html`<strong>${first.name}</strong> ${first.editing ? describe(first.editing) : 'is here too'}`
        : html`<strong>${viewers.length} colleagues</strong> here${viewers.some((v) => v.editing) ? html` · ${viewers.filter((v) => v.editing).length} editing` : nothing}`}
    </span>
  </div>`;
}

/** The colleagues in a view's presence room: not the signed-in user, one per person. */
export function colleaguesOf(entries: readonly PresenceEntry[], me: string | undefined): Viewer[] {
  const seen = new Map<string, Viewer>();
  for (const entry of entries) if (entry.actor.id !== me) seen.set(entry.actor.id, { id: entry.actor.id, name: entry.actor.name, color: entry.color });
  return [...seen.values()];
}

/**
 * The colleagues on a list or the board, as overlapping avatars (the `presenceAvatars` styles):
 * "Ana Silva is also here", "3 colleagues here"; screen readers hear their names and `place`
 * ("here", "on the board").
 */
export function alsoHere(people: readonly Omit<Viewer, 'editing'>[], place = 'here') {
  if (people.length === 0) return nothing;
  const names = people.map((p) => p.name);
  const label = `${listNames(names)} ${names.length === 1 ? 'is' : 'are'} also ${place}`;
  return html`<div class="presence">
    <ul class="avatars" aria-label=${label}>
      ${people.slice(0, 5).map((p) => html`<li title=${p.name}><shoal-avatar name=${p.name} color=${p.color ?? ''} user-id=${p.id}></shoal-avatar></li>`)}
    </ul>
    <span aria-hidden="true">${names.length === 1 ? `${names[0]} is also here` : `${names.length} colleagues here`}</span>
  </div>`;
}
