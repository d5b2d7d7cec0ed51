/** The domain and protocol errors Shoal answers with; each maps to one HTTP status. */
export type ErrorCode =
  | 'MALFORMED_JSON'
  | 'BAD_REQUEST'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'EMAIL_TAKEN'
  | 'CONFLICT'
  | 'IDEMPOTENCY_IN_PROGRESS'
  | 'EVENTS_EXPIRED'
  | 'STALE_VERSION'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'VALIDATION'
  | 'RATE_LIMITED'
  | 'DB_UNAVAILABLE';

/** One field an error is about, as problem+json `errors` lists them. */
export interface FieldError {
  path: string;
  message: string;
}

export interface AppErrorOptions {
  errors?: FieldError[];
  /** Extra members for the problem body (for 412: `current` and `conflicts`). */
  extra?: Record<string, unknown>;
  /** Seconds, sent as `Retry-After`. */
  retryAfter?: number;
}

/** An error whose message is safe to show to the client. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly options: AppErrorOptions = {},
  ) {
    super(detail);
    this.name = 'AppError';
  }
}

/** A 422 naming the fields. */
export const validationError = (errors: FieldError[], detail = 'Some fields are invalid.') =>
  new AppError('VALIDATION', detail, { errors });
