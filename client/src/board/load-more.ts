import type { ShoalApi } from '../api.js';
import { fetchColumnPage, type PipelineFilter } from './board-api.js';
import type { BoardColumn, PipelineModel } from './board-model.js';
import { plural } from './board-view.js';
import type { CustomerNames } from './customer-names.js';
import type { FeedbackController } from './feedback-controller.js';
import type { FocusController } from './focus-controller.js';
import type { NextStepController } from './next-step-controller.js';

/**
 * "Show N more" of one column: its next cards with their customers' names and next steps
 * (`GET /pipeline?stage=&cursor=`, of the pipeline and owner shown); the focus goes on to the
 * first card it brought, and screen readers hear how many came.
 */
export async function loadMoreCards(
  api: ShoalApi,
  column: BoardColumn,
  d: { limit: number; filter: PipelineFilter; pipelineId: string | undefined; model: PipelineModel; nextSteps: NextStepController; names: CustomerNames; focus: FocusController; feedback: FeedbackController },
): Promise<void> {
  if (!column.nextCursor) return;
  const page = await fetchColumnPage(api, { stage: column.key, cursor: column.nextCursor, limit: d.limit, filter: d.filter, pipelineId: d.pipelineId });
  d.model.appendPage(column.key, page.items, page.nextCursor);
  d.nextSteps.load(page.nextSteps, page.items.map((card) => card.id), false);
  d.names.add(Object.entries(page.customers));
  // "Show N more" goes away or is disabled: the focus goes on to the first card it brought.
  const first = page.items.find((card) => d.model.placeOf(card.id)?.stage === column.key);
  if (first) d.focus.focus(first.id);
  d.feedback.announce(`${plural(page.items.length, 'more deal', 'more deals')} in ${column.name}.`);
}
