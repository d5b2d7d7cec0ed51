import { ShoalApi, type ApiOptions } from '../../client/src/api.js';

/** One request the fake fetch saw. */
export interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** The body a request sent: parsed JSON, or the text itself for other types (CSV files). */
export function bodyOf(init: RequestInit | undefined): unknown {
  if (typeof init?.body !== 'string') return undefined;
  const type = (init.headers as Record<string, string> | undefined)?.['content-type'] ?? '';
  return /json/i.test(type) ? JSON.parse(init.body) : init.body;
}

/** An API whose fetch answers from a script of responses and records each request. */
export function scriptedApi(
  answers: Array<() => Response>,
  options: { csrfToken?: string; onUnauthorized?: ApiOptions['onUnauthorized'] } = {},
): { api: ShoalApi; calls: Call[] } {
  const calls: Call[] = [];
  const fake: typeof fetch = async (input, init) => {
    calls.push({
      method: init?.method ?? 'GET',
      url: String(input),
      headers: (init?.headers ?? {}) as Record<string, string>,
      body: bodyOf(init),
    });
    const answer = answers.shift();
    if (!answer) throw new Error('unexpected request');
    return answer();
  };
  const api = new ShoalApi({ fetch: fake, ...(options.onUnauthorized ? { onUnauthorized: options.onUnauthorized } : {}) });
  if (options.csrfToken) api.csrfToken = options.csrfToken;
  return { api, calls };
}

/** A problem+json answer. */
export const problem =
  (status: number, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  () =>
    new Response(JSON.stringify({ type: 'about:blank', title: 'Problem', status, detail: 'Something is wrong.', ...body }), {
      status,
      headers: { 'content-type': 'application/problem+json', ...headers },
    });

/** A JSON answer. */
export const json = (status: number, body: unknown) => () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A fetch that never reaches the server. */
export const unreachable = () => () => {
  throw new TypeError('Failed to fetch');
};

/** Lets the fake fetch answer and the element render the outcome. */
export async function settle(el: { updateComplete: Promise<unknown> }): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await el.updateComplete;
  }
}
