import { z } from 'zod';
import { Problem } from '../../shared/common.js';

/** An answer of {@link call}: the status, the headers, and the body (JSON parsed, else the text). */
export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** A problem+json body (SPEC section 4), with what a 412 adds (`current`, `conflicts`) and any other extra kept. */
export const ProblemAnswer = Problem.extend({ current: z.unknown().optional(), conflicts: z.array(z.string()).optional() }).loose();
export type ProblemAnswer = z.infer<typeof ProblemAnswer>;

// Requests made with `call(url, ...)` send the admin's token unless they set `authorization`.
export const defaultTokens = new Map<string, string>();

/** The body of `answer` as `schema` reads it; fails the test with the status and the zod issues when it does not fit. */
export function bodyOf<S extends z.ZodType>(answer: Answer, schema: S): z.output<S> {
  const parsed = schema.safeParse(answer.body);
  if (!parsed.success) throw new Error(`answer ${answer.status} does not fit the schema: ${z.prettifyError(parsed.error)}\n${JSON.stringify(answer.body)}`);
  return parsed.data;
}

/** The problem+json body of an error answer (a 4xx or 5xx), typed; fails the test when it is none. */
export function problemOf(answer: Answer): ProblemAnswer {
  if (answer.status < 400) throw new Error(`expected an error answer, got ${answer.status}: ${JSON.stringify(answer.body)}`);
  return bodyOf(answer, ProblemAnswer);
}

/** The paths an error answer names (`errors[].path`), in order. */
export const pathsOf = (answer: Answer) => problemOf(answer).errors?.map((e) => e.path) ?? [];

/**
 * A small fetch wrapper for JSON calls against a test server. It sends the admin's token
 * unless `headers` set `authorization` (an empty value sends no credentials at all).
 * Without `schema` the body is `unknown` (read it with `bodyOf` or `problemOf`); with one,
 * the answer must be a 2xx whose body fits it, and the body comes typed.
 */
export async function call(base: string, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer>;
export async function call<S extends z.ZodType>(base: string, method: string, path: string, body: unknown, headers: Record<string, string> | undefined, schema: S): Promise<Answer<z.output<S>>>;
export async function call(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}, schema?: z.ZodType): Promise<Answer> {
  const sent: Record<string, string> = { ...headers };
  if (!('authorization' in sent) && !('cookie' in sent) && defaultTokens.has(base)) sent.authorization = `Bearer ${defaultTokens.get(base)}`;
  if (sent.authorization === '') delete sent.authorization;
  const init: RequestInit = { method, headers: sent };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    sent['content-type'] ??= 'application/json';
  }
  const res = await fetch(base + path, init);
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: keep the text */
  }
  const answer: Answer = { status: res.status, headers: res.headers, body: parsed };
  if (!schema) return answer;
  if (res.status < 200 || res.status > 299) throw new Error(`${method} ${path}: expected a 2xx answer, got ${res.status}: ${text}`);
  return { ...answer, body: bodyOf(answer, schema) };
}
