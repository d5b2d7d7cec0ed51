import type { IncomingMessage } from 'node:http';
import express, { type RequestHandler } from 'express';
import { AppError } from './app-error.js';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** Refuses a write whose body is not JSON with 415, before anything reads it. */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  if (!WRITE_METHODS.has(req.method)) return next();
  const hasBody = req.get('content-length') !== undefined ? req.get('content-length') !== '0' : req.get('transfer-encoding') !== undefined;
  if (hasBody && !req.is(['application/json', 'application/*+json'])) {
    next(new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as JSON with Content-Type: application/json.'));
    return;
  }
  next();
};

/**
 * How deeply a JSON body may nest objects and arrays. Shoal's deepest input (a batch item's
 * tags) is 4 levels; anything near the limit is an attack, and code that walks a value
 * recursively (fingerprints, validation) would run out of stack on thousands of levels.
 */
export const MAX_JSON_DEPTH = 32;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The deepest nesting of objects and arrays in raw JSON, stopping once it passes `limit` (strings skipped). */
export function jsonDepthExceeds(raw: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) depth--;
  }
  return false;
}

/**
 * Whether a request carries a body, by body-parser's own rule (type-is `hasBody`): a
 * Transfer-Encoding, or a Content-Length that reads as a number (`0` included).
 */
export const carriesBody = (req: IncomingMessage): boolean => req.headers['transfer-encoding'] !== undefined || !Number.isNaN(Number(req.headers['content-length']));

/**
 * Parses JSON bodies up to `limit`; malformed JSON and oversized bodies become 400 and 413,
 * nesting deeper than `MAX_JSON_DEPTH` a 400, checked on the raw bytes before parsing.
 * A request without a body (most GETs and DELETEs) does not enter body-parser, which would
 * check and skip it the same way, leaving `req.body` undefined, as here.
 */
export const jsonBody = (limit: string): RequestHandler => {
  const parse = express.json({
    limit,
    strict: false,
    type: ['application/json', 'application/*+json'],
    verify: (_req, _res, raw) => {
      if (jsonDepthExceeds(raw, MAX_JSON_DEPTH)) {
        throw new AppError('BAD_REQUEST', `The JSON body nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels.`, { errors: [{ path: '', message: `nests deeper than ${MAX_JSON_DEPTH} levels` }] });
      }
    },
  });
  return (req, res, next) => {
    if (carriesBody(req)) return parse(req, res, next);
    // As body-parser leaves it: `body` set, to undefined unless something set it before.
    const fields: object = req;
    if (!('body' in fields)) req.body = undefined;
    next();
  };
};

/** Bodies of the calls anyone may make (setup, sign-in, token requests): small, parsed only after their rate limit. */
export const smallJsonBody = jsonBody('16kb');
