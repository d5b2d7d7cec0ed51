import { css, html, nothing } from 'lit';
import type { User } from '../../shared/user.js';
import { hueOf } from './format.js';
import { cardBox, links, noteChip } from './styles.js';
import './components/shoal-avatar.js';

/**
 * Pieces shared by the customer page and its sections (contacts, deals, timeline): money and
 * date formatting, how a colleague is shown, what "editing" means in presence, and the
 * section card styles.
 */

const calendarDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** A calendar date (`2026-12-31`) in words, the same day in every time zone. */
export function calendarDay(ymd: string | undefined): string {
  if (!ymd) return '';
  const time = Date.parse(`${ymd.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(time) ? ymd : calendarDate.format(time);
}

/** A team member by id, or a stand-in for someone no longer known. */
export function member(team: readonly User[], id: string | undefined): { id: string; name: string; color?: string } | undefined {
  if (!id) return undefined;
  const user = team.find((u) => u.id === id);
  return user ? { id: user.id, name: user.name, color: user.color } : { id, name: 'Former teammate' };
}

/** Avatar colours for people who are not users (contacts): dark enough for white initials (WCAG AA). */
const CONTACT_COLORS = ['#0b6e99', '#6941c6', '#b42318', '#067647', '#c11574', '#175cd3', '#93370d', '#475467'];

/** A stable avatar colour for a contact. */
export const contactColor = (id: string) => CONTACT_COLORS[hueOf(id) % CONTACT_COLORS.length]!;

/** A small avatar and name. */
export function personChip(person: { id: string; name: string; color?: string | undefined } | undefined, fallback = 'Nobody') {
  if (!person) return html`<span class="person muted">${fallback}</span>`;
  return html`<span class="person"><shoal-avatar name=${person.name} color=${person.color ?? nothing} user-id=${person.id}></shoal-avatar><span>${person.name}</span></span>`;
}

/** The count beside a section's heading, read as "Deals (6)" rather than "Deals6". */
export const headingCount = (n: number) => html`<span class="count"><span class="visually-hidden"> (</span>${n}<span class="visually-hidden">)</span></span>`;

/** Labels of the customer's fields, by name (as presence and change events name them). */
export const CUSTOMER_FIELD_LABELS: Record<string, string> = {
  name: 'Company name',
  email: 'Email',
  phone: 'Phone',
  website: 'Website',
  industry: 'Industry',
  address: 'Address',
  tags: 'Tags',
  ownerId: 'Owner',
};

/** What a section says it is editing, in presence (`editing`). */
export type SectionEditing = 'contacts' | 'opportunities' | 'interactions';

/** "editing Phone", "editing contacts", "logging an interaction": a presence `editing` in words. */
export function editingText(editing: string | undefined): string {
  if (!editing) return '';
  if (editing === 'contacts') return 'editing contacts';
  if (editing === 'opportunities') return 'editing deals';
  if (editing === 'interactions') return 'logging an interaction';
  const label = CUSTOMER_FIELD_LABELS[editing];
  return label ? `editing ${label.toLowerCase()}` : 'editing';
}

/** Detail of `shoal-editing`: what the rep started editing on the customer page (undefined: stopped). */
export interface EditingDetail {
  editing: SectionEditing | undefined;
}

/** Card, list, flash and note styles of the customer page's sections. */
export const sectionStyles = css`
  :host {
    display: block;
  }
  ${cardBox}
  .section-head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem 0.75rem;
    padding: 0.875rem 1.125rem;
    border-bottom: 1px solid var(--shoal-border, #e3e8ee);
  }
  .section-head h2 {
    margin: 0;
    font-size: 1rem;
    letter-spacing: -0.005em;
  }
  .section-head .count {
    margin-left: 0.375rem;
    font-weight: 500;
    color: var(--shoal-muted, #536171);
  }
  .section-head .summary {
    font-size: 0.8125rem;
    color: var(--shoal-muted, #536171);
  }
  .section-body {
    padding: 0.75rem 1.125rem 1rem;
  }
  .muted {
    color: var(--shoal-muted, #536171);
  }
  .person {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
    --shoal-avatar-size: 1.375rem;
    white-space: nowrap;
  }
  .state {
    padding: 1.25rem 1.125rem;
    color: var(--shoal-muted, #536171);
    font-size: 0.9rem;
    line-height: 1.5;
  }
  .state p {
    margin: 0 0 0.625rem;
  }
  .state.error {
    color: #7a271a;
  }
  .skeleton {
    display: grid;
    gap: 0.625rem;
    padding: 1rem 1.125rem;
  }
  .skeleton div {
    height: 1.25rem;
    border-radius: 0.375rem;
    background: linear-gradient(90deg, #eef2f6 0, #f7f9fb 50%, #eef2f6 100%);
    background-size: 200% 100%;
    animation: shimmer 1.4s infinite linear;
  }
  @keyframes shimmer {
    to {
      background-position: -200% 0;
    }
  }
  .flash {
    animation: flash 3s ease-out;
  }
  @keyframes flash {
    0%,
    40% {
      background-color: var(--shoal-highlight, #fff1b8);
    }
    100% {
      background-color: transparent;
    }
  }
  .note {
    ${noteChip}
    white-space: nowrap;
  }
  .icon-button {
    flex: none;
    min-height: 2rem;
    min-width: 2rem;
    padding: 0.25rem 0.5rem;
    color: var(--shoal-muted, #536171);
  }
  .icon-button:hover:not(:disabled) {
    color: var(--shoal-text, #1b2430);
  }
  ${links}
  .inline-form {
    display: grid;
    gap: 0.75rem;
    padding: 0.875rem;
    margin: 0.25rem 0 0.75rem;
    border: 1px solid var(--shoal-border, #e3e8ee);
    border-radius: 0.625rem;
    background: var(--shoal-surface-muted, #f7f9fb);
  }
  .inline-form .grid {
    display: grid;
    grid-template-columns: repeat(2, minmax(0, 1fr));
    gap: 0.75rem;
  }
  .inline-form .field + .field {
    margin-top: 0;
  }
  .inline-form .wide {
    grid-column: 1 / -1;
  }
  .form-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    justify-content: flex-end;
  }
  .banner .choice {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-top: 0.5rem;
  }
  @media (max-width: 34rem) {
    .inline-form .grid {
      grid-template-columns: 1fr;
    }
    .section-head,
    .section-body {
      padding-left: 0.875rem;
      padding-right: 0.875rem;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .flash {
      animation: none;
      background-color: var(--shoal-highlight, #fff1b8);
    }
    .skeleton div {
      animation: none;
    }
  }
`;

const pencilPath = 'M13.6 2.9a2 2 0 0 1 2.8 0l.7.7a2 2 0 0 1 0 2.8l-9.4 9.4-3.9 1 1-3.9 8.8-8.8zM12.5 5.3l2.2 2.2 1-1-2.2-2.2-1 1z';
const trashPath =
  'M8 2h4a1 1 0 0 1 1 1v1h3.5a.75.75 0 0 1 0 1.5h-.6l-.8 10.6A2 2 0 0 1 13.1 18H6.9a2 2 0 0 1-2-1.9L4.1 5.5h-.6a.75.75 0 0 1 0-1.5H7V3a1 1 0 0 1 1-1zm3.5 2V3.5h-3V4h3zM5.6 5.5l.8 10.5a.5.5 0 0 0 .5.5h6.2a.5.5 0 0 0 .5-.5l.8-10.5H5.6z';
const plusPath = 'M10 3.5a.9.9 0 0 1 .9.9v4.7h4.7a.9.9 0 0 1 0 1.8h-4.7v4.7a.9.9 0 0 1-1.8 0v-4.7H4.4a.9.9 0 0 1 0-1.8h4.7V4.4a.9.9 0 0 1 .9-.9z';

/** Small decorative icons. */
export const icons = {
  pencil: html`<svg aria-hidden="true" viewBox="0 0 20 20" width="16" height="16" fill="currentColor"><path d=${pencilPath} /></svg>`,
  trash: html`<svg aria-hidden="true" viewBox="0 0 20 20" width="16" height="16" fill="currentColor"><path d=${trashPath} /></svg>`,
  plus: html`<svg aria-hidden="true" viewBox="0 0 20 20" width="16" height="16" fill="currentColor"><path d=${plusPath} /></svg>`,
};
