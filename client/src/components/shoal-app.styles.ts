import { css } from 'lit';

/** The shell's own styles: the header bar (brand, navigation, tools) wrapping at phone width, the skip link, the main area, the session dialog and the boot screens. */
export const appStyles = css`
  :host {
    display: block;
    min-height: 100dvh;
    background: var(--shoal-bg, #f4f6f8);
  }
  .skip {
    position: absolute;
    left: 0.5rem;
    top: -3rem;
    z-index: 50;
    padding: 0.5rem 0.875rem;
    border-radius: 0.5rem;
    background: #fff;
    color: var(--shoal-text, #1b2430);
  }
  .skip:focus {
    top: 0.5rem;
  }
  header {
    background: var(--shoal-header-bg, #0f2a3d);
    color: #e6edf3;
    --shoal-status-text: #e6edf3;
    --shoal-online-ring: var(--shoal-header-bg, #0f2a3d);
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 1.5rem;
    max-width: 84rem;
    margin: 0 auto;
    padding: 0.625rem 1.5rem;
  }
  .brand {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    font-size: 1.1875rem;
    font-weight: 700;
    letter-spacing: -0.01em;
    color: #fff;
  }
  nav ul {
    display: flex;
    gap: 0.25rem;
    list-style: none;
    margin: 0;
    padding: 0;
  }
  nav a,
  nav .soon {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
    padding: 0.4375rem 0.75rem;
    border-radius: 0.5rem;
    font-size: 0.9rem;
    font-weight: 500;
    color: #c2d1dc;
    text-decoration: none;
    white-space: nowrap;
  }
  nav a:hover {
    color: #fff;
    background: rgb(255 255 255 / 6%);
  }
  nav a[aria-current='page'] {
    background: rgb(255 255 255 / 12%);
    color: #fff;
  }
  nav a:focus-visible {
    outline: 2px solid #7dd3fc;
    outline-offset: 2px;
  }
  nav .soon {
    color: #8da2b3;
    cursor: not-allowed;
  }
  .badge {
    font-size: 0.6875rem;
    font-weight: 600;
    padding: 0 0.375rem;
    border-radius: 999px;
    background: rgb(255 255 255 / 10%);
  }
  .end {
    display: flex;
    align-items: center;
    gap: 0.875rem;
    margin-left: auto;
  }
  main {
    max-width: 84rem;
    margin: 0 auto;
    padding: 1.5rem;
  }
  main:focus {
    outline: none;
  }
  .auth {
    min-height: 100dvh;
    display: grid;
    place-items: center;
    padding: 1.5rem 1rem;
    background: linear-gradient(180deg, #0f2a3d 0, #0f2a3d 15rem, var(--shoal-bg, #f4f6f8) 15rem);
  }
  .auth-card {
    width: min(26rem, 100%);
    background: var(--shoal-surface, #fff);
    border-radius: 1rem;
    padding: 2rem 2rem 1.75rem;
    box-shadow: 0 24px 60px rgb(15 23 42 / 18%);
  }
  .auth-brand {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    font-size: 1.125rem;
    font-weight: 700;
    margin-bottom: 1.25rem;
    color: var(--shoal-text, #1b2430);
  }
  .auth-brand svg rect {
    fill: #0f2a3d;
    fill-opacity: 1;
  }
  .auth h1,
  .session h2 {
    margin: 0 0 0.375rem;
    font-size: 1.375rem;
    letter-spacing: -0.01em;
  }
  .auth-lead {
    margin: 0 0 1.5rem;
    color: var(--shoal-muted, #536171);
    font-size: 0.9375rem;
    line-height: 1.5;
  }
  .auth-foot {
    margin: 1.25rem 0 0;
    font-size: 0.8125rem;
    color: var(--shoal-muted, #536171);
    text-align: center;
  }
  .session {
    width: min(26rem, calc(100vw - 1.5rem));
    padding: 1.75rem 1.75rem 1.5rem;
  }
  .loading {
    min-height: 100dvh;
    display: grid;
    place-items: center;
    color: var(--shoal-muted, #536171);
    background: linear-gradient(#0f2a3d 0 3.25rem, var(--shoal-bg, #f4f6f8) 3.25rem);
  }
  @media (max-width: 40rem) {
    .bar {
      padding: 0.5rem 1rem;
      gap: 0.375rem 0.75rem;
    }
    nav {
      order: 3;
      width: 100%;
      overflow-x: auto;
    }
    .end {
      gap: 0.5rem;
    }
    main {
      padding: 1rem 0.75rem;
    }
    .auth-card {
      padding: 1.5rem 1.25rem;
    }
  }
`;
