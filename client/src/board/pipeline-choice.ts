import { html, nothing } from 'lit';
import type { PipelineDefinition } from '../../../shared/pipeline.js';
import type { ShoalApi } from '../api.js';
import type { RecordStore } from '../data/record-store.js';
import { fetchPipelines } from './board-api.js';
import { PIPELINE_PARAM, pipelineOfSearch } from './board-prefetch.js';

export { PIPELINE_PARAM, pipelineOfSearch };

/** The address with this pipeline in it (none: the default one), the rest kept. */
export function withPipeline(href: string, pipelineId: string | undefined): URL {
  const url = new URL(href);
  if (pipelineId) url.searchParams.set(PIPELINE_PARAM, pipelineId);
  else url.searchParams.delete(PIPELINE_PARAM);
  return url;
}

/** Puts the pipeline shown in the page's address, in place (no new history entry). */
export function showPipelineInAddress(pipelineId: string | undefined): void {
  if (!globalThis.location || !globalThis.history) return;
  const url = withPipeline(location.href, pipelineId);
  if (url.href !== location.href) history.replaceState(history.state, '', url);
}

/**
 * The board's pipelines: every pipeline (`GET /pipelines`, loaded once into the record store,
 * then kept by the store's pipeline changes), for the switcher.
 */
export class PipelineList {
  #loading: Promise<void> | undefined;
  list: PipelineDefinition[] = [];

  /** Loads the pipelines into the store once; a failed load is tried again on the next call. */
  load(api: ShoalApi, store: RecordStore | undefined, done: () => void): void {
    this.#loading ??= fetchPipelines(api).then(
      (pipelines) => {
        for (const p of pipelines) store?.put('pipeline', p);
        this.list = store ? this.#ordered(store) : pipelines;
        done();
      },
      () => {
        this.#loading = undefined;
      },
    );
  }

  /** The pipelines as the store has them now (after a pipeline's change). */
  refresh(store: RecordStore | undefined): void {
    if (store) this.list = this.#ordered(store);
  }

  /** The default pipeline first, the others by name. */
  #ordered(store: RecordStore): PipelineDefinition[] {
    return store.where('pipeline').sort((a, b) => Number(b.default) - Number(a.default) || a.name.localeCompare(b.name));
  }

  /** The id of the pipeline shown: the one chosen, else the default one. */
  idOf(chosen: string | undefined): string | undefined {
    return chosen ?? this.list.find((p) => p.default)?.id;
  }
}

/** The switcher: a labelled select of the pipelines, shown when there are several. */
export function pipelinePicker(list: readonly PipelineDefinition[], shown: string | undefined, onChange: (id: string) => void) {
  if (list.length < 2) return nothing;
  return html`<div class="filter">
    <label for="pipeline-choice">Pipeline</label>
    <select id="pipeline-choice" .value=${shown ?? ''} @change=${(e: Event) => onChange((e.target as HTMLSelectElement).value)}>
      ${list.map((p) => html`<option value=${p.id} ?selected=${p.id === shown}>${p.name}</option>`)}
    </select>
  </div>`;
}
