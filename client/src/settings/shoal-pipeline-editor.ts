import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { PipelineDefinition } from '../../../shared/pipeline.js';
import type { StageKind } from '../../../shared/stage.js';
import { ApiError, describeError, type ShoalApi } from '../api.js';
import type { RecordStore } from '../data/record-store.js';
import { base, cardBox, forms } from '../styles.js';
import { settingsStyles } from './settings-styles.js';
import { createPipeline, patchPipeline, stageCounts } from './settings-api.js';
import { addStage, changeStage, draftOf, isDirty, moveStage, patchOf, removeStage, restoreStage, stagesOut, type PipelineDraft, type StageDraft } from './stage-draft.js';

const KINDS: ReadonlyArray<{ kind: StageKind; label: string }> = [
  { kind: 'open', label: 'Open' },
  { kind: 'won', label: 'Won' },
  { kind: 'lost', label: 'Lost' },
];

/**
 * Edits one pipeline, or makes a new one (SPEC section 12): its name and its stages in board
 * order, each with a name, a probability, a kind and the days after which an open deal in it is
 * rotting. Stages are added, renamed, moved up and down (buttons, so the keyboard does it) and
 * removed; a removed stage that holds deals asks where they go (`moveDeals`), and an
 * unanswered one shows the API's 422 beside it. Everything is saved as one change.
 *
 * @fires shoal-pipeline-saved - Saved. Detail: the pipeline.
 * @fires shoal-cancel - A new pipeline was given up.
 */
@customElement('shoal-pipeline-editor')
export class ShoalPipelineEditor extends LitElement {
  static override styles = [
    base,
    cardBox,
    forms,
    settingsStyles,
    css`
      .card {
        padding: 1rem;
      }
      .name-field {
        max-width: 24rem;
      }
      h3 {
        font-size: 1rem;
        margin: 1.25rem 0 0.5rem;
      }
      ol.stages {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.5rem;
      }
      ol.stages > li {
        display: grid;
        grid-template-columns: 2rem minmax(10rem, 1fr) 6.5rem 7rem 8.5rem auto;
        gap: 0.5rem;
        align-items: end;
        border: 1px solid var(--shoal-border, #e3e8ee);
        border-radius: 0.625rem;
        padding: 0.625rem;
      }
      .place {
        font-variant-numeric: tabular-nums;
        color: var(--shoal-muted, #536171);
        padding-bottom: 0.5rem;
        text-align: center;
      }
      .small-label {
        font-size: 0.75rem;
        font-weight: 600;
        display: block;
        margin-bottom: 0.25rem;
      }
      .tools {
        display: flex;
        gap: 0.25rem;
      }
      .stage-error {
        grid-column: 2 / -1;
        margin: 0;
      }
      .stage-key {
        grid-column: 2 / -1;
        margin: -0.25rem 0 0;
        font-size: 0.75rem;
        color: var(--shoal-muted, #536171);
      }
      .removed {
        margin-top: 1rem;
        border-top: 1px dashed var(--shoal-border, #e3e8ee);
        padding-top: 0.75rem;
      }
      .removed li {
        margin-bottom: 0.5rem;
      }
      .removed ul {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      .move-row {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
      }
      .move-row select {
        width: auto;
      }
      .footer {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        justify-content: flex-end;
        margin-top: 1rem;
      }
      @media (max-width: 48rem) {
        ol.stages > li {
          grid-template-columns: repeat(3, minmax(0, 1fr));
        }
        /* The place is in the name's label ("Stage 2 name"). */
        .place {
          display: none;
        }
        ol.stages > li .name-cell,
        ol.stages > li .tools,
        .stage-error,
        .stage-key {
          grid-column: 1 / -1;
        }
        ol.stages > li .tools {
          justify-content: flex-end;
        }
      }
    `,
  ];

  /** The pipeline edited; absent: a new one. */
  @property({ attribute: false }) pipeline: PipelineDefinition | undefined;
  @property({ attribute: false }) api: ShoalApi | undefined;
  @property({ attribute: false }) store: RecordStore | undefined;

