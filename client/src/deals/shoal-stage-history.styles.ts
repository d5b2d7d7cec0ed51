import { css } from 'lit';

/** The stage history's list: a dot per stage (won, lost, the current one), its name, time in stage and when. */
export const stageHistoryStyles = css`
  .spans {
    list-style: none;
    margin: 0;
    padding: 0.25rem 0;
  }
  .spans li {
    display: grid;
    grid-template-columns: auto minmax(0, 1fr) auto;
    gap: 0.125rem 0.625rem;
    align-items: baseline;
    padding: 0.5rem 1.125rem;
    border-bottom: 1px solid var(--shoal-border, #e3e8ee);
  }
  .spans li:last-child {
    border-bottom: none;
  }
  .dot {
    width: 0.625rem;
    height: 0.625rem;
    border-radius: 50%;
    background: #7a8b9c;
    align-self: center;
  }
  .dot.won {
    background: #12b76a;
  }
  .dot.lost {
    background: #d92d20;
  }
  .dot.open.current {
    background: #1d6fd8;
  }
  .spans .stage-name {
    font-weight: 600;
  }
  .spans .time {
    font-variant-numeric: tabular-nums;
    font-size: 0.875rem;
    white-space: nowrap;
  }
  .spans .when {
    grid-column: 2 / -1;
    font-size: 0.8125rem;
    color: var(--shoal-muted, #536171);
  }
  .history .state {
    padding: 1rem 1.125rem;
    margin: 0;
    color: var(--shoal-muted, #536171);
  }
`;
