import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartConfiguration, type TooltipItem } from 'chart.js';
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { base, panel } from '../styles.js';

// Only what the dashboard draws, so the chunk carries no unused chart types.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

/** One series of a chart: a name, a value per label, and its colour (or one per bar). */
export interface ChartSeries {
  label: string;
  data: number[];
  color: string | string[];
}

/** The same figures as a table, for screen readers and for anyone who prefers numbers. */
export interface ChartTable {
  /** Column headings; the first column names each row. */
  columns: string[];
  rows: string[][];
}

/** How a chart lays out its bars. */
export type ChartKind = 'bar' | 'horizontal' | 'stacked';

const MUTED = '#536171';
const GRID = '#e9edf1';

/**
 * A dashboard chart drawn with Chart.js, in a card with a heading. Beside the chart the
 * same figures are kept in a table: hidden visually but read by screen readers, and shown
 * instead of the chart with the "Show as table" button. When `empty` is set, the card says
 * so instead of drawing empty axes. New data animates the bars from where they were, so a
 * live update does not flicker.
 *
 * @cssproperty --shoal-chart-height - Height of the drawing area (default 16rem).
 */
@customElement('shoal-dashboard-chart')
export class ShoalDashboardChart extends LitElement {
  static override styles = [
    base,
    panel,
    css`
      header {
        display: flex;
        align-items: flex-start;
        justify-content: space-between;
        gap: 0.75rem;
        margin-bottom: 0.75rem;
      }
      h2 {
        margin: 0;
        font-size: 1rem;
        letter-spacing: -0.005em;
      }
      .description {
        margin: 0.1875rem 0 0;
        font-size: 0.8125rem;
        color: var(--shoal-muted, #536171);
      }
      header button {
        flex: none;
        font-weight: 500;
        color: var(--shoal-link, #0b6e99);
      }
      .plot {
        position: relative;
        flex: 1;
        height: var(--shoal-chart-height, 16rem);
        min-height: var(--shoal-chart-height, 16rem);
      }
      .plot[hidden] {
        display: none;
      }
      canvas {
        display: block;
      }
      .empty {
        flex: 1;
        display: grid;
        place-items: center;
        min-height: var(--shoal-chart-height, 16rem);
        margin: 0;
        padding: 1rem;
        text-align: center;
        color: var(--shoal-muted, #536171);
        font-size: 0.9rem;
        background: var(--shoal-surface-muted, #f7f9fb);
        border-radius: 0.5rem;
      }
      .table-wrap {
        overflow-x: auto;
      }
      table {
        width: 100%;
        border-collapse: collapse;
        font-size: 0.875rem;
        font-variant-numeric: tabular-nums;
      }
      caption {
        text-align: left;
        font-size: 0.8125rem;
        color: var(--shoal-muted, #536171);
        padding-bottom: 0.375rem;
      }
      th,
      td {
        padding: 0.4375rem 0.5rem;
        border-bottom: 1px solid var(--shoal-border, #e3e8ee);
        text-align: right;
        white-space: nowrap;
      }
      th:first-child,
      td:first-child {
        text-align: left;
        white-space: normal;
      }
      thead th {
        font-size: 0.75rem;
        font-weight: 600;
        color: var(--shoal-muted, #536171);
      }
      tbody th {
        font-weight: 500;
      }
    `,
  ];

  /** The chart's title. */
  @property()
  heading = '';

  /** A line under the title saying what is shown. */
  @property()
  description = '';

  /** Vertical bars, horizontal bars, or vertical bars stacked by series. */
  @property()
  kind: ChartKind = 'bar';

  /** One label per bar (an array of strings is drawn on several lines). */
  @property({ attribute: false })
  labels: (string | string[])[] = [];

  /** The series to draw. */
  @property({ attribute: false })
  series: ChartSeries[] = [];

  /** Formats a value for the axis and the tooltips. */
  @property({ attribute: false })
  format: (value: number) => string = (value) => new Intl.NumberFormat().format(value);

  /** Extra tooltip lines for the bar at an index (e.g. its deal count). */
  @property({ attribute: false })
  detail: ((index: number) => string | string[]) | undefined;

  /** The same figures as a table. */
  @property({ attribute: false })
  table: ChartTable = { columns: [], rows: [] };

  /** When set, nothing is drawn and this is said instead ("No deals lost in this period."). */
  @property()
  empty = '';

  @state() private showTable = false;

  @query('canvas') private canvas: HTMLCanvasElement | null | undefined;

