import { svg, type SVGTemplateResult } from 'lit';
import type { InteractionType } from '../../../shared/interaction.js';

/**
 * The interaction types' icons, without the schema library, so the board's task icons load no
 * zod (interaction-types.ts, which has the types' names and colours, re-exports these).
 */

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
