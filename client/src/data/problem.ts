import type { Problem } from '../../../shared/common.js';

/** One invalid field of a problem answer. */
export interface FieldError {
  path: string;
  message: string;
}

/** A problem+json body as Shoal sends it, with the extra members of 412 and 410 answers. */
export type ProblemBody = Problem & {
  /** 412: the record as it is now. */
  current?: unknown;
  /** 412: the fields someone else changed since the version sent in If-Match. */
  conflicts?: string[];
  /** 410 from the event log: the newest sequence number. */
  latest?: number;
};

/**
 * A failed API call, the one error every REST call of the client throws. `status` is 0 when
 * the server could not be reached at all. `problem` is the problem+json body (or one made up
 * for non-problem answers), `fieldErrors` maps each named field to its message, and `kind`
 * names what the call was about ("customer", "team member"), so a 404 says what is gone.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly problem: ProblemBody,
    /** Seconds to wait before trying again, from `Retry-After` (429 and 503 answers). */
    readonly retryAfter?: number,
    /** What the call was about, in words ("customer", "deal", "team member"), when known. */
    readonly kind?: string,
  ) {
    super(problem.detail || problem.title);
  }

  /** Field name → message, from `errors[]` (the first message of each field wins). */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const error of this.problem.errors ?? []) if (error.path && !(error.path in out)) out[error.path] = error.message;
    return out;
  }

  /** True when the call never reached the server (offline, server down). */
  get isNetworkError(): boolean {
    return this.status === 0;
  }

  /** True for a 412: someone else saved first; `problem.current` and `problem.conflicts` say what. */
  get isConflict(): boolean {
    return this.status === 412;
  }

  /** A sentence a sales rep understands, for places that show one message. */
  get friendlyMessage(): string {
    return describeError(this);
  }
}

/** The error of a call that never reached the server. */
export function networkError(kind?: string): ApiError {
  return new ApiError(0, { type: 'about:blank', title: 'Network error', status: 0, detail: 'The server could not be reached.' }, undefined, kind);
}

/** "45 seconds", "1 minute", "3 minutes": how long to wait, in words. */
export function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}

/** Turns any error into one sentence for a sales rep. */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something unexpected went wrong. Please try again.';
  const { status, problem } = error;
  if (status === 0) return "Shoal can't reach the server right now. Check your connection and try again.";
  if (status === 401) return 'Your session has ended. Sign in again to continue.';
  if (status === 403) return problem.detail || "You don't have permission to do that.";
  if (status === 503) return 'Shoal is having trouble reaching its database. Please try again in a few seconds.';
  if (status === 429) return error.retryAfter ? `You're going a little fast. Wait ${waitText(error.retryAfter)} and try again.` : "You're going a little fast. Please wait a moment and try again.";
  if (status === 404) return error.kind ? `That ${error.kind} no longer exists. Someone may have deleted it.` : 'That is no longer there. Someone may have deleted it.';
  if (status >= 500) return `Something went wrong on our side. ${problem.detail}`;
  return problem.detail || problem.title;
}

/** Reads the problem+json body of a failed answer (a made-up one when it has none). */
export async function readProblem(response: Response): Promise<ProblemBody> {
  const fallback: ProblemBody = { type: 'about:blank', title: response.statusText || 'Request failed', status: response.status, detail: '' };
  const type = response.headers.get('content-type') ?? '';
  if (!/json/i.test(type)) return fallback;
  try {
    const body = (await response.json()) as Partial<ProblemBody> | null;
    if (!body || typeof body !== 'object') return fallback;
    return {
      ...body,
      type: typeof body.type === 'string' ? body.type : fallback.type,
      title: typeof body.title === 'string' ? body.title : fallback.title,
      status: typeof body.status === 'number' ? body.status : response.status,
      detail: typeof body.detail === 'string' ? body.detail : '',
      ...(Array.isArray(body.errors) ? { errors: body.errors.filter((e): e is FieldError => typeof e?.path === 'string' && typeof e.message === 'string') } : {}),
    };
  } catch {
    return fallback;
  }
}

/** The `Retry-After` of an answer in whole seconds, when it has a positive one. */
export function retryAfterOf(response: Response): number | undefined {
  const seconds = Number(response.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : undefined;
}
