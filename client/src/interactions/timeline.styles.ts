import { css } from 'lit';

/** An interaction's Edit and Delete: quiet buttons under it (`.actions`), in the timeline and the dashboard's history. */
export const entryActions = css`
  .actions {
    display: flex;
    gap: 0.25rem;
    margin-top: 0.375rem;
  }
  .actions button {
    min-height: 1.75rem;
    padding: 0.125rem 0.5rem;
    font-size: 0.8125rem;
    background: transparent;
    border-color: transparent;
    color: var(--shoal-muted, #536171);
  }
  .actions button:hover,
  .actions button:focus-visible {
    border-color: var(--shoal-border-strong, #c5ced8);
    color: var(--shoal-text, #1b2430);
  }
`;

/** The customer timeline: the log buttons, the entries down a line, their actions, paging. */
export const timelineStyles = css`
  .log {
    display: flex;
    flex-wrap: wrap;
    gap: 0.375rem;
  }
  .log button {
    gap: 0.375rem;
  }
  .form-wrap {
    padding: 0.75rem 1.125rem 0;
  }
  ol.timeline {
    list-style: none;
    margin: 0;
    padding: 0.5rem 1.125rem 0.75rem;
  }
  li.entry {
    position: relative;
    display: grid;
    grid-template-columns: 2.25rem minmax(0, 1fr);
    gap: 0.75rem;
    padding: 0.625rem 0.5rem 0.875rem;
    margin: 0 -0.5rem;
    border-radius: 0.5rem;
  }
  li.entry:not(:last-child)::before {
    content: '';
    position: absolute;
    left: calc(0.5rem + 1.125rem - 1px);
    top: 2.875rem;
    bottom: -0.25rem;
    width: 2px;
    background: var(--shoal-border, #e3e8ee);
  }
  li.entry.arrived {
    animation:
      slide-in 0.45s ease-out,
      flash 3s ease-out;
  }
  @keyframes slide-in {
    from {
      opacity: 0;
      transform: translateY(-0.75rem);
    }
    to {
      opacity: 1;
      transform: none;
    }
  }
  .type-icon {
    position: relative;
    z-index: 1;
    width: 2.25rem;
    height: 2.25rem;
    border-radius: 50%;
  }
  ${entryActions}
  li.entry.editing {
    display: block;
  }
  .top {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: 0.125rem 0.75rem;
  }
  .what {
    font-size: 0.9375rem;
    overflow-wrap: anywhere;
  }
  .what .kind {
    font-weight: 600;
  }
  .when {
    font-size: 0.8125rem;
    color: var(--shoal-muted, #536171);
    white-space: nowrap;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.75rem;
    margin-top: 0.25rem;
    font-size: 0.8125rem;
    color: var(--shoal-muted, #536171);
    --shoal-avatar-size: 1.25rem;
  }
  .notes {
    margin: 0.375rem 0 0;
    font-size: 0.875rem;
    line-height: 1.5;
    white-space: pre-line;
    overflow-wrap: anywhere;
  }
  .more {
    display: flex;
    justify-content: center;
    padding: 0 1.125rem 1rem;
  }
  @media (max-width: 34rem) {
    .form-wrap {
      padding: 0.75rem 0.875rem 0;
    }
    ol.timeline {
      padding: 0.5rem 0.875rem 0.75rem;
    }
    .log {
      display: grid;
      grid-template-columns: repeat(4, minmax(0, 1fr));
      width: 100%;
    }
    .log button {
      flex-direction: column;
      gap: 0.125rem;
      padding: 0.375rem 0.25rem;
      font-size: 0.75rem;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    li.entry.arrived {
      animation: none;
      background-color: var(--shoal-highlight, #fff1b8);
    }
  }
`;
