-- "I am viewing message X now" from the sender's extension: the next hit of that message
-- within a few seconds is the sender's own view. Consumed once.
CREATE TABLE viewing_beacons (
  id TEXT PRIMARY KEY,
  message_id TEXT NOT NULL,
  account_id TEXT NOT NULL,
  at TEXT NOT NULL,
  consumed_by TEXT                    -- the hit it explained, once used
);
CREATE INDEX viewing_beacons_by_message ON viewing_beacons (message_id, at);

-- Where the sender's API calls come from, to recognise their own direct opens and clicks.
CREATE TABLE sender_ips (
  account_id TEXT NOT NULL,
  ip TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  PRIMARY KEY (account_id, ip)
) WITHOUT ROWID;

-- How long raw IPs and user agents of hits are kept (days); the verdict stays.
ALTER TABLE accounts ADD COLUMN retention_days INTEGER NOT NULL DEFAULT 30 CHECK (retention_days BETWEEN 1 AND 3650);

-- Raw signals already pruned have both set to NULL; this finds the rows still to prune.
CREATE INDEX hits_with_raw_signals ON hits (at) WHERE ip IS NOT NULL OR user_agent IS NOT NULL;

-- IP range lists refreshed by the scheduled Worker (Apple's Private Relay egress ranges).
CREATE TABLE ip_range_sets (
  name TEXT PRIMARY KEY,
  cidrs TEXT NOT NULL,
  prefix_count INTEGER NOT NULL,
  source TEXT NOT NULL,
  fetched_at TEXT NOT NULL
);

-- Hits that failed every delivery attempt, kept so that nothing is silently lost and an
-- operator can replay them (visible in /health).
CREATE TABLE dead_letter_hits (
  id TEXT PRIMARY KEY,
  body TEXT NOT NULL,
  failed_at TEXT NOT NULL
);
