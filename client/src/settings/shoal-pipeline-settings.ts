import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { PipelineDefinition } from '../../../shared/pipeline.js';
import { WithShoalContext } from '../context-mixin.js';
import { StoreController } from '../data/store-controller.js';
import { StoreLoad } from '../data/store-load.js';
import { loadPipelines, pipelinesOf } from './settings-api.js';
import { settingsScreen } from './settings-styles.js';
import './shoal-pipeline-editor.js';

/**
 * Settings → Pipelines (admins, SPEC section 12): the team's pipelines, one chosen at a time
 * in the editor (its name and stages), and a new one. The pipelines are the record store's
 * (`GET /api/pipelines` once), kept current by their `pipeline` change events, so another
 * admin's change shows without a reload.
 */
@customElement('shoal-pipeline-settings')
export class ShoalPipelineSettings extends WithShoalContext(LitElement) {
  static override styles = [
    ...settingsScreen,
    css`
      .default-tag {
        font-size: 0.75rem;
        opacity: 0.85;
      }
    `,
  ];

  /** The pipeline shown in the editor (its id), or 'new'. */
  @state() private chosen: string | undefined;

  readonly #store = new StoreController(this, () => ({ live: this.live, api: this.api }), {
    // The list and the editor render the store's pipelines.
    pipeline: () => undefined,
    resync: () => void this.#loading.load(true),
  });

  /** The pipelines, once per store (their change events keep them current). */
  readonly #loading = new StoreLoad(this, () => ({ store: this.#store.store, api: this.api }), (store, api, again) => loadPipelines(store, api, again));

  get #pipelines(): PipelineDefinition[] {
    return pipelinesOf(this.#store.store);
  }

  #current(): PipelineDefinition | undefined {
    const list = this.#pipelines;
    return list.find((p) => p.id === this.chosen) ?? list[0];
  }

  #body() {
    const list = this.#pipelines;
    if (this.#loading.state === 'loading' && !list.length) return html`<div class="card state" role="status" aria-busy="true"><p>Loading pipelines…</p></div>`;
    if (this.#loading.state === 'error' && !list.length)
      return html`<div class="card state error" role="alert">
        <h2>Pipelines could not be loaded</h2>
        <p>${this.#loading.error}</p>
        <button type="button" class="retry" @click=${() => void this.#loading.load()}>Try again</button>
      </div>`;
    if (this.chosen === 'new')
      return html`<shoal-pipeline-editor
        .api=${this.api}
        .store=${this.#store.store}
        @shoal-pipeline-saved=${(e: CustomEvent<PipelineDefinition>) => (this.chosen = e.detail.id)}
        @shoal-cancel=${() => {
          this.chosen = undefined;
          void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('button.add-pipeline')?.focus());
        }}
      ></shoal-pipeline-editor>`;
    const current = this.#current();
    if (!current) return html`<div class="card state empty"><h2>No pipelines yet</h2><p>Add the first one: its stages are the columns of its board.</p></div>`;
    return html`<shoal-pipeline-editor .api=${this.api} .store=${this.#store.store} .pipeline=${current}></shoal-pipeline-editor>`;
  }

  protected override render() {
    const list = this.#pipelines;
    const current = this.chosen === 'new' ? undefined : this.#current();
    return html`<section aria-labelledby="pipelines-title">
      <div class="section-head">
        <div>
          <h2 id="pipelines-title">Pipelines</h2>
          <p class="subtitle">Each pipeline is a board of its own; its stages are the board's columns.</p>
        </div>
        <button type="button" class="primary add-pipeline" ?disabled=${this.chosen === 'new'} @click=${() => (this.chosen = 'new')}>Add a pipeline</button>
      </div>
      ${list.length
        ? html`<div class="kinds" role="group" aria-label="Pipeline">
            ${list.map(
              (p) =>
                html`<button type="button" class="kind pipeline" data-id=${p.id} aria-pressed=${p.id === current?.id ? 'true' : 'false'} @click=${() => (this.chosen = p.id)}>
                  ${p.name} ${p.default ? html`<span class="default-tag">(default)</span>` : nothing}
                </button>`,
            )}
            ${this.chosen === 'new' ? html`<button type="button" class="kind" aria-pressed="true">New pipeline</button>` : nothing}
          </div>`
        : nothing}
      ${this.#body()}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-pipeline-settings': ShoalPipelineSettings;
  }
}
