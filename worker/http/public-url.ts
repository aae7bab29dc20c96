import type { Context } from 'hono';
import type { AppEnv } from '../env.ts';

/** The origin recipients reach this Worker on: the configured PUBLIC_URL, else the request's own. */
export function publicUrl(c: Context<AppEnv>): string {
  return c.env.PUBLIC_URL || new URL(c.req.url).origin;
}
