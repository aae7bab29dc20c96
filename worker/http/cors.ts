import { cors } from 'hono/cors';

/**
 * The API is called from the extension's own pages and background (chrome-extension://,
 * moz-extension://, safari-web-extension://). No host permissions are requested, so CORS is
 * how the extension reaches the sender's Worker. Web pages get no CORS grant.
 */
const EXTENSION_ORIGIN = /^(chrome|moz|safari-web)-extension:\/\/[a-z0-9-]+$/i;

export const extensionCors = cors({
  origin: (origin) => (EXTENSION_ORIGIN.test(origin) ? origin : null),
  allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
  allowHeaders: ['Authorization', 'Content-Type'],
  // So that the extension can back off for as long as a 429 says.
  exposeHeaders: ['Retry-After'],
  maxAge: 600,
});
