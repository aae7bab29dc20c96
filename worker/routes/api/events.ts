import { Hono } from 'hono';
import { eventsQuerySchema } from '../../../shared/schemas/events.ts';
import type { AppEnv } from '../../env.ts';
import { validate } from '../../http/validate.ts';
import {
  CONSENT_EVENT_COLUMNS, consentEvent, HIT_EVENTS_SQL, hitEvent, LEDGER_WITH_MESSAGES, type ConsentEventRow, type HitEventRow,
} from './event-rows.ts';

export const events = new Hono<AppEnv>();

/** `GET /api/events?since=&limit=`: the sender's newest events first, each with its verdict. */
events.get('/api/events', validate('query', eventsQuerySchema), async (c) => {
  const { since, limit = 100 } = c.req.valid('query');
  const sender = c.get('sender');
  const rows = await c.env.DB.prepare(HIT_EVENTS_SQL)
    .bind(sender.accountId, since ? new Date(since).toISOString() : '', limit)
    .all<HitEventRow>();
  // Consent changes made through this sender's links, from the ledger.
  const ledger = await c.env.DB.prepare(
    `SELECT ${CONSENT_EVENT_COLUMNS} FROM ${LEDGER_WITH_MESSAGES}
      WHERE l.account_id = ?1 AND l.at > ?2
      ORDER BY l.at DESC LIMIT ?3`,
  )
    .bind(sender.accountId, since ? new Date(since).toISOString() : '', limit)
    .all<ConsentEventRow>();
  const list = [...rows.results.map(hitEvent), ...ledger.results.map(consentEvent)].sort((a, b) => b.at.localeCompare(a.at)).slice(0, limit);
  return c.json({ events: list });
});
