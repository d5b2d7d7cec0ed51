import { svg, type SVGTemplateResult } from 'lit';
import type { TaskType } from '../../../shared/task.js';
import { INTERACTION_ICON_PATHS, lineIcon } from '../format/interaction-icons.js';

/** Line paths of each type's icon; a call, meeting or email task has its interaction's icon. */
const PATHS: Record<TaskType, SVGTemplateResult> = {
  call: INTERACTION_ICON_PATHS.call,
  meeting: INTERACTION_ICON_PATHS.meeting,
  email: INTERACTION_ICON_PATHS.email,
  todo: svg`<path d="m9 11 3 3L22 4" /><path d="M21 12v7a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h11" />`,
  deadline: svg`<circle cx="12" cy="12" r="10" /><path d="M12 6v6l4 2" />`,
};

/** The icon of a task's type, decorative (the caller names it). */
export const typeIcon = (type: TaskType) => lineIcon(PATHS[type]);
