import { sValidator } from '@hono/standard-validator';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { ValidationTargets } from 'hono';
import { ApiError } from './errors.ts';

/**
 * Validates one part of the request against a shared schema; a failure is a 400 in the error
 * envelope naming the first offending field (`to.1`, `links.0.url`).
 */
export function validate<Target extends keyof ValidationTargets, Schema extends StandardSchemaV1>(
  target: Target,
  schema: Schema,
) {
  return sValidator(target, schema, (result) => {
    if (result.success) return;
    const issue = result.error[0];
    const field = issue?.path
      ?.map((segment) => (typeof segment === 'object' ? String(segment.key) : String(segment)))
      .join('.');
    throw new ApiError(400, 'invalid_request', issue?.message ?? 'Invalid request.', field || undefined);
  });
}