  #chart: Chart | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#chart?.destroy();
    this.#chart = undefined;
  }

  protected override updated(changed: PropertyValues<this>): void {
    const canvas = this.canvas;
    if (this.#chart && (!canvas || this.#chart.canvas !== canvas)) {
      this.#chart.destroy();
      this.#chart = undefined;
    }
    if (!canvas) return;
    if (!this.#chart) this.#chart = new Chart(canvas, this.#config());
    else if (changed.has('labels') || changed.has('series') || changed.has('kind') || changed.has('format')) this.#refresh(this.#chart);
  }

  /** Puts new figures into the existing chart, so bars move instead of being redrawn. */
  #refresh(chart: Chart): void {
    chart.data.labels = this.labels;
    const datasets = chart.data.datasets;
    this.series.forEach((s, i) => {
      const existing = datasets[i];
      if (existing && existing.label === s.label) {
        existing.data = s.data;
        existing.backgroundColor = s.color;
      } else datasets[i] = this.#dataset(s);
    });
    datasets.length = this.series.length;
    if (chart.options.plugins?.legend) chart.options.plugins.legend.display = this.series.length > 1;
    chart.update();
  }

  #dataset(s: ChartSeries) {
    return { label: s.label, data: s.data, backgroundColor: s.color, borderRadius: 4, maxBarThickness: 44, categoryPercentage: 0.72, barPercentage: 0.9 };
  }

  #config(): ChartConfiguration<'bar'> {
    const horizontal = this.kind === 'horizontal';
    const stacked = this.kind === 'stacked';
    const reduced = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
    const font = { family: getComputedStyle(this).fontFamily || 'system-ui, sans-serif', size: 12 };
    const valueAxis = {
      beginAtZero: true,
      stacked,
      grid: { color: GRID },
      border: { display: false },
      ticks: { color: MUTED, font, maxTicksLimit: 6, precision: 0, callback: (value: string | number) => this.format(Number(value)) },
    };
    const labelAxis = {
      stacked,
      grid: { display: false },
      border: { color: GRID },
      // A few categories (stages) are all named, slanted on a narrow screen; a long time axis skips some.
      ticks: { color: '#3b4754', font, autoSkip: this.labels.length > 8, maxRotation: this.labels.length > 8 ? 0 : 45 },
    };
    return {
      type: 'bar',
      data: { labels: this.labels, datasets: this.series.map((s) => this.#dataset(s)) },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        animation: reduced ? false : { duration: 450 },
        interaction: { mode: 'index', intersect: false },
        scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
        plugins: {
          legend: {
            display: this.series.length > 1,
            position: 'bottom',
            labels: { color: '#3b4754', font, boxWidth: 12, boxHeight: 12, useBorderRadius: true, borderRadius: 3, padding: 14 },
          },
          tooltip: {
            backgroundColor: '#1b2430',
            padding: 10,
            cornerRadius: 8,
            titleFont: { ...font, weight: 'bold' },
            bodyFont: font,
            callbacks: {
              label: (item: TooltipItem<'bar'>) => `${item.dataset.label ?? ''}: ${this.format(Number(horizontal ? item.parsed.x : item.parsed.y))}`,
              footer: (items: TooltipItem<'bar'>[]) => (this.detail && items[0] ? this.detail(items[0].dataIndex) : ''),
            },
          },
        },
      },
    };
  }

  #tableView() {
    const { columns, rows } = this.table;
    return html`<div class=${this.showTable ? 'table-wrap' : 'visually-hidden'}>
      <table>
        <caption>
          ${this.heading}${this.description ? html`<span class="visually-hidden">: ${this.description}</span>` : nothing}
        </caption>
        <thead>
          <tr>
            ${columns.map((c) => html`<th scope="col">${c}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            ([first, ...rest]) =>
              html`<tr>
                <th scope="row">${first}</th>
                ${rest.map((cell) => html`<td>${cell}</td>`)}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  protected override render() {
    const id = 'chart-title';
    return html`<section aria-labelledby=${id}>
      <header>
        <div>
          <h2 id=${id}>${this.heading}</h2>
          ${this.description ? html`<p class="description">${this.description}</p>` : nothing}
        </div>
        ${this.empty
          ? nothing
          : html`<button type="button" class="small ghost toggle" aria-label=${`${this.showTable ? 'Show as chart' : 'Show as table'}: ${this.heading}`} @click=${() => (this.showTable = !this.showTable)}>
              ${this.showTable ? 'Show as chart' : 'Show as table'}
            </button>`}
      </header>
      ${this.empty
        ? html`<p class="empty">${this.empty}</p>`
        : html`<div class="plot" ?hidden=${this.showTable} aria-hidden="true"><canvas></canvas></div>
            ${this.#tableView()}`}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-dashboard-chart': ShoalDashboardChart;
  }
}
