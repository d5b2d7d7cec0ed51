import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Opportunity, StageChange } from '../../../shared/opportunity.js';
import { DEFAULT_STAGES, type Stage } from '../../../shared/stage.js';
import { describeError, type ShoalApi } from '../api.js';
import { calendarDay, sectionStyles } from '../customer-parts.js';
import { fullDate } from '../format.js';
import { base } from '../styles.js';
import { dealHistory } from './deals-api.js';
import { stageHistoryStyles } from './shoal-stage-history.styles.js';
import { spanText, stageSpans } from './stage-history.js';

/**
 * A deal's stage history, latest first: each stage it was in, the time it spent there (the
 * current one "so far"), who moved it there and when. Loads `GET /api/opportunities/:id/history`
 * for the deal it is given, and again whenever that deal's stage changes (a move here, on the
 * board or by a colleague: the page hands it the store's deal).
 */
@customElement('shoal-stage-history')
export class ShoalStageHistory extends LitElement {
  static override styles = [base, sectionStyles, stageHistoryStyles];

  /** The deal, as the store has it. */
  @property({ attribute: false })
  deal: Opportunity | undefined;

  /** The pipeline's stages, for their names and kinds. */
  @property({ attribute: false })
  stages: readonly Stage[] = DEFAULT_STAGES;

  /** The REST client. */
  @property({ attribute: false })
  api: ShoalApi | undefined;

  /** Raised by the page when it loads the deal again (a resync): the history loads again too. */
  @property({ type: Number })
  reloads = 0;

  @state() private history: StageChange[] | undefined;
  @state() private error = '';

  /** Which deal and stage the history shown (or loading) is for. */
  #loadedFor = '';

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('deal') && !changed.has('api') && !changed.has('reloads')) return;
    const deal = this.deal;
    if (!deal || !this.api) return;
    const key = `${deal.id}:${deal.stage}:${this.reloads}`;
    if (key === this.#loadedFor) return;
    if (!this.#loadedFor.startsWith(`${deal.id}:`)) this.history = undefined;
    this.#loadedFor = key;
    void this.#load(this.api, deal.id);
  }

  async #load(api: ShoalApi, id: string): Promise<void> {
    try {
      const history = await dealHistory(api, id);
      if (this.deal?.id !== id) return;
      this.history = history;
      this.error = '';
    } catch (error) {
      if (this.deal?.id === id) this.error = describeError(error);
    }
  }

  #stage(key: string): Stage | undefined {
    return this.stages.find((s) => s.key === key) ?? DEFAULT_STAGES.find((s) => s.key === key);
  }

  #body(deal: Opportunity) {
    if (this.error && !this.history) return html`<p class="state" role="alert">We couldn't load the stage history. ${this.error}</p>`;
    if (!this.history) return html`<p class="state" role="status">Loading the stage history…</p>`;
    return html`<ol class="spans">
      ${stageSpans(this.history, deal).map((span, i) => {
        const stage = this.#stage(span.stage);
        return html`<li data-stage=${span.stage}>
          <span class="dot ${stage?.kind ?? 'open'} ${i === 0 ? 'current' : ''}" aria-hidden="true"></span>
          <span class="stage-name">${stage?.name ?? span.stage}</span>
          <span class="time">${spanText(span.ms)}${i === 0 ? ' so far' : ''}</span>
          <span class="when">
            ${span.created ? `Created here${span.by ? ` by ${span.by.name}` : ''}` : `Moved here by ${span.by?.name ?? 'someone'}`} on
            <time datetime=${span.from} title=${fullDate(span.from)}>${calendarDay(span.from)}</time>${span.to ? html`, left on <time datetime=${span.to} title=${fullDate(span.to)}>${calendarDay(span.to)}</time>` : nothing}
          </span>
        </li>`;
      })}
    </ol>`;
  }

  protected override render() {
    const deal = this.deal;
    if (!deal) return nothing;
    const current = this.history ? stageSpans(this.history, deal)[0] : undefined;
    return html`<section class="card history" aria-labelledby="history-title">
      <div class="section-head">
        <h2 id="history-title">Stage history</h2>
        ${current ? html`<span class="summary">${spanText(current.ms)} in ${this.#stage(current.stage)?.name ?? current.stage}</span>` : nothing}
      </div>
      ${this.#body(deal)}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-stage-history': ShoalStageHistory;
  }
}
