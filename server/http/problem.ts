import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import mongoose from 'mongoose';
import { randomUUID } from 'node:crypto';
import type { Problem } from '../../shared/common.js';
import type { Logger } from '../logger.js';
import { AppError, type ErrorCode } from './app-error.js';

function assertUnreachable(value: never): never {
  throw new Error(`unhandled error code ${String(value)}`);
}

/** HTTP status and problem title of each error code. */
export function describe(code: ErrorCode): { status: number; title: string } {
  switch (code) {
    case 'MALFORMED_JSON':
      return { status: 400, title: 'Malformed JSON' };
    case 'BAD_REQUEST':
      return { status: 400, title: 'Bad request' };
    case 'UNAUTHENTICATED':
      return { status: 401, title: 'Not signed in' };
    case 'FORBIDDEN':
      return { status: 403, title: 'Not allowed' };
    case 'NOT_FOUND':
      return { status: 404, title: 'Not found' };
    case 'EMAIL_TAKEN':
      return { status: 409, title: 'Email already in use' };
    case 'CONFLICT':
      return { status: 409, title: 'Conflict' };
    case 'IDEMPOTENCY_IN_PROGRESS':
      return { status: 409, title: 'A request with this Idempotency-Key is still being processed' };
    case 'EVENTS_EXPIRED':
      return { status: 410, title: 'Events no longer available' };
    case 'STALE_VERSION':
      return { status: 412, title: 'The record changed since you read it' };
    case 'PAYLOAD_TOO_LARGE':
      return { status: 413, title: 'Request body too large' };
    case 'UNSUPPORTED_MEDIA_TYPE':
      return { status: 415, title: 'Unsupported media type' };
    case 'VALIDATION':
      return { status: 422, title: 'Invalid input' };
    case 'RATE_LIMITED':
      return { status: 429, title: 'Too many requests' };
    case 'DB_UNAVAILABLE':
      return { status: 503, title: 'Database unavailable' };
    default:
      return assertUnreachable(code);
  }
}

const typeUri = (code: ErrorCode) => `https://shoal.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`;

/** The problem details of `error` (RFC 9457), as an answer or a batch item carries them. */
export function problemOf(error: AppError): Problem & Record<string, unknown> {
  const { status, title } = describe(error.code);
  return {
    type: typeUri(error.code),
    title,
    status,
    detail: error.detail,
    ...(error.options.errors ? { errors: error.options.errors } : {}),
    ...error.options.extra,
  };
}

/** Writes an `application/problem+json` answer for `error`. */
export function sendProblem(res: Response, error: AppError): void {
  const body = problemOf(error);
  if (error.options.retryAfter !== undefined) res.setHeader('Retry-After', String(error.options.retryAfter));
  res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
}

// The driver's error classes as mongoose loads them: a root copy of `mongodb` would be another
// module whose classes no error thrown by mongoose is an instance of.
const { MongoNetworkError, MongoServerSelectionError, MongoNotConnectedError, MongoTopologyClosedError, MongoServerClosedError } = mongoose.mongo;

/**
 * True for errors that mean the database cannot be reached right now: a connection refused,
 * reset or closed (MongoNetworkError, which a cleared pool's error extends too), no server to
 * select within `serverSelectionTimeoutMS`, a client or topology closed.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return (
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNetworkError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError ||
    error instanceof MongoServerClosedError ||
    // The driver lets a write on a socket the engine just closed escape unwrapped (seen at kill -9).
    (error instanceof Error && ['EPIPE', 'ECONNRESET', 'ECONNREFUSED'].includes((error as NodeJS.ErrnoException).code ?? '')) ||
    (error instanceof mongoose.Error && error.name === 'MongooseServerSelectionError') ||
    (error instanceof Error && /buffering timed out|Client must be connected|connection .* closed|ECONNREFUSED/i.test(error.message))
  );
}

interface BodyParserError {
  type?: string;
  status?: number;
}

/** Turns body-parser failures into the matching AppError. */
function fromBodyParser(error: BodyParserError): AppError | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return new AppError('MALFORMED_JSON', 'The request body is not valid JSON.');
    case 'entity.too.large':
      return new AppError('PAYLOAD_TOO_LARGE', 'The request body is larger than this endpoint accepts.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as UTF-8 JSON.');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new AppError('BAD_REQUEST', 'The request body could not be read.');
    default:
      return undefined;
  }
}

/**
 * The error middleware: known errors become problem+json; anything else is a generic 500
 * whose details go to the log under a correlation id, never to the client.
 */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (error instanceof AppError) return sendProblem(res, error);
    const parsed = typeof error === 'object' && error !== null ? fromBodyParser(error as BodyParserError) : undefined;
    if (parsed) return sendProblem(res, parsed);
    if (isDatabaseUnavailable(error)) {
      logger.warn({ err: error, url: req.originalUrl }, 'database unavailable');
      return sendProblem(res, new AppError('DB_UNAVAILABLE', 'The database cannot be reached right now. Try again shortly.', { retryAfter: 2 }));
    }
    const status = (error as BodyParserError | undefined)?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return sendProblem(res, new AppError('BAD_REQUEST', 'The request could not be understood.'));
    }
    const correlationId = randomUUID();
    logger.error({ err: error, correlationId, method: req.method, url: req.originalUrl }, 'unhandled error');
    res
      .status(500)
      .type('application/problem+json')
      .send(
        JSON.stringify({
          type: 'about:blank',
          title: 'Internal error',
          status: 500,
          detail: `Something went wrong on our side. Quote ${correlationId} when reporting it.`,
        }),
      );
  };
}

/** 404 for API paths no route handles. */
export const notFoundHandler: RequestHandler = (req, _res, next) =>
  next(new AppError('NOT_FOUND', `There is no ${req.method} ${req.path}.`));
