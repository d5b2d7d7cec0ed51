import express, { type RequestHandler } from 'express';
import { AppError } from './app-error.js';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** Refuses a write whose body is not JSON with 415, before anything reads it. */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody = req.get('content-length') !== undefined ? req.get('content-length') !== '0' : req.get('transfer-encoding') !== undefined;
  if (WRITE_METHODS.has(req.method) && hasBody && !req.is(['application/json', 'application/*+json'])) {
    next(new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as JSON with Content-Type: application/json.'));
    return;
  }
  next();
};

/** Parses JSON bodies up to `limit`; malformed JSON and oversized bodies become 400 and 413. */
export const jsonBody = (limit: string) => express.json({ limit, strict: false, type: ['application/json', 'application/*+json'] });
