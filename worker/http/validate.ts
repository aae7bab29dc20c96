import { sValidator } from '@hono/standard-validator';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { Next, ValidationTargets } from 'hono';
import { ApiError } from './errors.ts';
import { readJsonText } from './read-body.ts';

/**
 * Validates one part of the request against a shared schema; a failure is a 400 in the error
 * envelope naming the first offending field (`to.1`, `links.0.url`). A JSON body is read by
 * `readJsonText` first: Hono alone would read any charset as UTF-8 and take a body of another
 * media type for `{}`.
 */
export function validate<Target extends keyof ValidationTargets, Schema extends StandardSchemaV1>(
  target: Target,
  schema: Schema,
) {
  const check = sValidator(target, schema, (result) => {
    if (result.success) return;
    const issue = result.error[0];
    const field = issue?.path
      ?.map((segment) => (typeof segment === 'object' ? String(segment.key) : String(segment)))
      .join('.');
    throw new ApiError(400, 'invalid_request', issue?.message ?? 'Invalid request.', field || undefined);
  });
  if (target !== 'json') return check;
  const readThenCheck = async (c: Parameters<typeof check>[0], next: Next) => {
    // Hono's validator parses the cached text, so the body is decoded once, here.
    c.req.bodyCache.text = Promise.resolve(await readJsonText(c)) as never;
    return check(c, next);
  };
  return readThenCheck as unknown as typeof check;
}
