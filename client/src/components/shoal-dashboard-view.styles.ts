import { css } from 'lit';
import { bannerColors, base, card, filterLabels, mutedState, progressBar, shimmer, stateMessage } from '../styles.js';

/** Styles of `<shoal-dashboard-view>`: the head and filters, the figure and chart grids, the top customers and the loading skeleton. */
export const dashboardViewStyles = [
  base,
  card,
  progressBar,
  bannerColors,
  stateMessage,
  mutedState,
  filterLabels,
  shimmer,
  css`
    :host {
      display: block;
    }
    .head {
      gap: 0.75rem 1.5rem;
      margin-bottom: 1.125rem;
    }
    .subtitle {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.25rem 0.5rem;
    }
    .live {
      display: inline-flex;
      align-items: center;
      gap: 0.375rem;
      font-size: 0.8125rem;
      color: #05603a;
    }
    .live::before {
      content: '';
      width: 0.5rem;
      height: 0.5rem;
      border-radius: 50%;
      background: #12b76a;
      box-shadow: 0 0 0 3px rgb(18 183 106 / 18%);
    }
    .live.stale {
      color: #7a2e0e;
    }
    .live.stale::before {
      background: #f79009;
      box-shadow: 0 0 0 3px rgb(247 144 9 / 18%);
    }
    .filters {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-end;
      gap: 0.625rem;
    }
    .filters select,
    .filters input {
      min-height: 2.375rem;
      padding: 0.375rem 0.625rem;
      font-size: 0.875rem;
    }
    .filters .period select {
      min-width: 10.5rem;
    }
    .filters .owner select,
    .filters .pipeline select {
      min-width: 11rem;
    }
    .filters input[type='date'] {
      width: 10.5rem;
    }
    .filter-error {
      flex-basis: 100%;
      margin: 0;
      font-size: 0.8125rem;
      color: var(--shoal-danger, #b42318);
    }
    .progress {
      position: fixed;
      inset: 0 0 auto;
      z-index: 30;
    }
    .banner {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 0.5rem 1rem;
      border-radius: 0.625rem;
      padding: 0.75rem 1rem;
      margin: 0 0 1rem;
      font-size: 0.875rem;
      line-height: 1.45;
    }
    .banner p {
      margin: 0;
    }
    .banner strong {
      color: inherit;
    }
    .content {
      transition: opacity 0.2s;
    }
    .content.outdated {
      opacity: 0.6;
    }
    .figures {
      display: grid;
      grid-template-columns: repeat(4, minmax(0, 1fr));
      gap: 0.875rem;
      margin: 0 0 0.875rem;
      padding: 0;
      list-style: none;
    }
    .figures li {
      display: flex;
    }
    .figures shoal-figure-card {
      flex: 1;
      min-width: 0;
    }
    .grid {
      display: grid;
      grid-template-columns: repeat(12, minmax(0, 1fr));
      gap: 0.875rem;
    }
    .span-4 {
      grid-column: span 4;
    }
    .span-5 {
      grid-column: span 5;
    }
    .span-6 {
      grid-column: span 6;
    }
    .span-7 {
      grid-column: span 7;
    }
    .span-8 {
      grid-column: span 8;
    }
    .top {
      height: 100%;
      padding: 1rem 1rem 0.875rem;
    }
    .top h2 {
      margin: 0;
      font-size: 1rem;
    }
    .top .description {
      margin: 0.1875rem 0 0.75rem;
      font-size: 0.8125rem;
      color: var(--shoal-muted, #536171);
    }
    .top ol {
      list-style: none;
      margin: 0;
      padding: 0;
      counter-reset: rank;
    }
    .top li {
      display: grid;
      grid-template-columns: 1.5rem minmax(0, 1fr) auto;
      grid-template-areas: 'rank name value' 'rank bar bar';
      align-items: center;
      gap: 0.25rem 0.625rem;
      padding: 0.5625rem 0.125rem;
      border-bottom: 1px solid var(--shoal-border, #e3e8ee);
    }
    .top li:last-child {
      border-bottom: none;
    }
    .rank {
      grid-area: rank;
      align-self: start;
      padding-top: 0.0625rem;
      font-size: 0.8125rem;
      font-weight: 600;
      color: var(--shoal-muted, #536171);
      font-variant-numeric: tabular-nums;
    }
    .top .name {
      grid-area: name;
      min-width: 0;
    }
    .top .name a {
      font-weight: 600;
      font-size: 0.9rem;
      color: var(--shoal-link, #0b6e99);
      text-decoration: none;
      overflow-wrap: anywhere;
    }
    .top .name a:hover {
      text-decoration: underline;
    }
    .top .deals {
      display: block;
      font-size: 0.75rem;
      color: var(--shoal-muted, #536171);
    }
    .top .value {
      grid-area: value;
      font-weight: 700;
      font-size: 0.9rem;
      font-variant-numeric: tabular-nums;
    }
    .top .bar {
      grid-area: bar;
      height: 0.3125rem;
      border-radius: 999px;
      background: #eef2f6;
      overflow: hidden;
    }
    .top .bar span {
      display: block;
      height: 100%;
      border-radius: inherit;
      background: var(--shoal-primary, #0b6e99);
      transition: width 0.4s;
    }
    .state p {
      max-width: 32rem;
    }
    .skeleton {
      border-radius: 0.75rem;
      background: linear-gradient(90deg, #eaeef2 25%, #f4f6f8 50%, #eaeef2 75%);
      background-size: 200% 100%;
      animation: shimmer 1.4s ease-in-out infinite;
    }
    .skeleton.figure {
      height: 8.25rem;
    }
    .skeleton.chart {
      height: 20rem;
    }
    @media (prefers-reduced-motion: reduce) {
      .skeleton,
      .progress {
        animation: none;
      }
    }
    @media (max-width: 64rem) {
      .figures {
        grid-template-columns: repeat(2, minmax(0, 1fr));
      }
      .grid > * {
        grid-column: 1 / -1;
      }
    }
    @media (max-width: 40rem) {
      .head {
        margin-bottom: 0.875rem;
      }
      .filters {
        width: 100%;
      }
      .filters > div {
        flex: 1 1 9rem;
      }
      .filters .period select,
      .filters .owner select,
      .filters .pipeline select,
      .filters input[type='date'] {
        min-width: 0;
        width: 100%;
      }
      .figures {
        gap: 0.625rem;
      }
      .grid {
        gap: 0.625rem;
      }
      shoal-figure-card {
        --shoal-figure-value-size: 1.375rem;
      }
    }
  `,
];
