import { css, unsafeCSS } from 'lit';
import { InteractionType } from '../../../shared/interaction.js';

/**
 * The one definition of how an interaction type reads and looks (SPEC 6, "one definition per
 * domain list"): the types come from the shared schema, and every view (the customer timeline,
 * the dashboard's history and charts, My work's call, meeting and email tasks) takes their
 * names, colours and icons from here (the icons' paths are in interaction-icons.ts, which
 * the board reads without the schema library).
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

export { INTERACTION_ICON_PATHS, interactionIcon, lineIcon } from './interaction-icons.js';

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
