import { Hono } from 'hono';
import {
  messageListQuerySchema,
  type MessageEvents,
  type MessageList,
  type MessageListEntry,
  type MessageListQuery,
} from '../../../shared/schemas/message-list.ts';
import type { HitClass } from '../../../shared/tracking/classify.ts';
import { messageStatus } from '../../../shared/tracking/verdict.ts';
import type { AppEnv } from '../../env.ts';
import { ApiError } from '../../http/errors.ts';
import { validate } from '../../http/validate.ts';
import { messageListQuery } from '../../tracking/message-list-query.ts';
import { resolveMessage } from '../../tracking/resolve-message.ts';
import { consentEvent, hitEvent, type ConsentEventRow, type HitEventRow } from './event-rows.ts';

export const messageList = new Hono<AppEnv>();

const DAY_MS = 86_400_000;

interface ListRow {
  id: string;
  subject: string;
  recipients: string;
  sent_at: string;
  tracked: number;
  mass_mail: number;
  opens: number;
  reliable_opens: number;
  machine_opens: number;
  clicks: number;
  status_by: HitClass | null;
  last_activity_at: string | null;
  last_consent_at: string | null;
}

/** Send-time bounds from `days` and `before`, as the ISO strings sent_at is stored in. */
function sentBounds(query: MessageListQuery, now: number): { from: string; until: string; before: string } {
  const cutoff = query.days === undefined ? null : new Date(now - query.days * DAY_MS).toISOString();
  return {
    // "Not opened after N days" looks at mail at least N days old; every other filter at the last N days.
    from: query.filter !== 'not_opened' && cutoff ? cutoff : '',
    until: query.filter === 'not_opened' && cutoff ? cutoff : '9999',
    before: query.before ? new Date(query.before).toISOString() : '9999',
  };
}

function toEntry(row: ListRow): MessageListEntry {
  const recipients = JSON.parse(row.recipients) as { to: string[]; cc?: string[]; bcc?: string[] };
  const activity = [row.last_activity_at, row.last_consent_at].filter((at): at is string => at !== null).sort();
  const counts = { opens: row.opens, reliableOpens: row.reliable_opens, machineOpens: row.machine_opens, clicks: row.clicks };
  return {
    id: row.id,
    subject: row.subject,
    to: recipients.to,
    cc: recipients.cc ?? [],
    bcc: recipients.bcc ?? [],
    sentAt: row.sent_at,
    tracked: row.tracked === 1,
    massMail: row.mass_mail === 1,
    ...counts,
    lastActivityAt: activity.at(-1) ?? null,
    status: messageStatus(counts),
    statusBy: row.status_by,
  };
}

/**
 * `GET /api/messages?filter=&days=&q=&limit=&before=`: the sender's messages, newest sent first,
 * with their counts from the rollup. The walk follows `messages_by_account_sent` and stops at the
 * page size, so its cost does not grow with the hits table; a search of three characters or more
 * starts from the message_search index instead (docs/scaling.md).
 */
messageList.get('/api/messages', validate('query', messageListQuerySchema), async (c) => {
  const query = c.req.valid('query');
  const limit = query.limit ?? 50;
  const { from, until, before } = sentBounds(query, Date.now());
  const q = query.q ?? '';
  const select = (sentAtCondition: 'before' | 'at', cursor: string, rowLimit: number) => {
    const { sql, params } = messageListQuery(query.filter, sentAtCondition, rowLimit, { account: c.get('sender').accountId, cursor, from, until, q });
    return c.env.DB.prepare(sql).bind(...params);
  };

  const rows = (await select('before', before, limit + 1).all<ListRow>()).results;
  let page = rows.slice(0, limit);
  let next: string | null = null;
  if (rows.length > limit) {
    const boundary = page.at(-1)!.sent_at;
    next = boundary;
    // The cursor is a send time: messages sharing the last one's time all go on this page, or
    // the next page (sent strictly before) would skip the rest of them.
    if (rows[limit]!.sent_at === boundary) {
      const ties = (await select('at', boundary, 10_000).all<ListRow>()).results;
      page = [...page.filter((row) => row.sent_at !== boundary), ...ties];
      // Only when something older is left, so the last page says it is the last.
      next = (await select('before', boundary, 1).first()) ? boundary : null;
    }
  }
  const body: MessageList = { messages: page.map(toEntry), next };
  return c.json(body);
});

/**
 * `GET /api/messages/<id>/events`: every hit and consent change of one of the sender's messages,
 * oldest first, each with its class and reason (the activity page's detail view).
 */
messageList.get('/api/messages/:id/events', async (c) => {
  const sender = c.get('sender');
  const id = c.req.param('id');
  // A minted id is the sender's before its registration lands; its hits are already theirs.
  const owner = await resolveMessage(c.env.DB, id);
  if (!owner || owner.accountId !== sender.accountId) throw new ApiError(404, 'not_found', 'No message with this id for your account.', 'id');
  const [hits, ledger] = await c.env.DB.batch([
    c.env.DB.prepare(
      `SELECT h.id, h.message_id, h.kind, h.hit_class, h.reason, h.at, h.link_index, h.url, m.subject, m.recipients
         FROM hits h LEFT JOIN messages m ON m.id = h.message_id
        WHERE h.message_id = ?1 AND h.account_id = ?2 ORDER BY h.at`,
    ).bind(id, sender.accountId),
    c.env.DB.prepare(
      `SELECT l.id, l.message_id, l.action, l.status, l.scope_kind, l.changes, l.at, m.subject, m.recipients
         FROM consent_ledger l LEFT JOIN messages m ON m.id = l.message_id
        WHERE l.message_id = ?1 AND l.account_id = ?2 ORDER BY l.at`,
    ).bind(id, sender.accountId),
  ]);
  const events = [
    ...((hits?.results ?? []) as HitEventRow[]).map(hitEvent),
    ...((ledger?.results ?? []) as ConsentEventRow[]).map(consentEvent),
  ].sort((a, b) => a.at.localeCompare(b.at));
  const body: MessageEvents = { events };
  return c.json(body);
});
