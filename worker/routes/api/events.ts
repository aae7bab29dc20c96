import { Hono } from 'hono';
import { eventsQuerySchema, type TrackingEvent } from '../../../shared/schemas/events.ts';
import type { HitClass } from '../../../shared/tracking/classify.ts';
import { isReliable } from '../../../shared/tracking/tally.ts';
import type { StateChange } from '../../../shared/consent/actions.ts';
import { describeConsentChange } from '../../../shared/consent/describe-change.ts';
import type { ScopeKind } from '../../../shared/consent/state.ts';
import type { AppEnv } from '../../env.ts';
import { validate } from '../../http/validate.ts';

export const events = new Hono<AppEnv>();

interface EventRow {
  id: string;
  message_id: string;
  kind: 'open' | 'click';
  hit_class: HitClass;
  reason: string;
  at: string;
  link_index: number | null;
  url: string | null;
  subject: string | null;
  recipients: string | null;
}

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
    .all<EventRow>();
  // Consent changes made through this sender's links, from the ledger.
  const ledger = await c.env.DB.prepare(
    `SELECT l.id, l.message_id, l.action, l.scope_kind, l.changes, l.at, m.subject, m.recipients
       FROM consent_ledger l LEFT JOIN messages m ON m.id = l.message_id
      WHERE l.account_id = ?1 AND l.at > ?2
      ORDER BY l.at DESC LIMIT ?3`,
  )
    .bind(sender.accountId, since ? new Date(since).toISOString() : '', limit)
    .all<{ id: string; message_id: string | null; action: string; scope_kind: ScopeKind; changes: string; at: string; subject: string | null; recipients: string | null }>();
  const consentEvents: TrackingEvent[] = ledger.results.map((row) => ({
    id: row.id,
    messageId: row.message_id ?? '',
    kind: 'consent',
    class: 'human',
    reason: describeConsentChange(row.action, row.scope_kind, JSON.parse(row.changes) as StateChange[]),
    reliable: true,
    at: row.at,
    linkIndex: null,
    url: null,
    subject: row.subject,
    to: row.recipients ? (JSON.parse(row.recipients) as { to: string[] }).to : [],
  }));
  const hitEvents: TrackingEvent[] = rows.results.map((row) => ({
    id: row.id,
    messageId: row.message_id,
    kind: row.kind,
    class: row.hit_class,
    reason: row.reason,
    reliable: isReliable(row.hit_class),
    at: row.at,
    linkIndex: row.link_index,
    url: row.url,
    subject: row.subject,
    to: row.recipients ? (JSON.parse(row.recipients) as { to: string[] }).to : [],
  }));
  const list = [...hitEvents, ...consentEvents].sort((a, b) => b.at.localeCompare(a.at)).slice(0, limit);
  return c.json({ events: list });
});
