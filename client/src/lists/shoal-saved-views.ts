import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { User } from '../../../shared/user.js';
import { ApiError, describeError, type ShoalApi } from '../api.js';
import { base, plainList } from '../styles.js';
import { createView, deleteView, listViews, patchView, type SavedView, type SavedViewInput } from './views-api.js';

/** What a list shows now, as a view would save it. */
export interface ViewState {
  filters: Record<string, string>;
  sort: string;
  columns: string[] | undefined;
}

/** Detail of `shoal-view-apply`: the view chosen (undefined: the list without a view). */
export interface ViewApplyDetail {
  view: SavedView | undefined;
}

const sameState = (view: SavedView, now: ViewState) =>
  JSON.stringify(Object.entries(view.filters ?? {}).sort()) === JSON.stringify(Object.entries(now.filters).sort()) &&
  (view.sort ?? '') === now.sort &&
  JSON.stringify(view.columns ?? null) === JSON.stringify(now.columns ?? null);

/**
 * The saved views of a list, in a side list: the list itself ("All customers"), the rep's own
 * views and the team's. Choosing one applies its filters, sort and columns; "Save view" keeps
 * what the list shows now under a name, for the rep alone or for the team; the rep's own views
 * can be updated with what the list shows, or deleted (with Undo).
 *
 * @fires shoal-view-apply - The rep chose a view. Detail: {@link ViewApplyDetail}.
 */
