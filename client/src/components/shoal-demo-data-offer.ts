import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { JobProgress } from '../../../shared/events.js';
import { ApiError, describeError } from '../api.js';
import { WithShoalContext } from '../context-mixin.js';
import { JobWatcher } from '../job-watcher.js';
import { base, jobProgress } from '../styles.js';

/** Detail of `shoal-demo-data-end`: how the load the admin asked for ended. */
export interface DemoDataEndDetail {
  /** `done`: loaded; `failed`: stopped part-way (what was loaded stays); `refused`: never started. */
  outcome: 'done' | 'failed' | 'refused';
  /** What to tell the admin, in plain words. */
  message: string;
  /** The job as it ended (absent when the server refused to start it). */
  job?: JobProgress;
}

/** What each phase of the load is called on the progress label. */
const PHASES: Record<string, string> = {
  starting: 'Getting ready…',
  team: 'Adding the team…',
  customers: 'Loading customers…',
  contacts: 'Loading contacts…',
  deals: 'Loading deals…',
  interactions: 'Loading interactions…',
  done: 'Done',
};

const DONE_MESSAGE = 'Demo data loaded. Your demo team, customers and deals are ready to explore.';

type Step = 'idle' | 'posting' | 'running' | 'done' | 'failed';

/** A failed start, in words an admin understands. */
function refusal(error: unknown): string {
  if (error instanceof ApiError && error.status === 409) {
    // The running-load answer says when to try again; the has-customers one does not.
    return error.retryAfter
      ? 'Demo data is already loading, started in another tab or by another admin. Give it a minute, then reload this page.'
      : 'Shoal already has customers, so demo data was not loaded. Demo data only goes into an empty Shoal.';
  }
  if (error instanceof ApiError && error.status === 403) return 'Only admins can load demo data.';
  return `Demo data was not loaded. ${describeError(error)}`;
}

/**
 * The first-run offer of an empty Customers view, for admins: add the first customer, or
 * load demo data (a team of 5 reps, 200 customers, 600 contacts, 400 deals over the last 12
 * months, 3,000 interactions). While the demo data loads it shows a progress bar fed by the
 * `job` socket events, and asks `GET /api/demo-data/:id` every second when none arrive for
 * 3 s.
 *
 * @fires shoal-add-customer - The admin chose to add their first customer.
 * @fires shoal-demo-data-start - The admin asked for demo data (the request is on its way).
 * @fires shoal-demo-data-end - The load the admin asked for ended: done, failed part-way, or
 *   refused (Shoal has customers, a load is running). Detail: {@link DemoDataEndDetail}.
 * @csspart progress - The progress bar.
 */
@customElement('shoal-demo-data-offer')
export class ShoalDemoDataOffer extends WithShoalContext(LitElement) {
  static override styles = [
    base,
    jobProgress,
    css`
      :host {
        display: block;
      }
      .offer {
        max-width: 36rem;
        margin: 0 auto;
        padding: 3rem 1.5rem;
        text-align: center;
      }
      .mark {
        display: inline-grid;
        place-items: center;
        width: 3rem;
        height: 3rem;
        margin-bottom: 0.75rem;
        border-radius: 50%;
        background: var(--shoal-primary-soft, #e6f1f7);
        color: var(--shoal-primary, #0b6e99);
      }
      h2 {
        margin: 0 0 0.375rem;
        font-size: 1.1875rem;
      }
      p {
        margin: 0 auto 1rem;
        color: var(--shoal-muted, #536171);
        line-height: 1.5;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        justify-content: center;
        gap: 0.625rem;
      }
      .what {
        margin: 0.75rem auto 0;
        font-size: 0.8125rem;
      }
      button[aria-disabled='true'] {
        cursor: progress;
        opacity: 0.7;
      }
      .progress {
        margin: 1.5rem auto 0;
        max-width: 26rem;
        text-align: left;
      }
      .message {
        margin: 1rem auto 0;
        font-size: 0.875rem;
      }
      .message.success {
        color: var(--shoal-success, #067647);
      }
      .message.error {
        color: var(--shoal-danger, #b42318);
      }
    `,
  ];

  @state() private step: Step = 'idle';
  @state() private job: JobProgress | undefined;
  @state() private message = '';

