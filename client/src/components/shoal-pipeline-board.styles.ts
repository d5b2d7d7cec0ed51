import { css, unsafeCSS } from 'lit';
import { BOARD_CHROME_REM, BOARD_MIN_REM } from '../board/first-render.js';

/** The pipeline board's own styles (shared parts come from ../styles.js). */
export const boardStyles = css`
  :host {
    display: block;
  }
  .subtitle strong {
    color: var(--shoal-text, #1b2430);
  }
  .tools {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.75rem 1.25rem;
  }
  .filter {
    display: flex;
    align-items: center;
    gap: 0.5rem;
  }
  .filter label {
    font-size: 0.875rem;
    font-weight: 600;
  }
  .filter select {
    width: auto;
    min-width: 11rem;
    min-height: 2.25rem;
    padding: 0.3125rem 0.625rem;
    font-size: 0.875rem;
    appearance: auto;
  }
  .wrap {
    position: relative;
  }
  .progress {
    position: absolute;
    inset: -0.5rem 0 auto;
    z-index: 2;
  }
  .board {
    display: grid;
    grid-auto-flow: column;
    grid-auto-columns: minmax(12.25rem, 1fr);
    gap: 0.625rem;
    overflow-x: auto;
    height: max(${unsafeCSS(BOARD_MIN_REM)}rem, calc(100dvh - ${unsafeCSS(BOARD_CHROME_REM)}rem));
    padding-bottom: 0.25rem;
    overscroll-behavior-x: contain;
  }
  .column {
    display: flex;
    flex-direction: column;
    min-height: 0;
    min-width: 0;
    border-radius: 0.75rem;
    background: #e9edf1;
    border-top: 4px solid var(--stage-color, #7aa7d6);
    transition: background-color 0.15s;
  }
  .column.drop-target {
    background: #dde8f3;
    box-shadow: inset 0 0 0 2px color-mix(in srgb, var(--shoal-primary, #0b6e99) 45%, transparent);
  }
  .column > header {
    padding: 0.625rem 0.75rem 0.5rem;
  }
  .title-row {
    display: flex;
    align-items: center;
    gap: 0.375rem;
    min-height: 2rem;
  }
  h2 {
    margin: 0;
    font-size: 0.9375rem;
    font-weight: 700;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .count {
    flex: none;
    min-width: 1.5rem;
    padding: 0.0625rem 0.4375rem;
    border-radius: 999px;
    background: rgb(255 255 255 / 75%);
    font-size: 0.75rem;
    font-weight: 700;
    text-align: center;
    color: var(--shoal-muted, #536171);
  }
  .add {
    margin-left: auto;
    min-height: 1.875rem;
    width: 1.875rem;
    padding: 0;
    border-radius: 0.5rem;
    border-color: transparent;
    background: transparent;
    color: var(--shoal-muted, #536171);
  }
  .add:hover:not(:disabled) {
    background: rgb(255 255 255 / 70%);
    color: var(--shoal-text, #1b2430);
  }
  .stats {
    margin: 0.125rem 0 0;
    display: flex;
    align-items: baseline;
    gap: 0.375rem;
    font-size: 0.8125rem;
    color: var(--shoal-muted, #536171);
  }
  .stats .total {
    font-size: 1rem;
    font-weight: 700;
    color: var(--shoal-text, #1b2430);
    font-variant-numeric: tabular-nums;
  }
  .cards {
    list-style: none;
    margin: 0;
    padding: 0.4375rem 0.4375rem 0.75rem;
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
    flex: 1;
    min-height: 0;
    overflow-y: auto;
    scrollbar-width: thin;
  }
  .cards > li {
    display: block;
  }
  .cards > li.line {
    height: 3px;
    margin: -2px 0.25rem;
    border-radius: 3px;
    background: var(--shoal-primary, #0b6e99);
    flex: none;
  }
  .empty {
    display: grid;
    place-items: center;
    min-height: 5rem;
    padding: 0.75rem;
    border: 1.5px dashed #c5ced8;
    border-radius: 0.625rem;
    font-size: 0.8125rem;
    color: var(--shoal-muted, #536171);
    text-align: center;
  }
  .more {
    margin: 0 0.4375rem 0.625rem;
    background: rgb(255 255 255 / 60%);
    border-color: transparent;
    font-weight: 600;
  }
  .skeleton .card-skel {
    height: 5.25rem;
    border-radius: 0.625rem;
    background: linear-gradient(90deg, #f6f8fa 25%, #fff 50%, #f6f8fa 75%);
    background-size: 200% 100%;
    animation: shimmer 1.4s ease-in-out infinite;
  }
  .state {
    padding: 3rem 1.5rem;
    text-align: center;
    background: var(--shoal-surface, #fff);
    border: 1px solid var(--shoal-border, #e3e8ee);
    border-radius: 0.75rem;
  }
  .state h2 {
    font-size: 1.0625rem;
    margin-bottom: 0.375rem;
    color: var(--shoal-danger, #b42318);
    white-space: normal;
  }
  .state p {
    margin: 0 auto 1rem;
    max-width: 30rem;
    color: var(--shoal-muted, #536171);
  }
  .ghost {
    position: fixed;
    z-index: 40;
    pointer-events: none;
    padding: 0.625rem 0.75rem;
    border-radius: 0.625rem;
    background: var(--shoal-surface, #fff);
    border: 1px solid var(--shoal-border-strong, #c5ced8);
    box-shadow: 0 14px 34px rgb(15 23 42 / 28%);
    transform: rotate(2deg);
    font-size: 0.875rem;
    font-weight: 600;
  }
  .flights {
    position: fixed;
    inset: 0;
    pointer-events: none;
    z-index: 35;
  }
  .flyer {
    position: fixed;
    box-sizing: border-box;
    padding: 0.625rem 0.75rem;
    border-radius: 0.625rem;
    background: var(--shoal-surface, #fff);
    border: 1px solid var(--shoal-border-strong, #c5ced8);
    box-shadow: 0 14px 34px rgb(15 23 42 / 24%);
    font-size: 0.875rem;
    font-weight: 600;
    overflow: hidden;
  }
  .flyer span {
    display: block;
    font-size: 0.8125rem;
    font-weight: 400;
    color: var(--shoal-muted, #536171);
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton .card-skel,
    .progress {
      animation: none;
    }
  }
  @media (max-width: 40rem) {
    .head {
      align-items: flex-start;
    }
    .tools {
      width: 100%;
      justify-content: space-between;
    }
    .filter select {
      min-width: 9rem;
    }
    .presence > span {
      display: none;
    }
    .board {
      grid-auto-columns: 82%;
      scroll-snap-type: x mandatory;
      height: max(24rem, calc(100dvh - 15.5rem));
      margin: 0 -0.75rem;
      padding: 0 0.75rem 0.25rem;
      scroll-padding: 0 0.75rem;
    }
    .column {
      scroll-snap-align: start;
    }
  }
`;
