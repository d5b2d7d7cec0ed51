import type { z } from 'zod';
import { AppError, type FieldError } from './app-error.js';

/** One entry per invalid field; unknown keys are named one by one. */
export function fieldErrors(error: z.ZodError, root = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    const base = [root, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: [base, key].filter(Boolean).join('.'), message: 'is not a known field' });
    } else if (issue.code === 'invalid_type' && issue.path.length === 0 && !root) {
      out.push({ path: '', message: 'the body must be a JSON object' });
    } else {
      out.push({ path: base, message: issue.message });
    }
  }
  return out;
}

/** Parses a request body with a shared schema, or throws a 422 naming each invalid field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? undefined);
  if (!result.success) throw new AppError('VALIDATION', 'Some fields are invalid.', { errors: fieldErrors(result.error) });
  return result.data;
}

/** Parses a query string with a shared schema, or throws a 422 naming each invalid parameter. */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  const result = schema.safeParse(query);
  if (!result.success) {
    const errors = fieldErrors(result.error).map((e) => ({ ...e, message: e.message === 'is not a known field' ? 'is not a known query parameter' : e.message }));
    throw new AppError('VALIDATION', 'Some query parameters are invalid.', { errors });
  }
  return result.data;
}
