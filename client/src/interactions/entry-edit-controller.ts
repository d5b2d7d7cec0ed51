import { html, nothing, type LitElement, type ReactiveController } from 'lit';
import type { Interaction } from '../../../shared/interaction.js';
import type { User } from '../../../shared/user.js';
import type { ShoalApi } from '../api.js';
import type { RecordStore, StoreChange } from '../data/record-store.js';
import { INTERACTION_TYPE_INFO } from '../format/interaction-types.js';
import { removeError, removeInteraction } from './remove.js';
import './shoal-interaction-form.js';
import type { InteractionSavedDetail } from './shoal-interaction-form.js';

export interface EntryEditOptions {
  api: () => ShoalApi | undefined;
  store: () => RecordStore | undefined;
  /** The signed-in user's id: their own changes are not a colleague's. */
  me: () => string | undefined;
  team: () => User[];
  /** What screen readers hear ("Call saved"). */
  say: (text: string) => void;
  /** An edit opened (`true`) or closed (`false`). */
  editing?: (editing: boolean) => void;
  /** Where the focus goes after a delete. */
  removed?: (entry: Interaction) => void;
  /** Undo logged it again, before its change event came. */
  recreated?: (created: Interaction) => void;
}

/**
 * Editing and deleting interactions in a list (the customer's timeline, the dashboard's
 * history), with the one interaction form: Edit opens `<shoal-interaction-form>` in place of the
 * entry (its rules: only the changed fields, If-Match, "Keep yours, or take theirs?"); a
 * colleague's save meanwhile names them in the form, their delete closes it; Delete needs no
 * question and offers Undo (interactions/remove.ts). Entries are `li[data-id]` in the host.
 */
export class EntryEditController implements ReactiveController {
  /** The entry being edited in place. */
  editingId: string | undefined;
  /** Who last changed the entry being edited, for the form's notice. */
  editedBy: string | undefined;
  /** The entry being deleted. */
  removing: string | undefined;
  /** A refused delete's message, by entry. */
  errors: Record<string, string> = {};

  constructor(
    private readonly host: LitElement,
    private readonly options: EntryEditOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  #focus(selector: string): void {
    void this.host.updateComplete.then(() => this.host.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  edit(entry: Interaction): void {
    this.editingId = entry.id;
    this.editedBy = undefined;
    this.options.editing?.(true);
    this.host.requestUpdate();
    this.#focus(`li[data-id="${entry.id}"] shoal-interaction-form`);
  }

  /** Closes the form (the focus back on the entry's Edit, when `focusId` names it). */
  end(focusId?: string): void {
    if (!this.editingId) return;
    this.editingId = undefined;
    this.options.editing?.(false);
    this.host.requestUpdate();
    if (focusId) this.#focus(`li[data-id="${focusId}"] button.edit`);
  }

  #saved({ interaction: saved }: InteractionSavedDetail): void {
    this.options.store()?.put('interaction', saved);
    this.options.say(`${INTERACTION_TYPE_INFO[saved.type].label} saved`);
    this.end(saved.id);
  }

  async remove(entry: Interaction): Promise<void> {
    const api = this.options.api();
    if (!api || this.removing) return;
    this.removing = entry.id;
    const { [entry.id]: _was, ...others } = this.errors;
    this.errors = others;
    this.host.requestUpdate();
    try {
      await removeInteraction(entry, { api, store: this.options.store(), host: this.host, ...(this.options.recreated ? { recreated: this.options.recreated } : {}) });
      if (this.editingId === entry.id) this.end();
      this.options.say(`${INTERACTION_TYPE_INFO[entry.type].label} deleted`);
      this.options.removed?.(entry);
    } catch (error) {
      this.errors = { ...this.errors, [entry.id]: removeError(entry, error) };
    } finally {
      this.removing = undefined;
      this.host.requestUpdate();
    }
  }

  /** A change the store took: a colleague's save of the entry being edited names them; their delete closes the form. */
  changed({ id, event, after }: StoreChange<'interaction'>): void {
    if (!event || id !== this.editingId || event.actor.id === this.options.me()) return;
    if (!after) {
      this.options.say(`${event.actor.name} deleted the interaction you were editing`);
      this.end();
    } else this.editedBy = event.actor.name;
    this.host.requestUpdate();
  }

  /** The form in place of the entry being edited. */
  form(entry: Interaction) {
    return html`<shoal-interaction-form
      .api=${this.options.api()}
      .team=${this.options.team()}
      customer-id=${entry.customerId}
      type=${entry.type}
      .interaction=${entry}
      .changedBy=${this.editedBy}
      @shoal-interaction-saved=${(e: CustomEvent<InteractionSavedDetail>) => this.#saved(e.detail)}
      @shoal-interaction-cancel=${() => this.end(entry.id)}
    ></shoal-interaction-form>`;
  }

  /** An entry's refused delete, and its Edit and Delete (the `entryActions` styles). */
  actions(entry: Interaction) {
    const info = INTERACTION_TYPE_INFO[entry.type];
    const name = `${info.label.toLowerCase()}${entry.subject ? ` “${entry.subject}”` : ''}`;
    const error = this.errors[entry.id];
    const removing = this.removing === entry.id;
    return html`${error ? html`<p class="error" role="alert">${error}</p>` : nothing}
      <div class="actions">
        <button type="button" class="small edit" aria-label="Edit the ${name}" @click=${() => this.edit(entry)}>Edit</button>
        <button type="button" class="small delete" aria-label="Delete the ${name}" ?disabled=${removing} @click=${() => void this.remove(entry)}>${removing ? 'Deleting…' : 'Delete'}</button>
      </div>`;
  }
}
