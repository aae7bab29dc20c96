import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.ts';

/**
 * Headers every response carries unless a route set its own (the Smart Link pages allow their
 * inline style): nothing of ours may be framed, sniffed, or leak the URL it was reached by.
 */
export const securityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const headers = c.res.headers;
  const defaults: Record<string, string> = {
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'strict-transport-security': 'max-age=31536000',
  };
  for (const [name, value] of Object.entries(defaults)) if (!headers.has(name)) headers.set(name, value);
});
