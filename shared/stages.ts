/**
 * The default pipeline (SPEC section 3), in board order, as plain data: the web client's main
 * bundle reads it without the schema library (shared/stage.ts has the schemas and re-exports it).
 */
export interface StageData {
  key: string;
  name: string;
  probability: number;
  kind: 'open' | 'won' | 'lost';
  /** Days without a change, interaction or task after which an open deal in this stage is rotting. */
  rotDays?: number;
}

/** The id of the default pipeline: the one that holds these stages and every deal made before pipelines. */
export const DEFAULT_PIPELINE_ID = '000000000000000000000001';

export const DEFAULT_STAGES: readonly StageData[] = [
  { key: 'prospecting', name: 'Prospecting', probability: 10, kind: 'open' },
  { key: 'qualification', name: 'Qualification', probability: 25, kind: 'open' },
  { key: 'proposal', name: 'Proposal', probability: 50, kind: 'open' },
  { key: 'negotiation', name: 'Negotiation', probability: 75, kind: 'open' },
  { key: 'won', name: 'Closed Won', probability: 100, kind: 'won' },
  { key: 'lost', name: 'Closed Lost', probability: 0, kind: 'lost' },
];
