import type { Actor } from '../../shared/common.js';

const ID_KEY = 'shoal.actor.id';
const NAME_KEY = 'shoal.actor.name';

/** Longest display name the server accepts (shared/common.ts `Actor`). */
export const MAX_NAME_LENGTH = 80;

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    // Storage can be blocked (privacy settings); the rep then picks a name per visit.
    return undefined;
  }
}

function randomId(): string {
  return `rep-${crypto.randomUUID()}`;
}

/**
 * Who this browser acts as until accounts exist: a random id and the display name the rep
 * picked, both kept in localStorage. Listeners hear about name changes.
 */
export class Identity {
  #id: string;
  #name: string | undefined;
  #listeners = new Set<(actor: Actor) => void>();

  constructor(private readonly store: Storage | undefined = storage()) {
    const id = store?.getItem(ID_KEY);
    this.#id = id && id.length <= 64 ? id : randomId();
    if (!id) store?.setItem(ID_KEY, this.#id);
    const name = store?.getItem(NAME_KEY)?.trim();
    this.#name = name ? name.slice(0, MAX_NAME_LENGTH) : undefined;
  }

  /** The stable id of this browser's rep. */
  get id(): string {
    return this.#id;
  }

  /** The display name, or undefined before the rep picked one. */
  get name(): string | undefined {
    return this.#name;
  }

  /** The actor, once the rep has a name. */
  get actor(): Actor | undefined {
    return this.#name ? { id: this.#id, name: this.#name } : undefined;
  }

  /** Sets the display name (trimmed, at most 80 characters) and tells the listeners. */
  setName(name: string): void {
    const clean = name.trim().slice(0, MAX_NAME_LENGTH);
    if (!clean) throw new Error('A name is required');
    this.#name = clean;
    this.store?.setItem(NAME_KEY, clean);
    const actor = { id: this.#id, name: clean };
    for (const listener of this.#listeners) listener(actor);
  }

  /** Calls `listener` on every name change; returns the unsubscribe function. */
  onChange(listener: (actor: Actor) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
