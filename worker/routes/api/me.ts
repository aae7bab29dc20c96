import { Hono } from 'hono';
import { aliasesOf } from '../../consent/sender-identity.ts';
import type { AppEnv } from '../../env.ts';
import { readOrgSettings } from '../../consent/org-settings.ts';
import { currentLinkKey } from '../../tracking/link-keys.ts';

export const me = new Hono<AppEnv>();

/**
 * `GET /api/me`: who this token belongs to, and the key the extension signs message ids and
 * tracked links with, the sender's team (opt-outs can be scoped to it), and the organisation's
 * settings every sender's compose follows (opt-out enforcement, mail merge). The options page
 * calls it on Save as the connection check; the background refreshes it now and then.
 */
me.get('/api/me', async (c) => {
  const sender = c.get('sender');
  const [linkKey, team, settings, aliases] = await Promise.all([
    currentLinkKey(c.env.DB, sender.accountId),
    sender.teamId ? c.env.DB.prepare('SELECT name FROM teams WHERE id = ?').bind(sender.teamId).first<{ name: string }>() : null,
    readOrgSettings(c.env.DB),
    aliasesOf(c.env.DB, sender.accountId),
  ]);
  // aliases: the other addresses an admin vouched for; recipient pages name only these or `email`.
  return c.json({ email: sender.email, role: sender.role, team: team?.name ?? null, aliases, linkKey, settings });
});
