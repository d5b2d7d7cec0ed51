import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Change } from '../dashboard/figures.js';

const arrows: Record<Change['direction'], string> = { up: '▲', down: '▼', flat: '■', none: '' };

/**
 * One key figure of the dashboard: its name, its value for the period, an optional detail
 * line, and how it moved against the previous period. The move is said in words ("Up 12%")
 * with an arrow and a colour (green for good news, red for bad) that only repeat the words.
 *
 * @cssproperty --shoal-figure-accent - The colour of the bar along the card's top edge.
 * @cssproperty --shoal-figure-value-size - Largest font size of the value (default 1.625rem); it shrinks in a narrow card so a number never breaks.
 */
@customElement('shoal-figure-card')
export class ShoalFigureCard extends LitElement {
  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
      font-family: var(--shoal-font, system-ui, sans-serif);
      color: var(--shoal-text, #1b2430);
    }
    article {
      flex: 1;
      display: flex;
      flex-direction: column;
      gap: 0.25rem;
      padding: 0.875rem 1rem 0.9375rem;
      background: var(--shoal-surface, #fff);
      border: 1px solid var(--shoal-border, #e3e8ee);
      border-top: 3px solid var(--shoal-figure-accent, var(--shoal-primary, #0b6e99));
      border-radius: 0.75rem;
      box-shadow: 0 1px 2px rgb(16 24 40 / 5%);
    }
    h3 {
      margin: 0;
      font-size: 0.8125rem;
      font-weight: 600;
      color: var(--shoal-muted, #536171);
      letter-spacing: 0.01em;
    }
    article {
      container-type: inline-size;
    }
    /*
     * A number never breaks inside itself ("$1,234," / "567"): it stays on one line and its
     * size shrinks with the card (14 characters fit), down to a floor; only the space before
     * a unit ("23.5 days") may wrap.
     */
    .value {
      margin: 0.125rem 0 0;
      font-size: max(1rem, min(var(--shoal-figure-value-size, 1.625rem), 11cqi));
      font-weight: 700;
      letter-spacing: -0.02em;
      line-height: 1.15;
      font-variant-numeric: tabular-nums;
      overflow-wrap: normal;
      word-break: keep-all;
    }
    .detail {
      margin: 0;
      font-size: 0.8125rem;
      color: var(--shoal-muted, #536171);
    }
    .change {
      margin: auto 0 0;
      padding-top: 0.5rem;
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 0.25rem 0.5rem;
      font-size: 0.8125rem;
    }
    .move {
      display: inline-flex;
      align-items: center;
      gap: 0.25rem;
      padding: 0.0625rem 0.4375rem;
      border-radius: 999px;
      font-weight: 600;
      white-space: nowrap;
      background: #f1f4f7;
      color: #3b4754;
    }
    .move .arrow {
      font-size: 0.625rem;
    }
    .good .move {
      background: #ecfdf3;
      color: #05603a;
    }
    .bad .move {
      background: #fef3f2;
      color: #a0201a;
    }
    .vs {
      color: var(--shoal-muted, #536171);
    }
  `;

  /** What the figure is ("Open pipeline value"). */
  @property()
  label = '';

  /** The figure for the period, formatted. */
  @property()
  value = '';

  /** A line under the value ("42 open deals"). */
  @property()
  detail = '';

  /** The figure of the previous period, formatted. */
  @property({ attribute: 'previous-value' })
  previousValue = '';

  /** What the previous period is called ("previous 30 days"). */
  @property({ attribute: 'previous-label' })
  previousLabel = 'previous period';

  /** How the figure moved against the previous period. */
  @property({ attribute: false })
  change: Change = { direction: 'none', text: '', tone: 'neutral' };

  protected override render() {
    const { direction, text, tone } = this.change;
    return html`<article>
      <h3>${this.label}</h3>
      <p class="value">${this.value}</p>
      ${this.detail ? html`<p class="detail">${this.detail}</p>` : nothing}
      <p class="change ${tone}">
        ${text
          ? html`<span class="move">${arrows[direction] ? html`<span class="arrow" aria-hidden="true">${arrows[direction]}</span>` : nothing}${text}</span>`
          : nothing}
        ${this.previousValue && this.previousValue !== '—' ? html`<span class="vs">${this.previousValue} in the ${this.previousLabel}</span>` : nothing}
      </p>
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-figure-card': ShoalFigureCard;
  }
}
