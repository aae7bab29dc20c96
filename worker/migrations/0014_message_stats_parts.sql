-- The rollup keeps the two counts its opens are made of, so that a batch of new hits can be added
-- to a message's row instead of recounting all the message's hits (worker/tracking/message-stats.ts):
--   own_client_opens  opens by a person's own mail client, repeats folded, before a click stands for one
--   proxy_opens       opens through a provider's image proxy (Gmail, Yahoo, others), repeats folded
-- `opens` and `reliable_opens` stay as they are, made from these two and `clicks`.
ALTER TABLE message_stats ADD COLUMN own_client_opens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE message_stats ADD COLUMN proxy_opens INTEGER NOT NULL DEFAULT 0;

-- Every message's row recomputed from its hits, as refreshMessageStats does for a few.
INSERT INTO message_stats (message_id, account_id, opens, reliable_opens, machine_opens, clicks, status_by, last_activity_at, own_client_opens, proxy_opens)
WITH bounds (message_id, count_from, scan_from) AS (SELECT DISTINCT message_id, '', '' FROM hits),
counted AS (
  SELECT h.message_id, h.account_id, h.at, h.hit_class, h.at >= b.count_from AS counts,
         CAST(round((julianday(h.at) - 2440587.5) * 86400000) AS INTEGER) AS ms,
         CASE WHEN h.kind = 'open' AND h.hit_class = 'human' THEN 'reliable_open'
              WHEN h.kind = 'open' AND h.hit_class IN ('google_proxy', 'yahoo_proxy', 'other_proxy') THEN 'unreliable_open'
              WHEN h.kind = 'open' THEN 'machine_fetch'
              WHEN h.hit_class = 'human' THEN 'click' END AS role,
         CASE WHEN h.kind = 'click' THEN h.link_index END AS link
    FROM bounds b JOIN hits h ON h.message_id = b.message_id AND h.at >= b.scan_from
   WHERE h.hit_class <> 'self'
),
gaps AS (
  SELECT message_id, account_id, at, role, hit_class, counts,
         ms - LAG(ms) OVER (PARTITION BY message_id, role, hit_class, link ORDER BY ms) AS gap
    FROM counted
),
totals AS (
  SELECT message_id, MAX(account_id) AS account_id,
         COALESCE(SUM(counts AND role = 'reliable_open' AND (gap IS NULL OR gap >= 180000)), 0) AS reliable,
         COALESCE(SUM(counts AND role = 'unreliable_open' AND (gap IS NULL OR gap >= 180000)), 0) AS unreliable,
         COALESCE(SUM(counts AND role = 'machine_fetch' AND (gap IS NULL OR gap >= 180000)), 0) AS machine,
         COALESCE(SUM(counts AND role = 'click' AND (gap IS NULL OR gap >= 60000)), 0) AS clicks,
         CASE WHEN SUM(counts AND role IS NOT NULL AND hit_class = 'human') > 0 THEN 'human'
              WHEN SUM(counts AND role IS NOT NULL AND hit_class = 'google_proxy') > 0 THEN 'google_proxy'
              WHEN SUM(counts AND role IS NOT NULL AND hit_class = 'yahoo_proxy') > 0 THEN 'yahoo_proxy'
              WHEN SUM(counts AND role IS NOT NULL AND hit_class = 'other_proxy') > 0 THEN 'other_proxy'
              WHEN SUM(counts AND role IS NOT NULL AND hit_class = 'apple_mpp') > 0 THEN 'apple_mpp'
              WHEN SUM(counts AND role IS NOT NULL AND hit_class = 'security_scanner') > 0 THEN 'security_scanner'
              WHEN SUM(counts AND role IS NOT NULL AND hit_class = 'prefetch') > 0 THEN 'prefetch'
              WHEN SUM(counts AND role IS NOT NULL AND hit_class = 'bot') > 0 THEN 'bot'
              WHEN SUM(counts AND role IS NOT NULL AND hit_class = 'unknown') > 0 THEN 'unknown'
         END AS status_by,
         MAX(CASE WHEN counts THEN at END) AS last_activity_at
    FROM gaps GROUP BY message_id HAVING SUM(counts) > 0
)
SELECT message_id, account_id, MAX(unreliable + reliable, CASE WHEN clicks > 0 THEN MAX(reliable, 1) ELSE reliable END), CASE WHEN clicks > 0 THEN MAX(reliable, 1) ELSE reliable END, machine, clicks, status_by, last_activity_at, reliable, unreliable
  FROM totals
UNION ALL
SELECT s.message_id, s.account_id, 0, 0, 0, 0, NULL, NULL, 0, 0
  FROM message_stats s
 WHERE s.message_id IN (SELECT message_id FROM bounds)
   AND s.message_id NOT IN (SELECT message_id FROM totals)
ON CONFLICT (message_id) DO UPDATE SET opens = excluded.opens, reliable_opens = excluded.reliable_opens,
  machine_opens = excluded.machine_opens, clicks = excluded.clicks, status_by = excluded.status_by, last_activity_at = excluded.last_activity_at,
  own_client_opens = excluded.own_client_opens, proxy_opens = excluded.proxy_opens
;
