import { svg, type SVGTemplateResult } from 'lit';
import type { TaskType } from '../../../shared/task.js';

/** Line paths of each type's icon (24×24, stroked); drawn in SVG, as not every machine has an emoji font. */
const PATHS: Record<TaskType, SVGTemplateResult> = {
  call: svg`<path d="M22 16.9v3a2 2 0 0 1-2.2 2 19.8 19.8 0 0 1-8.6-3.1 19.5 19.5 0 0 1-6-6A19.8 19.8 0 0 1 2.1 4.2 2 2 0 0 1 4.1 2h3a2 2 0 0 1 2 1.7c.1 1 .4 1.9.7 2.8a2 2 0 0 1-.5 2.1L8.1 9.9a16 16 0 0 0 6 6l1.3-1.3a2 2 0 0 1 2.1-.4c.9.3 1.8.6 2.8.7a2 2 0 0 1 1.7 2z" />`,
  meeting: svg`<path d="M17 21v-2a4 4 0 0 0-4-4H5a4 4 0 0 0-4 4v2" /><circle cx="9" cy="7" r="4" /><path d="M23 21v-2a4 4 0 0 0-3-3.9M16 3.1a4 4 0 0 1 0 7.8" />`,
  email: svg`<rect x="2" y="4" width="20" height="16" rx="2" /><path d="m22 6-10 7L2 6" />`,
  todo: svg`<path d="m9 11 3 3L22 4" /><path d="M21 12v7a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h11" />`,
  deadline: svg`<circle cx="12" cy="12" r="10" /><path d="M12 6v6l4 2" />`,
};

/** The icon of a task's type, decorative (the caller names it). */
export const typeIcon = (type: TaskType) =>
  svg`<svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${PATHS[type]}</svg>`;
