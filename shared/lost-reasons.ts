/**
 * The reasons a sales team gives most often for a lost deal, in the order every form offers
 * them; anything else is the rep's own words ("Other"). One list, so the dashboard's lost
 * reasons group the same answer under one name wherever it was given.
 */
export const LOST_REASONS = ['Chose a competitor', 'Price too high', 'No budget this year', 'No decision maker', 'Project cancelled', 'Went silent'] as const;
export type LostReason = (typeof LOST_REASONS)[number];