  /** The load's progress: its `job` events (also those before the POST answers), else asking the server. */
  readonly #jobs = new JobWatcher(this, {
    kind: 'demo-data',
    live: () => this.live,
    fetch: (id, signal) => this.api!.demoDataJob(id, signal),
    // The rows done count up across the phases.
    isStale: (news, shown) => news.done < shown.done,
    onNews: (progress) => this.#onNews(progress),
  });

  #emit<T>(type: string, detail?: T): void {
    this.dispatchEvent(new CustomEvent<T | undefined>(type, { detail, bubbles: true, composed: true }));
  }

  #addCustomer(): void {
    this.#emit('shoal-add-customer');
  }

  async #load(): Promise<void> {
    if (!this.api || this.step === 'posting' || this.step === 'running' || this.step === 'done') return;
    this.step = 'posting';
    this.job = undefined;
    this.message = '';
    this.#jobs.starting();
    this.#emit('shoal-demo-data-start');
    let job: JobProgress;
    try {
      job = await this.api.loadDemoData();
    } catch (error) {
      this.#jobs.stop();
      this.step = 'idle';
      this.message = refusal(error);
      this.#emit<DemoDataEndDetail>('shoal-demo-data-end', { outcome: 'refused', message: this.message });
      return;
    }
    this.step = 'running';
    this.job = job;
    this.#jobs.follow(job);
  }

  /** News of the load; at its end, says how it went. */
  #onNews(progress: JobProgress): void {
    this.job = progress;
    if (progress.state === 'running') return;
    const done = progress.state === 'done';
    this.step = done ? 'done' : 'failed';
    this.message = done ? DONE_MESSAGE : (progress.error ?? 'Loading the demo data stopped part-way; what was loaded stays.');
    this.#emit<DemoDataEndDetail>('shoal-demo-data-end', { outcome: done ? 'done' : 'failed', message: this.message, job: progress });
  }

  #progress() {
    if (this.step === 'idle' || this.step === 'failed') return nothing;
    const job = this.job;
    const percent = job && job.total > 0 ? Math.min(100, Math.floor((job.done / job.total) * 100)) : job?.state === 'done' ? 100 : 0;
    const phase = this.step === 'posting' || !job ? PHASES.starting : (PHASES[job.phase] ?? 'Loading demo data…');
    return html`<div class="progress" data-step=${this.step}>
      <div class="label" id="demo-progress-label" aria-live="polite">
        <span>${phase}</span> <span>${percent}%</span>
      </div>
      <progress part="progress" aria-labelledby="demo-progress-label" max="100" .value=${percent}></progress>
    </div>`;
  }

  protected override render() {
    const busy = this.step === 'posting' || this.step === 'running';
    const loaded = this.step === 'done';
    return html`<div class="offer">
      <div class="mark" aria-hidden="true">
        <svg viewBox="0 0 24 24" width="24" height="24" fill="currentColor">
          <path d="M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v13a2.5 2.5 0 0 1-2.5 2.5h-11A2.5 2.5 0 0 1 4 18.5v-13zM7 7.25c0 .41.34.75.75.75h8.5a.75.75 0 0 0 0-1.5h-8.5a.75.75 0 0 0-.75.75zm0 4c0 .41.34.75.75.75h8.5a.75.75 0 0 0 0-1.5h-8.5a.75.75 0 0 0-.75.75zM7.75 14.5a.75.75 0 0 0 0 1.5h4.5a.75.75 0 0 0 0-1.5h-4.5z" />
        </svg>
      </div>
      <h2>Welcome to Shoal</h2>
      <p>Your team's customers will live here. Add your first one, or load demo data to look around a busy pipeline before you bring in your own.</p>
      <div class="actions">
        <button type="button" class="primary add" @click=${() => this.#addCustomer()}>Add your first customer</button>
        <button
          type="button"
          class="load"
          aria-describedby="demo-what"
          aria-disabled=${busy || loaded ? 'true' : 'false'}
          @click=${() => void this.#load()}
        >
          ${busy ? 'Loading demo data…' : loaded ? 'Demo data loaded' : 'Load demo data'}
        </button>
      </div>
      <p class="what" id="demo-what">Loads a team of 5 reps, 200 customers, 600 contacts, 400 deals over the last 12 months and 3,000 interactions.</p>
      ${this.#progress()}
      ${this.message
        ? this.step === 'done'
          ? html`<p class="message success" role="status">${this.message}</p>`
          : html`<p class="message error" role="alert">${this.message}</p>`
        : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-demo-data-offer': ShoalDemoDataOffer;
  }
  interface GlobalEventHandlersEventMap {
    'shoal-add-customer': CustomEvent<undefined>;
    'shoal-demo-data-start': CustomEvent<undefined>;
    'shoal-demo-data-end': CustomEvent<DemoDataEndDetail>;
  }
}
