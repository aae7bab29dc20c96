import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import { currentLinkKey } from '../../tracking/link-keys.ts';

export const me = new Hono<AppEnv>();

/**
 * `GET /api/me`: who this token belongs to, and the key the extension signs message ids and
 * tracked links with. The options page calls it on Save as the connection check.
 */
me.get('/api/me', async (c) => {
  const sender = c.get('sender');
  const linkKey = await currentLinkKey(c.env.DB, sender.accountId);
  return c.json({ email: sender.email, role: sender.role, linkKey });
});
