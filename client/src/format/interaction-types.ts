import { css, svg, unsafeCSS, type SVGTemplateResult } from 'lit';
import { InteractionType } from '../../../shared/interaction.js';

/**
 * The one definition of how an interaction type reads and looks (SPEC 6, "one definition per
 * domain list"): the types come from the shared schema, and every view (the customer timeline,
 * the dashboard's history and charts, My work's call, meeting and email tasks) takes their
 * names, colours and icons from here.
 */

/** The interaction types in the order lists, filters and the log buttons show them. */
export const INTERACTION_TYPES: readonly InteractionType[] = InteractionType.options;

export interface InteractionTypeInfo {
  /** Its name: "Call". */
  label: string;
  /** Its plural, for a filter: "Calls". */
  plural: string;
  /** What the log button says: "Log a call". */
  verb: string;
  /** What the form's submit says: "Log call". */
  submit: string;
  /** With an article, for sentences: "a call", "an email". */
  noun: string;
  /** Its colour (charts, and the icon's ink). */
  color: string;
  /** A light tint of it, the icon's background. */
  tint: string;
  /** Whether it has a duration (calls and meetings). */
  timed: boolean;
}

export const INTERACTION_TYPE_INFO: Record<InteractionType, InteractionTypeInfo> = {
  call: { label: 'Call', plural: 'Calls', verb: 'Log a call', submit: 'Log call', noun: 'a call', color: '#0b6e99', tint: '#e0f2fe', timed: true },
  meeting: { label: 'Meeting', plural: 'Meetings', verb: 'Log a meeting', submit: 'Log meeting', noun: 'a meeting', color: '#7c3aed', tint: '#ede9fe', timed: true },
  email: { label: 'Email', plural: 'Emails', verb: 'Log an email', submit: 'Log email', noun: 'an email', color: '#b45309', tint: '#fef3c7', timed: false },
  note: { label: 'Note', plural: 'Notes', verb: 'Add a note', submit: 'Save note', noun: 'a note', color: '#475569', tint: '#f1f5f9', timed: false },
};

/** The info of a type; an unknown type (an old record) reads as its own key, in grey. */
export function interactionTypeInfo(type: string): InteractionTypeInfo {
  return (
    INTERACTION_TYPE_INFO[type as InteractionType] ?? { label: type, plural: type, verb: type, submit: 'Save', noun: type, color: '#475569', tint: '#f1f5f9', timed: false }
  );
}

/** Line paths of each type's icon (24×24, stroked); drawn in SVG, as not every machine has an emoji font. */
export const INTERACTION_ICON_PATHS: Record<InteractionType, SVGTemplateResult> = {
  call: svg`<path d="M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2" />`,
  meeting: svg`<circle cx="9" cy="7" r="4" /><path d="M3 21v-2a4 4 0 0 1 4-4h4a4 4 0 0 1 4 4v2M16 3.13a4 4 0 0 1 0 7.75M21 21v-2a4 4 0 0 0-3-3.85" />`,
  email: svg`<rect x="3" y="5" width="18" height="14" rx="2" /><path d="m3 7 9 6 9-6" />`,
  note: svg`<path d="M14 3v4a1 1 0 0 0 1 1h4" /><path d="M17 21H7a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h7l5 5v11a2 2 0 0 1-2 2zM9 13h6M9 17h4" />`,
};

/** A line icon from 24×24 paths, decorative (the caller names what it stands for). */
export const lineIcon = (paths: SVGTemplateResult, size = 18) =>
  svg`<svg aria-hidden="true" viewBox="0 0 24 24" width=${size} height=${size} fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${paths}</svg>`;

/** The icon of an interaction type, decorative. */
export const interactionIcon = (type: InteractionType, size = 18) => lineIcon(INTERACTION_ICON_PATHS[type] ?? INTERACTION_ICON_PATHS.note, size);

/**
 * The tinted badge an icon sits in: `<span class="type-icon call">`; the shape (circle, square)
 * and size are the view's, the colours are the type's.
 */
export const interactionIconStyles = css`
  .type-icon {
    display: grid;
    place-items: center;
    flex: none;
    background: #f1f5f9;
    color: #475569;
  }
  /* Built from the constant table above, never from user data. */
  ${unsafeCSS(INTERACTION_TYPES.map((t) => `.type-icon.${t} { background: ${INTERACTION_TYPE_INFO[t].tint}; color: ${INTERACTION_TYPE_INFO[t].color}; }`).join('\n'))}
`;
