import { CLICK_REPEAT_WINDOW_MS, OPEN_REPEAT_WINDOW_MS } from '../../shared/tracking/tally.ts';

/**
 * The `message_stats` rollup (migration 0005): per message, what `tallyMessage` in
 * shared/tracking/tally.ts computes, recomputed in SQL from the message's stored hits. Recomputing
 * instead of adding to counters keeps it right when a retried batch arrives after later hits (the
 * repeat windows depend on order) and when the queue re-delivers a hit: the same hits give the
 * same row. Its cost follows the hits of the messages in a batch, never the whole table.
 * test/worker/message-stats.test.ts holds this SQL to `tallyMessage` on random hits.
 */
export const REFRESH_MESSAGE_STATS_SQL = `
INSERT INTO message_stats (message_id, account_id, opens, machine_opens, clicks, last_activity_at)
WITH counted AS (
  SELECT message_id, account_id, at,
         CAST(round((julianday(at) - 2440587.5) * 86400000) AS INTEGER) AS ms,
         CASE WHEN kind = 'open' AND hit_class = 'human' THEN 'reliable_open'
              WHEN kind = 'open' THEN 'machine_open'
              WHEN hit_class = 'human' THEN 'click' END AS tally,
         CASE WHEN kind = 'click' THEN link_index END AS link
    FROM hits
   WHERE message_id IN (SELECT value FROM json_each(?1)) AND hit_class <> 'self'
),
gaps AS (
  SELECT message_id, account_id, at, tally,
         ms - LAG(ms) OVER (PARTITION BY message_id, tally, link ORDER BY ms) AS gap
    FROM counted
),
totals AS (
  SELECT message_id, MAX(account_id) AS account_id,
         COALESCE(SUM(tally = 'reliable_open' AND (gap IS NULL OR gap >= ${OPEN_REPEAT_WINDOW_MS})), 0) AS opens,
         COALESCE(SUM(tally = 'machine_open' AND (gap IS NULL OR gap >= ${OPEN_REPEAT_WINDOW_MS})), 0) AS machine_opens,
         COALESCE(SUM(tally = 'click' AND (gap IS NULL OR gap >= ${CLICK_REPEAT_WINDOW_MS})), 0) AS clicks,
         MAX(at) AS last_activity_at
    FROM gaps GROUP BY message_id
)
SELECT message_id, account_id, CASE WHEN clicks > 0 AND opens = 0 THEN 1 ELSE opens END, machine_opens, clicks, last_activity_at
  FROM totals
UNION ALL
-- A message whose every hit is now the sender's own (a hit relabelled by a late viewing beacon):
-- its row comes back to nothing counted.
SELECT s.message_id, s.account_id, 0, 0, 0, NULL
  FROM message_stats s
 WHERE s.message_id IN (SELECT value FROM json_each(?1)) AND s.message_id NOT IN (SELECT message_id FROM totals)
ON CONFLICT (message_id) DO UPDATE SET opens = excluded.opens, machine_opens = excluded.machine_opens,
  clicks = excluded.clicks, last_activity_at = excluded.last_activity_at`;

/**
 * The statement that brings these messages' rollup rows up to date; run it after their hit
 * writes, in the same batch. Typed by shape so that the bench (Node, wrangler's proxy) can use it.
 */
export function refreshMessageStats<Statement>(db: { prepare(sql: string): { bind(...values: unknown[]): Statement } }, messageIds: readonly string[]): Statement {
  return db.prepare(REFRESH_MESSAGE_STATS_SQL).bind(JSON.stringify([...new Set(messageIds)]));
}
