import { Hono } from 'hono';
import { eventsQuerySchema } from '../../../shared/schemas/events.ts';
import type { AppEnv } from '../../env.ts';
import { validate } from '../../http/validate.ts';
import { consentEvent, hitEvent, type ConsentEventRow, type HitEventRow } from './event-rows.ts';

export const events = new Hono<AppEnv>();

/** `GET /api/events?since=&limit=`: the sender's newest events first, each with its verdict. */
events.get('/api/events', validate('query', eventsQuerySchema), async (c) => {
  const { since, limit = 100 } = c.req.valid('query');
  const sender = c.get('sender');
  // LEFT JOIN: a hit may arrive before its message is registered.
  const rows = await c.env.DB.prepare(
    `SELECT h.id, h.message_id, h.kind, h.hit_class, h.reason, h.at, h.link_index, h.url, m.subject, m.recipients
       FROM hits h LEFT JOIN messages m ON m.id = h.message_id
      WHERE h.account_id = ?1 AND h.at > ?2
      ORDER BY h.at DESC LIMIT ?3`,
  )
    .bind(sender.accountId, since ? new Date(since).toISOString() : '', limit)
    .all<HitEventRow>();
  // Consent changes made through this sender's links, from the ledger.
  const ledger = await c.env.DB.prepare(
    `SELECT l.id, l.message_id, l.action, l.status, l.scope_kind, l.changes, l.at, m.subject, m.recipients
       FROM consent_ledger l LEFT JOIN messages m ON m.id = l.message_id
      WHERE l.account_id = ?1 AND l.at > ?2
      ORDER BY l.at DESC LIMIT ?3`,
  )
    .bind(sender.accountId, since ? new Date(since).toISOString() : '', limit)
    .all<ConsentEventRow>();
  const list = [...rows.results.map(hitEvent), ...ledger.results.map(consentEvent)].sort((a, b) => b.at.localeCompare(a.at)).slice(0, limit);
  return c.json({ events: list });
});
