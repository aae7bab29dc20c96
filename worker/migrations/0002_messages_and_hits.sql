-- A message as the extension registered it after send.
CREATE TABLE messages (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  from_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  recipients TEXT NOT NULL,           -- JSON { "to": [], "cc": [], "bcc": [] }
  mass_mail INTEGER NOT NULL,
  tracked INTEGER NOT NULL,
  sent_at TEXT NOT NULL,
  registered_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  content_hash TEXT NOT NULL           -- makes re-registration of the same content idempotent
);
CREATE INDEX messages_by_account_sent ON messages (account_id, sent_at DESC);

CREATE TABLE message_links (
  message_id TEXT NOT NULL REFERENCES messages (id),
  link_index INTEGER NOT NULL,
  url TEXT NOT NULL,
  PRIMARY KEY (message_id, link_index)
) WITHOUT ROWID;

-- Every raw pixel and link request, kept for audit and re-classification. The id is minted when
-- the request arrives, so a retried write (at-least-once delivery) cannot duplicate a hit.
CREATE TABLE hits (
  id TEXT PRIMARY KEY,
  message_id TEXT NOT NULL,
  account_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('open', 'click')),
  link_index INTEGER,
  url TEXT,
  at TEXT NOT NULL,
  method TEXT NOT NULL,
  user_agent TEXT,
  ip TEXT,
  asn INTEGER,
  hit_class TEXT NOT NULL,
  reason TEXT NOT NULL
);
CREATE INDEX hits_by_account_at ON hits (account_id, at DESC);
CREATE INDEX hits_by_message_at ON hits (message_id, at);
