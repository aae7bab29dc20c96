import { Hono } from 'hono';
import { apiReference } from '../../api-reference/document.ts';
import type { AppEnv } from '../../env.ts';
import { publicUrl } from '../../http/public-url.ts';

export const openApi = new Hono<AppEnv>();

// Built once per isolate: the reference changes only with a deployment.
let cached: { server: string; document: ReturnType<typeof apiReference> } | null = null;

/** `GET /api/openapi.json`: public, as is what it describes; any site may read it (docs viewers). */
openApi.get('/', (c) => {
  const server = publicUrl(c);
  if (cached?.server !== server) cached = { server, document: apiReference(server) };
  return c.json(cached.document, 200, { 'access-control-allow-origin': '*', 'cache-control': 'public, max-age=300' });
});
