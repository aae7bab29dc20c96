import { CLICK_REPEAT_WINDOW_MS, OPEN_REPEAT_WINDOW_MS, PROXY_CLASSES } from '../../shared/tracking/tally.ts';
import { STATUS_BY_ORDER } from '../../shared/tracking/verdict.ts';

const list = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

/**
 * A message's verdict (`messageVerdict` in shared/tracking/verdict.ts) as SQL over its stored
 * hits: each hit's role (shared/tracking/tally.ts `hitRole`; machine clicks get none: activity,
 * never a count), repeats folded per role, class and link, then the counts and `status_by`.
 * `scope` picks the messages' hits (null: every message's). Shared by the rollup below and migration 0007's recompute.
 */
export function messageStatsSelect(scope: string | null): string {
  const fresh = (windowMs: number) => `(gap IS NULL OR gap >= ${windowMs})`;
  const reliable = `CASE WHEN clicks > 0 THEN MAX(reliable, 1) ELSE reliable END`;
  return `
WITH counted AS (
  SELECT message_id, account_id, at, hit_class,
         CAST(round((julianday(at) - 2440587.5) * 86400000) AS INTEGER) AS ms,
         CASE WHEN kind = 'open' AND hit_class = 'human' THEN 'reliable_open'
              WHEN kind = 'open' AND hit_class IN (${list(PROXY_CLASSES)}) THEN 'unreliable_open'
              WHEN kind = 'open' THEN 'machine_fetch'
              WHEN hit_class = 'human' THEN 'click' END AS role,
         CASE WHEN kind = 'click' THEN link_index END AS link
    FROM hits
   WHERE ${scope ? `${scope} AND ` : ''}hit_class <> 'self'
),
gaps AS (
  SELECT message_id, account_id, at, role, hit_class,
         ms - LAG(ms) OVER (PARTITION BY message_id, role, hit_class, link ORDER BY ms) AS gap
    FROM counted
),
totals AS (
  SELECT message_id, MAX(account_id) AS account_id,
         COALESCE(SUM(role = 'reliable_open' AND ${fresh(OPEN_REPEAT_WINDOW_MS)}), 0) AS reliable,
         COALESCE(SUM(role = 'unreliable_open' AND ${fresh(OPEN_REPEAT_WINDOW_MS)}), 0) AS unreliable,
         COALESCE(SUM(role = 'machine_fetch' AND ${fresh(OPEN_REPEAT_WINDOW_MS)}), 0) AS machine,
         COALESCE(SUM(role = 'click' AND ${fresh(CLICK_REPEAT_WINDOW_MS)}), 0) AS clicks,
         CASE ${STATUS_BY_ORDER.map((hitClass) => `WHEN SUM(role IS NOT NULL AND hit_class = '${hitClass}') > 0 THEN '${hitClass}'`).join('\n              ')}
         END AS status_by,
         MAX(at) AS last_activity_at
    FROM gaps GROUP BY message_id
)
SELECT message_id, account_id, MAX(unreliable + reliable, ${reliable}) AS opens, ${reliable} AS reliable_opens,
       machine AS machine_opens, clicks, status_by, last_activity_at
  FROM totals WHERE true`;
}

const COLUMNS = 'message_id, account_id, opens, reliable_opens, machine_opens, clicks, status_by, last_activity_at';
export const MESSAGE_STATS_UPSERT = `ON CONFLICT (message_id) DO UPDATE SET opens = excluded.opens, reliable_opens = excluded.reliable_opens,
  machine_opens = excluded.machine_opens, clicks = excluded.clicks, status_by = excluded.status_by, last_activity_at = excluded.last_activity_at`;

/**
 * The `message_stats` rollup (migrations 0005, 0007): per message, what `messageVerdict`
 * computes, recomputed in SQL from the message's stored hits. Recomputing instead of adding to
 * counters keeps it right when a retried batch arrives after later hits (the repeat windows depend
 * on order) and when the queue re-delivers a hit: the same hits give the same row. Its cost
 * follows the hits of the messages in a batch, never the whole table.
 * test/worker/message-stats.test.ts holds this SQL to `messageVerdict` on random hits.
 */
export const REFRESH_MESSAGE_STATS_SQL = `
INSERT INTO message_stats (${COLUMNS})
${messageStatsSelect('message_id IN (SELECT value FROM json_each(?1))')}
UNION ALL
-- A message whose every hit is now the sender's own (a hit relabelled by a late viewing beacon):
-- its row comes back to nothing counted.
SELECT s.message_id, s.account_id, 0, 0, 0, 0, NULL, NULL
  FROM message_stats s
 WHERE s.message_id IN (SELECT value FROM json_each(?1))
   AND s.message_id NOT IN (SELECT message_id FROM totals)
${MESSAGE_STATS_UPSERT}`;

/**
 * The statement that brings these messages' rollup rows up to date; run it after their hit
 * writes, in the same batch. Typed by shape so that the bench (Node, wrangler's proxy) can use it.
 */
export function refreshMessageStats<Statement>(db: { prepare(sql: string): { bind(...values: unknown[]): Statement } }, messageIds: readonly string[]): Statement {
  return db.prepare(REFRESH_MESSAGE_STATS_SQL).bind(JSON.stringify([...new Set(messageIds)]));
}

/** A status from a rollup row's columns (aliased `s`, absent for a message without hits), as `messageStatus` decides it. */
export const STATUS_SQL = `CASE WHEN COALESCE(s.reliable_opens, 0) > 0 OR COALESCE(s.clicks, 0) > 0 THEN 'opened'
  WHEN COALESCE(s.opens, 0) > 0 THEN 'opened_unreliable'
  WHEN COALESCE(s.machine_opens, 0) > 0 THEN 'machine_only' ELSE 'not_opened' END`;
