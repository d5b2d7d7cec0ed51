import type { Router } from 'express';
import { InteractionCreate, InteractionListQuery, InteractionPatch, InteractionReplace } from '../../shared/interaction.js';
import type { Idempotency } from '../http/idempotency.js';
import { recordRoutes } from '../records/record.routes.js';
import type { InteractionService } from './interaction.service.js';

/** REST routes of interactions. */
export const interactionRoutes = (interactions: InteractionService, idempotency: Idempotency): Router =>
  recordRoutes({
    path: 'interactions',
    schemas: { query: InteractionListQuery, create: InteractionCreate, replace: InteractionReplace, patch: InteractionPatch },
    service: interactions,
    idempotency,
  });
