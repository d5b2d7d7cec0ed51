/** What tells a rep how things stand: banners, progress, toasts, empty and loading states, who else is here. */
import { css } from 'lit';

/** The colours of message banners: `.banner.error-banner`, `.info`, `.warning` and `.success`. */
export const bannerColors = css`
  .banner.error-banner {
    background: #fef3f2;
    border: 1px solid #fecdca;
    color: #7a271a;
  }
  .banner.info {
    background: #eff8ff;
    border: 1px solid #b2ddff;
    color: #194185;
  }
  .banner.warning {
    background: #fffaeb;
    border: 1px solid #fedf89;
    color: #7a2e0e;
  }
  .banner.success {
    background: #ecfdf3;
    border: 1px solid #abefc6;
    color: #054f31;
  }
`;

/** The thin sliding bar of a view that is updating (`.progress`); the view places it. */
export const progressBar = css`
  .progress {
    height: 3px;
    background: linear-gradient(90deg, transparent, var(--shoal-primary, #0b6e99), transparent);
    background-size: 40% 100%;
    background-repeat: no-repeat;
    animation: slide 1s linear infinite;
  }
  @keyframes slide {
    from {
      background-position: -40% 0;
    }
    to {
      background-position: 140% 0;
    }
  }
`;

/** Short dark messages stacked at the bottom right of the screen (`.toasts`, `.toast`). */
export const toasts = css`
  .toasts {
    position: fixed;
    right: 1rem;
    bottom: 1rem;
    z-index: 20;
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
    max-width: min(24rem, calc(100vw - 2rem));
  }
  .toast {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    padding: 0.75rem 0.875rem 0.75rem 1rem;
    border-radius: 0.625rem;
    background: #1b2430;
    color: #fff;
    font-size: 0.875rem;
    box-shadow: 0 10px 30px rgb(15 23 42 / 25%);
  }
  .toast button {
    margin-left: auto;
    color: #fff;
    background: transparent;
    border-color: rgb(255 255 255 / 30%);
  }
`;

/** A quiet grey box in place of a panel's list: nothing in this period, or it could not load (`.muted-state`, `.muted-state.error`). */
export const mutedState = css`
  .muted-state {
    margin: 0.5rem 0;
    padding: 1.5rem 1rem;
    text-align: center;
    color: var(--shoal-muted, #536171);
    background: var(--shoal-surface-muted, #f7f9fb);
    border-radius: 0.5rem;
    font-size: 0.9rem;
  }
  .muted-state.error {
    color: #7a271a;
    background: #fef3f2;
  }
  .muted-state p {
    margin: 0 0 0.625rem;
  }
`;

/** A centred message in place of a view's content: nothing there yet, or loading failed (`.state`). */
export const stateMessage = css`
  .state {
    padding: 3rem 1.5rem;
    text-align: center;
  }
  .state h2 {
    margin: 0 0 0.375rem;
    font-size: 1.0625rem;
  }
  .state p {
    margin: 0 auto 1rem;
    max-width: 30rem;
    color: var(--shoal-muted, #536171);
    line-height: 1.5;
  }
  .state.error h2 {
    color: var(--shoal-danger, #b42318);
  }
`;

/** The moving shine of loading placeholders (`animation: shimmer …`). */
export const shimmer = css`
  @keyframes shimmer {
    from {
      background-position: 200% 0;
    }
    to {
      background-position: -200% 0;
    }
  }
`;

/** A job's progress: `.label` (what and how far) over a `<progress>` bar. */
export const jobProgress = css`
  .label {
    display: flex;
    justify-content: space-between;
    gap: 1rem;
    margin-bottom: 0.375rem;
    font-size: 0.875rem;
    font-weight: 600;
  }
  progress {
    display: block;
    width: 100%;
    height: 0.625rem;
    border: 0;
    border-radius: 999px;
    overflow: hidden;
    background: var(--shoal-border, #e3e8ee);
    accent-color: var(--shoal-primary, #0b6e99);
  }
  progress::-webkit-progress-bar {
    background: var(--shoal-border, #e3e8ee);
  }
  progress::-webkit-progress-value {
    background: var(--shoal-primary, #0b6e99);
    border-radius: 999px;
    transition: width 0.3s ease;
  }
  @media (prefers-reduced-motion: reduce) {
    progress::-webkit-progress-value {
      transition: none;
    }
  }
`;

/** Colleagues on the same view: a muted label and a row of overlapping avatars (`.presence`, `.avatars`). */
export const presenceAvatars = css`
  .presence {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    font-size: 0.8125rem;
    color: var(--shoal-muted, #536171);
  }
  .avatars {
    display: flex;
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .avatars li {
    display: inline-flex;
    margin-left: -0.375rem;
    border-radius: 50%;
    --shoal-avatar-size: 2rem;
    --shoal-avatar-ring: 0 0 0 2px var(--shoal-bg, #f4f6f8);
  }
  .avatars li:first-child {
    margin-left: 0;
  }
`;
