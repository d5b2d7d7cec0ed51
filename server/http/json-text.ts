import type { Response } from 'express';

/**
 * Answers 200 with JSON text already written (records the read model keeps as JSON, joined):
 * headers and body go out in one write. Express's `send` would copy a text over 1,000 bytes
 * into a Buffer and write the headers and the body apart (a writev of two). node:http sets
 * Content-Length from the text, and leaves the body out of an answer to HEAD.
 */
export function sendJsonText(res: Response, text: string): void {
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(text);
}