@customElement('shoal-saved-views')
export class ShoalSavedViews extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
        font-size: 0.9rem;
      }
      nav {
        border: 1px solid var(--shoal-border, #e3e8ee);
        border-radius: 0.75rem;
        background: var(--shoal-surface, #fff);
        padding: 0.75rem;
      }
      h2 {
        margin: 0 0 0.5rem;
        font-size: 0.75rem;
        letter-spacing: 0.04em;
        text-transform: uppercase;
        color: var(--shoal-muted, #536171);
      }
      h3 {
        margin: 0.75rem 0 0.25rem;
        font-size: 0.75rem;
        font-weight: 600;
        color: var(--shoal-muted, #536171);
      }
      ${plainList}
      li {
        display: flex;
        align-items: center;
        gap: 0.25rem;
      }
      button.view {
        flex: 1;
        justify-content: flex-start;
        min-height: 2rem;
        padding: 0.25rem 0.5rem;
        border: none;
        background: transparent;
        font-weight: 500;
        text-align: left;
        white-space: normal;
      }
      button.view[aria-current='true'] {
        background: var(--shoal-selected, #e3f0f7);
        color: var(--shoal-primary, #0b6e99);
        font-weight: 600;
      }
      .badge {
        font-size: 0.6875rem;
        font-weight: 600;
        color: var(--shoal-note-text, #7a4b00);
      }
      button.icon {
        min-height: 1.75rem;
        padding: 0 0.4rem;
        border: none;
        background: transparent;
        color: var(--shoal-muted, #536171);
        font-size: 0.8125rem;
      }
      .muted {
        margin: 0.25rem 0.5rem;
        color: var(--shoal-muted, #536171);
        font-size: 0.8125rem;
      }
      form {
        margin-top: 0.75rem;
        display: grid;
        gap: 0.5rem;
      }
      form label.inline {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        font-size: 0.8125rem;
      }
      form label.inline input {
        width: auto;
        min-height: 0;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.375rem;
        margin-top: 0.75rem;
      }
      .error {
        color: var(--shoal-danger, #b42318);
        font-size: 0.8125rem;
        margin: 0.5rem 0 0;
      }
      .undo {
        margin-top: 0.5rem;
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 0.5rem;
        font-size: 0.8125rem;
      }
    `,
  ];

  /** The REST client. */
  @property({ attribute: false })
  api: ShoalApi | undefined;

  /** The list's entity (`customer`, `contact`, `opportunity`). */
  @property()
  entity = 'customer';

  /** What the list without a view is called ("All customers"). */
  @property()
  allLabel = 'All';

  /** The signed-in user: their own views can be changed. */
  @property({ attribute: false })
  user: User | undefined;

  /** The view the list shows (its id), if any. */
  @property()
  active: string | undefined;

  /** What the list shows now. */
  @property({ attribute: false })
  current: ViewState = { filters: {}, sort: '', columns: undefined };

  @state() private views: SavedView[] = [];
  @state() private loaded = false;
  @state() private error = '';
  @state() private saving = false;
  @state() private formOpen = false;
  @state() private name = '';
  @state() private team = false;
  @state() private removed: SavedView | undefined;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('api') || changed.has('entity')) && this.api) void this.reload();
  }

  /** Loads the views again (after a change elsewhere). */
  async reload(): Promise<void> {
    if (!this.api) return;
    try {
      this.views = await listViews(this.api, this.entity);
      this.error = '';
    } catch (error) {
      this.error = error instanceof ApiError && error.status === 404 ? 'Saved views are not available on this server yet.' : describeError(error);
    }
    this.loaded = true;
  }

  #apply(view: SavedView | undefined): void {
    this.active = view?.id;
    this.dispatchEvent(new CustomEvent<ViewApplyDetail>('shoal-view-apply', { detail: { view }, bubbles: true, composed: true }));
  }

  #input(): SavedViewInput {
    return { entity: this.entity as SavedViewInput['entity'], name: this.name.trim(), filters: this.current.filters, sort: this.current.sort, columns: this.current.columns ?? [], shared: this.team ? 'team' : 'me' };
  }

  async #save(event: Event): Promise<void> {
    event.preventDefault();
    if (!this.api || this.saving) return;
    if (!this.name.trim()) {
      this.error = 'Give the view a name.';
      return;
    }
    this.saving = true;
    this.error = '';
    try {
      const view = await createView(this.api, this.#input());
      this.views = [...this.views, view];
      this.formOpen = false;
      this.name = '';
      this.#apply(view);
    } catch (error) {
      const named = error instanceof ApiError ? error.problem.errors?.[0] : undefined;
      this.error = named ? `${named.path === 'name' ? 'The name' : named.path} ${named.message}.` : describeError(error);
    } finally {
      this.saving = false;
    }
  }

  async #update(view: SavedView): Promise<void> {
    if (!this.api) return;
    try {
      const saved = await patchView(this.api, view.id, { filters: this.current.filters, sort: this.current.sort, columns: this.current.columns ?? [] });
      this.views = this.views.map((v) => (v.id === view.id ? saved : v));
    } catch (error) {
      this.error = describeError(error);
    }
  }

  async #delete(view: SavedView): Promise<void> {
    if (!this.api) return;
    try {
      await deleteView(this.api, view.id);
      this.views = this.views.filter((v) => v.id !== view.id);
      this.removed = view;
      if (this.active === view.id) this.#apply(undefined);
    } catch (error) {
      this.error = describeError(error);
    }
  }

  async #undoDelete(): Promise<void> {
    const view = this.removed;
    if (!view || !this.api) return;
    this.removed = undefined;
    try {
      const { entity, name, filters, sort, columns, shared } = view;
      this.views = [...this.views, await createView(this.api, { entity, name, filters, columns, shared, ...(sort ? { sort } : {}) })];
    } catch (error) {
      this.error = describeError(error);
    }
  }

  #item(view: SavedView) {
    const active = this.active === view.id;
    const changed = active && !sameState(view, this.current);
    const own = !view.ownerId || view.ownerId === this.user?.id;
    return html`<li>
      <button type="button" class="view" aria-current=${active ? 'true' : 'false'} @click=${() => this.#apply(view)}>
        ${view.name}${changed ? html`&nbsp;<span class="badge">· changed</span>` : nothing}
      </button>
      ${active && changed && own ? html`<button type="button" class="icon update" title="Save what the list shows into ${view.name}" @click=${() => void this.#update(view)}>Update</button>` : nothing}
      ${own ? html`<button type="button" class="icon delete" aria-label="Delete view ${view.name}" @click=${() => void this.#delete(view)}>✕</button>` : nothing}
    </li>`;
  }

  protected override render() {
    const mine = this.views.filter((v) => v.shared !== 'team');
    const team = this.views.filter((v) => v.shared === 'team');
    return html`<nav aria-label="Saved views">
      <h2>Views</h2>
      <ul>
        <li><button type="button" class="view" aria-current=${this.active ? 'false' : 'true'} @click=${() => this.#apply(undefined)}>${this.allLabel}</button></li>
      </ul>
      <h3 id="mine">Your views</h3>
      ${mine.length ? html`<ul aria-labelledby="mine">${mine.map((v) => this.#item(v))}</ul>` : html`<p class="muted">${this.loaded ? 'None yet.' : 'Loading…'}</p>`}
      <h3 id="team">Team views</h3>
      ${team.length ? html`<ul aria-labelledby="team">${team.map((v) => this.#item(v))}</ul>` : html`<p class="muted">${this.loaded ? 'None yet.' : 'Loading…'}</p>`}
      ${this.removed
        ? html`<div class="undo" role="status">
            <span>Deleted “${this.removed.name}”</span><button type="button" class="small undo-delete" @click=${() => void this.#undoDelete()}>Undo</button>
          </div>`
        : nothing}
      ${this.formOpen
        ? html`<form @submit=${(e: Event) => void this.#save(e)} aria-label="Save view">
            <label for="view-name" class="visually-hidden">View name</label>
            <input id="view-name" placeholder="View name" autocomplete="off" .value=${this.name} @input=${(e: Event) => (this.name = (e.target as HTMLInputElement).value)} />
            <label class="inline"><input type="checkbox" .checked=${this.team} @change=${(e: Event) => (this.team = (e.target as HTMLInputElement).checked)} />Share with the team</label>
            <div class="actions">
              <button type="submit" class="small primary save" ?disabled=${this.saving}>${this.saving ? 'Saving…' : 'Save'}</button>
              <button type="button" class="small" @click=${() => (this.formOpen = false)}>Cancel</button>
            </div>
          </form>`
        : html`<div class="actions">
            <button
              type="button"
              class="small save-view"
              @click=${() => {
                this.formOpen = true;
                void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('#view-name')?.focus());
              }}
            >
              Save view
            </button>
          </div>`}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
    </nav>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-saved-views': ShoalSavedViews;
  }
  interface GlobalEventHandlersEventMap {
    'shoal-view-apply': CustomEvent<ViewApplyDetail>;
  }
}
