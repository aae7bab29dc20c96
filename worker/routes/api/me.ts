import { Hono } from 'hono';
import { aliasesOf } from '../../consent/sender-identity.ts';
import type { AppEnv } from '../../env.ts';
import { currentLinkKey } from '../../tracking/link-keys.ts';

export const me = new Hono<AppEnv>();

/**
 * `GET /api/me`: who this token belongs to, and the key the extension signs message ids and
 * tracked links with, and the sender's team (opt-outs can be scoped to it). The options page
 * calls it on Save as the connection check.
 */
me.get('/api/me', async (c) => {
  const sender = c.get('sender');
  const [linkKey, team, aliases] = await Promise.all([
    currentLinkKey(c.env.DB, sender.accountId),
    sender.teamId ? c.env.DB.prepare('SELECT name FROM teams WHERE id = ?').bind(sender.teamId).first<{ name: string }>() : null,
    aliasesOf(c.env.DB, sender.accountId),
  ]);
  // aliases: the other addresses an admin vouched for; recipient pages name only these or `email`.
  return c.json({ email: sender.email, role: sender.role, team: team?.name ?? null, aliases, linkKey });
});
