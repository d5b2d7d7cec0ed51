import { z } from 'zod';
import { RecordId } from './common.js';
import { InteractionType } from './interaction.js';

/**
 * The longest period the dashboard answers (ten years and their leap days): enough for any
 * sales review, and it keeps a request's work and its weekly buckets (at most 523) bounded.
 */
export const MAX_PERIOD_DAYS = 3653;

/** Query of `GET /api/dashboard`: a period (default the last 30 days) and an owner. */
export const DashboardQuery = z
  .strictObject({
    from: z.iso.datetime({ offset: true, error: 'must be a date and time such as 2026-11-01T00:00:00Z' }).optional(),
    to: z.iso.datetime({ offset: true, error: 'must be a date and time such as 2026-12-01T00:00:00Z' }).optional(),
    ownerId: z.string().max(64).optional(),
    /** One pipeline's deals (default: every pipeline's). */
    pipelineId: RecordId.optional(),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { message: 'from must be before to', path: ['from'] });
export type DashboardQuery = z.infer<typeof DashboardQuery>;

/** The figures of one period. Money is in the default currency, as numbers with 2 decimals. */
export const PeriodFigures = z.object({
  /** Deals open at the end of the period. */
  openDeals: z.number().int(),
  /** Deals won / lost during the period. */
  wonDeals: z.number().int(),
  lostDeals: z.number().int(),
  /** Sum of the amounts of deals open at the end of the period. */
  openPipelineValue: z.number(),
  /** Sum of amount × probability of deals open at the end of the period. */
  weightedForecast: z.number(),
  /** Won / (won + lost) of deals closed in the period; null when none closed. */
  winRate: z.number().nullable(),
  /** Average amount of deals won in the period; null when none. */
  averageDealSize: z.number().nullable(),
  /** Won value in the period. */
  wonValue: z.number(),
  /** Average days from creation to won, of deals won in the period; null when none. */
  averageSalesCycleDays: z.number().nullable(),
  /** Interactions logged (by date) in the period. */
  interactions: z.number().int(),
});
export type PeriodFigures = z.infer<typeof PeriodFigures>;

/** `GET /api/dashboard`. */
export const Dashboard = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  previousPeriod: z.object({ from: z.string(), to: z.string() }),
  ownerId: z.string().nullable(),
  /** The pipeline asked for, or null for every pipeline (always sent; optional for older fixtures). */
  pipelineId: z.string().nullable().optional(),
  figures: PeriodFigures,
  previous: PeriodFigures,
  /** Count and value of deals in each stage at the end of the period, in board order, pipeline by pipeline (default first). */
  byStage: z.array(z.object({ pipelineId: z.string().optional(), stage: z.string(), name: z.string(), count: z.number().int(), value: z.number() })),
  /** Average days a deal stayed in each stage, over stays that ended in the period. */
  timeInStage: z.array(z.object({ pipelineId: z.string().optional(), stage: z.string(), name: z.string(), averageDays: z.number().nullable(), stays: z.number().int() })),
  /** Of the deals created in the period, how many reached each open stage and the next one of its pipeline. */
  conversion: z.array(z.object({ pipelineId: z.string().optional(), from: z.string(), to: z.string(), entered: z.number().int(), advanced: z.number().int(), rate: z.number().nullable() })),
  /** Why deals lost in the period were lost, most frequent first. */
  lostReasons: z.array(z.object({ reason: z.string(), count: z.number().int() })),
  /** Interactions per day (or week for long periods) and type. */
  interactionsOverTime: z.object({
    bucket: z.enum(['day', 'week']),
    series: z.array(z.object({ start: z.string(), counts: z.record(InteractionType, z.number().int()) })),
  }),
  /** Customers with the most open value at the end of the period. */
  topCustomers: z.array(z.object({ customerId: z.string(), name: z.string(), openValue: z.number(), openDeals: z.number().int() })),
  /** Per rep in the period: interactions logged, deals won and their value. */
  activityByRep: z.array(z.object({ userId: z.string(), name: z.string(), interactions: z.number().int(), dealsWon: z.number().int(), wonValue: z.number() })),
});
export type Dashboard = z.infer<typeof Dashboard>;
