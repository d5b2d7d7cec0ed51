import type { Response } from 'express';
import { releaseBody } from '../read-model/json-writer.js';

/**
 * Answers 200 with JSON already written (text, or the UTF-8 bytes a list's page is written as):
 * headers and body go out in one write. Express's `send` would copy a text over 1,000 bytes
 * into a Buffer and write the headers and the body apart (a writev of two). node:http sets
 * Content-Length from the text, and leaves the body out of an answer to HEAD.
 */
export function sendJsonText(res: Response, text: string | Buffer): void {
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  if (typeof text === 'string') {
    res.end(text);
    return;
  }
  // Bytes from a JsonWriter: its buffer serves another answer once this one is handed to the
  // system ('finish'); an answer cut off before that leaves it to the garbage collector.
  res.once('finish', () => releaseBody(text));
  res.end(text);
}
