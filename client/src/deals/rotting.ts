import type { Opportunity } from '../../../shared/opportunity.js';
import type { StageKind } from '../../../shared/stage.js';

/**
 * What "rotting" means in the client, for the board's cards and the deals table alike: the
 * server keeps `rotting` on each deal (SPEC section 12, server/pipelines/rotting.ts, live through
 * the deal's change events); a deal shows it while its stage is open, with words saying why.
 */

/** Whether a deal shows as rotting in a stage of this kind. */
export const showsRotting = (deal: Pick<Opportunity, 'rotting'>, kind: StageKind | undefined): boolean => deal.rotting === true && (kind ?? 'open') === 'open';

/** Why a deal is marked: "Rotting: no activity for more than 14 days" (its stage's `rotDays`). */
export const rottingText = (rotDays: number | undefined): string => `Rotting: no activity for ${rotDays ? `more than ${rotDays} ${rotDays === 1 ? 'day' : 'days'}` : 'too long'}`;
