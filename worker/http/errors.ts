import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The one JSON error envelope of the API (docs/contract.md): `{ error: { code, message, field? } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Headers the answer carries, e.g. a 429's Retry-After. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export function errorBody(code: string, message: string, field?: string) {
  return { error: field === undefined ? { code, message } : { code, message, field } };
}

/** `app.onError`: known errors keep their status; anything else is a 500 without a stack trace. */
export function handleError(err: Error, c: Context): Response {
  if (err instanceof ApiError) return c.json(errorBody(err.code, err.message, err.field), err.status, err.headers);
  if (err instanceof HTTPException) {
    // Hono's validator throws this for a body that is not JSON at all.
    const malformed = /malformed json/i.test(err.message);
    return c.json(
      errorBody(malformed ? 'malformed_json' : 'bad_request', malformed ? 'The request body is not valid JSON.' : err.message),
      err.status,
    );
  }
  console.error('unhandled error', err);
  return c.json(errorBody('internal', 'Something went wrong on our side. Nothing was changed.'), 500);
}

export function notFound(c: Context): Response {
  return c.json(errorBody('not_found', `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`), 404);
}

export function tooLarge(c: Context): Response {
  return c.json(errorBody('too_large', 'The request body is too large.'), 413);
}
