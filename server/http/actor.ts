import type { Request } from 'express';
import { Actor } from '../../shared/common.js';
import { AppError } from './app-error.js';

/** The actor of REST calls that name nobody (scripts, before accounts exist). */
export const apiClientActor: Actor = { id: 'api', name: 'API client' };

/**
 * Who makes this request. Until accounts exist (issue 3) the web client names its rep in
 * `X-Shoal-Actor-Id` and `X-Shoal-Actor-Name` (URI-encoded); other callers are "API client".
 */
export function actorOf(req: Request): Actor {
  const id = req.get('x-shoal-actor-id');
  const name = req.get('x-shoal-actor-name');
  if (id === undefined && name === undefined) return apiClientActor;
  let decoded: unknown;
  try {
    decoded = { id, name: name === undefined ? undefined : decodeURIComponent(name) };
  } catch {
    decoded = undefined;
  }
  const parsed = Actor.safeParse(decoded);
  if (!parsed.success) {
    throw new AppError('BAD_REQUEST', 'X-Shoal-Actor-Id and X-Shoal-Actor-Name must both be set, at most 64 and 80 characters.', {
      errors: [{ path: 'X-Shoal-Actor-Name', message: 'is missing or invalid' }],
    });
  }
  return parsed.data;
}
