-- One verdict for a message, the same on every screen (shared/tracking/verdict.ts): a Gmail,
-- Yahoo or other provider-proxy open is an open, flagged unreliable, no longer a "machine open".
-- From here on the rollup's columns mean:
--   opens           every counted open: a person's own client's and provider proxies' (repeats folded)
--   reliable_opens  opens by a person's own client; a click stands for one
--   machine_opens   fetches by Apple MPP, prefetchers, scanners, bots, unrecognised clients (never opens)
--   clicks          links followed by a person
--   status_by       the class whose hits decided the message's status ('human', 'google_proxy',
--                   'apple_mpp'...), NULL when nothing but the sender's own views was seen
ALTER TABLE message_stats ADD COLUMN reliable_opens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE message_stats ADD COLUMN status_by TEXT;

-- Recompute every message's row from its hits so existing messages read right at once: the same
-- statement as refreshMessageStats in worker/tracking/message-stats.ts, over every message.
INSERT INTO message_stats (message_id, account_id, opens, reliable_opens, machine_opens, clicks, status_by, last_activity_at)
WITH counted AS (
  SELECT message_id, account_id, at, hit_class,
         CAST(round((julianday(at) - 2440587.5) * 86400000) AS INTEGER) AS ms,
         CASE WHEN kind = 'open' AND hit_class = 'human' THEN 'reliable_open'
              WHEN kind = 'open' AND hit_class IN ('google_proxy', 'yahoo_proxy', 'other_proxy') THEN 'unreliable_open'
              WHEN kind = 'open' THEN 'machine_fetch'
              WHEN hit_class = 'human' THEN 'click' END AS role,
         CASE WHEN kind = 'click' THEN link_index END AS link
    FROM hits
   WHERE hit_class <> 'self'
),
gaps AS (
  SELECT message_id, account_id, at, role, hit_class,
         ms - LAG(ms) OVER (PARTITION BY message_id, role, hit_class, link ORDER BY ms) AS gap
    FROM counted
),
totals AS (
  SELECT message_id, MAX(account_id) AS account_id,
         COALESCE(SUM(role = 'reliable_open' AND (gap IS NULL OR gap >= 180000)), 0) AS reliable,
         COALESCE(SUM(role = 'unreliable_open' AND (gap IS NULL OR gap >= 180000)), 0) AS unreliable,
         COALESCE(SUM(role = 'machine_fetch' AND (gap IS NULL OR gap >= 180000)), 0) AS machine,
         COALESCE(SUM(role = 'click' AND (gap IS NULL OR gap >= 60000)), 0) AS clicks,
         CASE WHEN SUM(role IS NOT NULL AND hit_class = 'human') > 0 THEN 'human'
              WHEN SUM(role IS NOT NULL AND hit_class = 'google_proxy') > 0 THEN 'google_proxy'
              WHEN SUM(role IS NOT NULL AND hit_class = 'yahoo_proxy') > 0 THEN 'yahoo_proxy'
              WHEN SUM(role IS NOT NULL AND hit_class = 'other_proxy') > 0 THEN 'other_proxy'
              WHEN SUM(role IS NOT NULL AND hit_class = 'apple_mpp') > 0 THEN 'apple_mpp'
              WHEN SUM(role IS NOT NULL AND hit_class = 'security_scanner') > 0 THEN 'security_scanner'
              WHEN SUM(role IS NOT NULL AND hit_class = 'prefetch') > 0 THEN 'prefetch'
              WHEN SUM(role IS NOT NULL AND hit_class = 'bot') > 0 THEN 'bot'
              WHEN SUM(role IS NOT NULL AND hit_class = 'unknown') > 0 THEN 'unknown'
         END AS status_by,
         MAX(at) AS last_activity_at
    FROM gaps GROUP BY message_id
)
SELECT message_id, account_id, MAX(unreliable + reliable, CASE WHEN clicks > 0 THEN MAX(reliable, 1) ELSE reliable END) AS opens, CASE WHEN clicks > 0 THEN MAX(reliable, 1) ELSE reliable END AS reliable_opens,
       machine AS machine_opens, clicks, status_by, last_activity_at
  FROM totals WHERE true
ON CONFLICT (message_id) DO UPDATE SET opens = excluded.opens, reliable_opens = excluded.reliable_opens,
  machine_opens = excluded.machine_opens, clicks = excluded.clicks, status_by = excluded.status_by, last_activity_at = excluded.last_activity_at;
