-- The activity page and the Gmail Sent-folder marks list a sender's messages with their counts and
-- filter on them ("opened", "machine only"...). Tallying every message's hits per request grows
-- with the hits table, so the queue consumer keeps one rollup row per message, recomputed from
-- that message's stored hits in the same D1 batch as the hit writes (worker/tracking/message-stats.ts):
-- a re-delivered hit is ignored by its id and the recomputed row comes out the same.
CREATE TABLE message_stats (
  message_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  opens INTEGER NOT NULL,              -- reliable opens, as shared/tracking/tally.ts counts them
  machine_opens INTEGER NOT NULL,      -- opens by proxies, scanners, prefetchers, bots (not the sender's own)
  clicks INTEGER NOT NULL,             -- human clicks, as tally.ts counts them
  last_activity_at TEXT                -- the newest hit that is not the sender's own
) WITHOUT ROWID;

-- Sorting and paging by send time compare strings: store every send time in one UTC form.
UPDATE messages SET sent_at = COALESCE(strftime('%Y-%m-%dT%H:%M:%fZ', sent_at), sent_at)
 WHERE sent_at NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z';

-- The subject lower-cased by the Worker (JavaScript folds all of Unicode, SQLite's LIKE only
-- ASCII), so that "über" finds "Über". Existing rows get SQLite's ASCII folding.
ALTER TABLE messages ADD COLUMN subject_folded TEXT NOT NULL DEFAULT '';
UPDATE messages SET subject_folded = lower(subject);

-- The events of one message (GET /api/messages/<id>/events) include its consent changes.
CREATE INDEX consent_ledger_by_message ON consent_ledger (message_id, at) WHERE message_id IS NOT NULL;

-- Backfill: the same statement as refreshMessageStats in worker/tracking/message-stats.ts, for
-- every message with hits.
INSERT INTO message_stats (message_id, account_id, opens, machine_opens, clicks, last_activity_at)
WITH counted AS (
  SELECT message_id, account_id, at,
         CAST(round((julianday(at) - 2440587.5) * 86400000) AS INTEGER) AS ms,
         CASE WHEN kind = 'open' AND hit_class = 'human' THEN 'reliable_open'
              WHEN kind = 'open' THEN 'machine_open'
              WHEN hit_class = 'human' THEN 'click' END AS tally,
         CASE WHEN kind = 'click' THEN link_index END AS link
    FROM hits
   WHERE hit_class <> 'self'
),
gaps AS (
  SELECT message_id, account_id, at, tally,
         ms - LAG(ms) OVER (PARTITION BY message_id, tally, link ORDER BY ms) AS gap
    FROM counted
),
totals AS (
  SELECT message_id, MAX(account_id) AS account_id,
         COALESCE(SUM(tally = 'reliable_open' AND (gap IS NULL OR gap >= 180000)), 0) AS opens,
         COALESCE(SUM(tally = 'machine_open' AND (gap IS NULL OR gap >= 180000)), 0) AS machine_opens,
         COALESCE(SUM(tally = 'click' AND (gap IS NULL OR gap >= 60000)), 0) AS clicks,
         MAX(at) AS last_activity_at
    FROM gaps GROUP BY message_id
)
SELECT message_id, account_id, CASE WHEN clicks > 0 AND opens = 0 THEN 1 ELSE opens END, machine_opens, clicks, last_activity_at
  FROM totals WHERE true
ON CONFLICT (message_id) DO NOTHING;