  @state() private draft: PipelineDraft = draftOf(undefined);
  @state() private counts: Record<string, number> = {};
  @state() private errors: Record<string, string> = {};
  @state() private formError = '';
  @state() private saving = false;
  @state() private announcement = '';
  /** Someone else changed the pipeline while this draft had changes of its own. */
  @state() private changedElsewhere = false;
  /** A save was refused (412): someone else changed what it wrote; their version is loaded. */
  @state() private refused = false;

  #draftOf: { id: string | undefined; version: number | undefined } = { id: 'none', version: undefined };

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('pipeline')) return;
    const p = this.pipeline;
    const same = p?.id === this.#draftOf.id;
    if (same && p && p.version !== this.#draftOf.version) {
      // A newer version: a clean draft follows it, a changed one says so.
      const saved = this.store?.get('pipeline', p.id);
      if (!this.saving && this.#draftOf.version !== undefined && isDirty(this.draft, this.#savedAs)) this.changedElsewhere = true;
      else this.#reset(saved ?? p);
      return;
    }
    if (!same) this.#reset(p);
  }

  /** What the draft was made from. */
  #savedAs: PipelineDefinition | undefined;

  #reset(p: PipelineDefinition | undefined): void {
    this.#draftOf = { id: p?.id, version: p?.version };
    this.#savedAs = p;
    this.draft = draftOf(p);
    this.errors = {};
    this.formError = '';
    this.changedElsewhere = false;
    this.refused = false;
    if (p) void this.#loadCounts(p.id);
  }

  async #loadCounts(id: string): Promise<void> {
    if (!this.api) return;
    try {
      this.counts = await stageCounts(this.api, id);
    } catch {
      // Without counts a removed stage still goes; the server's 422 says where deals must go.
      this.counts = {};
    }
  }

  get #saved() {
    return this.#savedAs?.stages ?? [];
  }

  #say(text: string): void {
    this.announcement = text;
  }

  #clearStageErrors(): void {
    this.errors = Object.fromEntries(Object.entries(this.errors).filter(([p]) => !p.startsWith('stages')));
  }

  #change(row: string, change: Partial<Omit<StageDraft, 'row' | 'isNew'>>): void {
    const index = this.draft.stages.findIndex((s) => s.row === row);
    this.draft = changeStage(this.draft, this.#saved, row, change);
    const field = Object.keys(change)[0];
    if (this.errors[`stages.${index}.${field}`] || this.errors.stages) {
      const rest = { ...this.errors };
      delete rest[`stages.${index}.${field}`];
      delete rest.stages;
      this.errors = rest;
    }
  }

  #focusRow(row: string, selector: string): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`li[data-row="${row}"] ${selector}`)?.focus());
  }

  #add(): void {
    const { draft, row } = addStage(this.draft, this.#saved);
    this.draft = draft;
    this.#clearStageErrors();
    this.#focusRow(row, 'input.stage-name');
  }

  #move(stage: StageDraft, by: -1 | 1): void {
    this.draft = moveStage(this.draft, stage.row, by);
    this.#clearStageErrors();
    const place = this.draft.stages.findIndex((s) => s.row === stage.row) + 1;
    this.#say(`${stage.name || 'The new stage'} moved to place ${place} of ${this.draft.stages.length}.`);
    // The focus stays on the button pressed, unless the stage reached that end.
    const atEnd = by < 0 ? place === 1 : place === this.draft.stages.length;
    this.#focusRow(stage.row, atEnd ? (by < 0 ? 'button.down' : 'button.up') : by < 0 ? 'button.up' : 'button.down');
  }

  #remove(stage: StageDraft): void {
    const index = this.draft.stages.indexOf(stage);
    this.draft = removeStage(this.draft, this.#saved, stage.row, this.counts);
    this.#clearStageErrors();
    const gone = this.draft.removed.find((r) => r.stage.key === stage.key && !stage.isNew);
    this.#say(gone?.deals ? `${stage.name} removed. Choose where its ${gone.deals} deals go, then save.` : `${stage.name || 'The new stage'} removed.`);
    void this.updateComplete.then(() => {
      const target = gone?.deals ? this.renderRoot.querySelector<HTMLElement>(`select[data-move="${stage.key}"]`) : this.renderRoot.querySelectorAll<HTMLElement>('ol.stages input.stage-name')[Math.min(index, this.draft.stages.length - 1)];
      target?.focus();
    });
  }

  #discard(): void {
    if (!this.pipeline) {
      this.dispatchEvent(new CustomEvent('shoal-cancel', { bubbles: true, composed: true }));
      return;
    }
    this.#reset(this.store?.get('pipeline', this.pipeline.id) ?? this.pipeline);
    this.#say('Changes discarded.');
  }

  async #save(event: Event): Promise<void> {
    event.preventDefault();
    if (this.saving || !this.api || !this.store) return;
    const saved = this.#savedAs;
    this.errors = {};
    this.formError = '';
    let body;
    if (saved) {
      body = patchOf(this.draft, saved);
      if (!body) {
        this.#say('Nothing to save.');
        return;
      }
    }
    this.saving = true;
    try {
      const result = saved ? await patchPipeline(this.api, this.store, saved.id, body!, saved.version) : await createPipeline(this.api, this.store, { name: this.draft.name.trim(), stages: stagesOut(this.draft) });
      this.saving = false;
      this.#reset(result);
      this.#say(saved ? `Saved the pipeline ${result.name}.` : `Added the pipeline ${result.name}.`);
      this.dispatchEvent(new CustomEvent('shoal-pipeline-saved', { detail: result, bubbles: true, composed: true }));
    } catch (error) {
      this.saving = false;
      this.#showError(error);
    }
  }

  #showError(error: unknown): void {
    const current = error instanceof ApiError && error.status === 412 ? (error.problem.current as PipelineDefinition | undefined) : undefined;
    if (current) {
      // Their version replaces the draft (it was made from an older one): the admin starts again from what is there now.
      this.#reset(current);
      this.refused = true;
      this.#say('Nothing was saved: someone else changed this pipeline. Their version is shown now.');
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.refused')?.focus());
      return;
    }
    if (error instanceof ApiError && (error.status === 422 || error.status === 409) && error.problem.errors?.length) {
      const errors: Record<string, string> = {};
      const other: string[] = [];
      for (const { path, message } of error.problem.errors) {
        const moved = /\(moveDeals\.([a-z0-9_-]+)\)/.exec(message)?.[1];
        if (path === 'moveDeals' && moved) errors[`moveDeals.${moved}`] ??= message.replace(/\s*\(moveDeals\.[^)]*\)/, '');
        else if (/^(name|stages|moveDeals)(\.|$)/.test(path)) errors[path] ??= message;
        else other.push(path ? `${path} ${message}` : message);
      }
      // A 409 of a name in use names no field: it is the name's.
      if (error.status === 409 && !error.problem.errors.length) errors.name = 'is used by another pipeline';
      this.errors = errors;
      this.formError = other.join('; ');
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    if (error instanceof ApiError && error.status === 409) {
      this.errors = { name: 'is used by another pipeline' };
      return;
    }
    this.formError = error instanceof ApiError && error.status === 403 ? 'Only admins can change pipelines, and you are no longer one.' : `Nothing was saved: ${describeError(error)}`;
  }

  #errorText(path: string, id: string, label: string) {
    const message = this.errors[path];
    return message ? html`<p class="error" id=${id}><span aria-hidden="true">⚠</span><span>${label} ${message}.</span></p>` : nothing;
  }

  #stageRow(s: StageDraft, i: number) {
    const n = this.draft.stages.length;
    const name = s.name.trim() || `stage ${i + 1}`;
    const err = (f: string) => this.errors[`stages.${i}.${f}`];
    const errorsHere = ['name', 'key', 'probability', 'kind', 'rotDays'].filter((f) => err(f));
    const errorId = `stage-error-${s.row}`;
    const input = (field: 'probability' | 'rotDays', label: string, min: number, max: number) => html`<div>
      <label class="small-label" for=${`${field}-${s.row}`}>${label}</label>
      <input
        id=${`${field}-${s.row}`}
        class=${field}
        type="number"
        inputmode="numeric"
        min=${min}
        max=${max}
        step="1"
        .value=${s[field]}
        ?disabled=${field === 'rotDays' && s.kind !== 'open'}
        placeholder=${field === 'rotDays' ? 'Never' : ''}
        aria-invalid=${err(field) ? 'true' : 'false'}
        aria-describedby=${err(field) ? errorId : nothing}
        @input=${(e: Event) => this.#change(s.row, { [field]: (e.target as HTMLInputElement).value })}
      />
    </div>`;
    return html`<li data-row=${s.row} data-key=${s.key}>
      <span class="place" aria-hidden="true">${i + 1}</span>
      <div class="name-cell">
        <label class="small-label" for=${`name-${s.row}`}>Stage ${i + 1} name</label>
        <input
          id=${`name-${s.row}`}
          class="stage-name"
          .value=${s.name}
          maxlength="60"
          autocomplete="off"
          aria-invalid=${err('name') || err('key') ? 'true' : 'false'}
          aria-describedby=${errorsHere.length ? errorId : nothing}
          @input=${(e: Event) => this.#change(s.row, { name: (e.target as HTMLInputElement).value })}
        />
      </div>
      ${input('probability', 'Probability %', 0, 100)}
      <div>
        <label class="small-label" for=${`kind-${s.row}`}>Kind</label>
        <select
          id=${`kind-${s.row}`}
          class="kind-select"
          aria-invalid=${err('kind') ? 'true' : 'false'}
          aria-describedby=${err('kind') ? errorId : nothing}
          @change=${(e: Event) => this.#change(s.row, { kind: (e.target as HTMLSelectElement).value as StageKind })}
        >
          ${KINDS.map((k) => html`<option value=${k.kind} ?selected=${k.kind === s.kind}>${k.label}</option>`)}
        </select>
      </div>
      ${input('rotDays', 'Rotting after (days)', 1, 3650)}
      <div class="tools">
        <button type="button" class="small up" aria-label=${`Move ${name} up`} ?disabled=${i === 0} @click=${() => this.#move(s, -1)}>↑</button>
        <button type="button" class="small down" aria-label=${`Move ${name} down`} ?disabled=${i === n - 1} @click=${() => this.#move(s, 1)}>↓</button>
        <button type="button" class="small ghost danger-text remove" aria-label=${`Remove ${name}`} ?disabled=${n === 1} @click=${() => this.#remove(s)}>Remove</button>
      </div>
      ${errorsHere.length
        ? html`<p class="error stage-error" id=${errorId}>
            <span aria-hidden="true">⚠</span><span>${errorsHere.map((f) => `${f === 'rotDays' ? 'Rot days' : f === 'probability' ? 'Probability' : f === 'kind' ? 'Kind' : f === 'key' ? 'Key' : 'Name'} ${err(f)}.`).join(' ')}</span>
          </p>`
        : s.isNew && s.key
          ? html`<p class="stage-key">New stage, key <code>${s.key}</code></p>`
          : nothing}
    </li>`;
  }

  #removed() {
    if (!this.draft.removed.length) return nothing;
    const kept = this.draft.stages.filter((s) => s.name.trim());
    return html`<div class="removed">
      <h3>Removed stages</h3>
      <ul>
        ${this.draft.removed.map((r) => {
          const error = this.errors[`moveDeals.${r.stage.key}`];
          const id = `move-${r.stage.key}`;
          return html`<li data-removed=${r.stage.key}>
            ${r.deals
              ? html`<div class="move-row">
                  <label for=${id}>Move the ${r.deals} ${r.deals === 1 ? 'deal' : 'deals'} of ${r.stage.name} to</label>
                  <select
                    id=${id}
                    data-move=${r.stage.key}
                    aria-invalid=${error ? 'true' : 'false'}
                    aria-describedby=${error ? `${id}-error` : nothing}
                    @change=${(e: Event) => {
                      const moveTo = (e.target as HTMLSelectElement).value;
                      this.draft = { ...this.draft, removed: this.draft.removed.map((x) => (x === r ? { ...x, moveTo } : x)) };
                      const rest = { ...this.errors };
                      delete rest[`moveDeals.${r.stage.key}`];
                      delete rest.moveDeals;
                      this.errors = rest;
                    }}
                  >
                    <option value="" ?selected=${!r.moveTo}>Choose a stage</option>
                    ${kept.map((s) => html`<option value=${s.key} ?selected=${r.moveTo === s.key}>${s.name}</option>`)}
                  </select>
                  <button type="button" class="small ghost undo" @click=${() => (this.draft = restoreStage(this.draft, this.#saved, r.stage.key))}>Keep ${r.stage.name}</button>
                </div>
                ${error ? html`<p class="error" id=${`${id}-error`}><span aria-hidden="true">⚠</span><span>Choose a stage: the change ${error}.</span></p>` : nothing}`
              : html`<div class="move-row">
                  <span>${r.stage.name} (no deals) goes when you save.</span>
                  <button type="button" class="small ghost undo" @click=${() => (this.draft = restoreStage(this.draft, this.#saved, r.stage.key))}>Keep ${r.stage.name}</button>
                </div>`}
          </li>`;
        })}
      </ul>
      ${this.errors.moveDeals ? html`<p class="error" role="alert"><span aria-hidden="true">⚠</span><span>Where deals go ${this.errors.moveDeals}.</span></p>` : nothing}
    </div>`;
  }

  protected override render() {
    const isNew = !this.pipeline;
    const dirty = isDirty(this.draft, this.#savedAs);
    return html`<form class="card" novalidate @submit=${(e: Event) => void this.#save(e)} aria-label=${isNew ? 'New pipeline' : `Pipeline ${this.pipeline!.name}`}>
      ${this.changedElsewhere
        ? html`<div class="banner warning changed-elsewhere" role="status">
            <p>Another admin changed this pipeline while you were editing it. If you both changed the stages, or both the name, saving will not replace theirs: Shoal shows you their version instead.</p>
            <button type="button" class="small" @click=${() => this.#reset(this.store?.get('pipeline', this.pipeline!.id) ?? this.pipeline)}>Show their version</button>
          </div>`
        : nothing}
      ${this.refused
        ? html`<div class="banner warning refused" role="alert" tabindex="-1">
            <p><strong>Someone else changed this pipeline</strong> after you started editing, so your changes were not saved. What is shown now is their version: make your changes again on it and save.</p>
          </div>`
        : nothing}
      ${this.formError ? html`<div class="banner error-banner" role="alert"><p>${this.formError}</p></div>` : nothing}
      <div class="field name-field" data-field="name">
        <label for="pipeline-name">Pipeline name</label>
        <input
          id="pipeline-name"
          .value=${this.draft.name}
          maxlength="100"
          autocomplete="off"
          aria-invalid=${this.errors.name ? 'true' : 'false'}
          aria-describedby=${this.errors.name ? 'pipeline-name-error' : nothing}
          @input=${(e: Event) => {
            this.draft = { ...this.draft, name: (e.target as HTMLInputElement).value };
            if (this.errors.name) this.errors = { ...this.errors, name: '' };
          }}
        />
        ${this.#errorText('name', 'pipeline-name-error', 'Name')}
      </div>
      <h3 id="stages-title">Stages, in board order</h3>
      ${this.errors.stages ? html`<p class="error" id="stages-error"><span aria-hidden="true">⚠</span><span>Stages ${this.errors.stages}.</span></p>` : nothing}
      <ol class="stages" aria-labelledby="stages-title">
        ${repeat(
          this.draft.stages,
          (s) => s.row,
          (s, i) => this.#stageRow(s, i),
        )}
      </ol>
      <button type="button" class="small add-stage" style="margin-top: 0.5rem" ?disabled=${this.draft.stages.length >= 30} @click=${() => this.#add()}>Add a stage</button>
      ${this.#removed()}
      <div class="footer">
        <button type="button" class="discard" ?disabled=${this.saving || (!isNew && !dirty)} @click=${() => this.#discard()}>${isNew ? 'Cancel' : 'Discard changes'}</button>
        <button type="submit" class="primary save" ?disabled=${this.saving || (!isNew && !dirty)}>${this.saving ? 'Saving…' : isNew ? 'Add pipeline' : 'Save pipeline'}</button>
      </div>
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-pipeline-editor': ShoalPipelineEditor;
  }
  interface GlobalEventHandlersEventMap {
    'shoal-pipeline-saved': CustomEvent<PipelineDefinition>;
  }
}
