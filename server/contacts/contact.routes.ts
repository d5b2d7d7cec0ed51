import type { Router } from 'express';
import { ContactCreate, ContactListQuery, ContactPatch, ContactReplace } from '../../shared/contact.js';
import type { Idempotency } from '../http/idempotency.js';
import { recordRoutes } from '../records/record.routes.js';
import type { ContactService } from './contact.service.js';

/** REST routes of contacts. */
export const contactRoutes = (contacts: ContactService, idempotency: Idempotency): Router =>
  recordRoutes({ path: 'contacts', schemas: { query: ContactListQuery, create: ContactCreate, replace: ContactReplace, patch: ContactPatch }, service: contacts, idempotency });
