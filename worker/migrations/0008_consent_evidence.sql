-- Evidence on every ledger row: how the person was identified, the request's network (cut as a
-- hit's IP is: /24 or /48) and country, whether it came from the sender's own network or
-- browser, and whether the change applied or waits for the mailbox. Older rows keep NULLs.
ALTER TABLE consent_ledger ADD COLUMN identified_by TEXT CHECK (identified_by IN (
  'sole_recipient', 'typed_on_shared_link', 'typed_on_signature_link', 'mailbox_confirmed', 'sender_with_note', 'import'));
ALTER TABLE consent_ledger ADD COLUMN network TEXT;
ALTER TABLE consent_ledger ADD COLUMN country TEXT;
ALTER TABLE consent_ledger ADD COLUMN sender_signal TEXT CHECK (sender_signal IN ('sender_network', 'sender_browser'));
ALTER TABLE consent_ledger ADD COLUMN status TEXT NOT NULL DEFAULT 'applied' CHECK (status IN ('applied', 'pending'));
-- The pending row a mailbox confirmation completes: the ledger shows both steps.
ALTER TABLE consent_ledger ADD COLUMN confirms TEXT;
CREATE INDEX consent_ledger_by_time ON consent_ledger (at);

-- The exact wording behind each ledger row's wording_hash (SHA-256 of this text), kept once per
-- hash, so that the hash proves what the person saw.
CREATE TABLE consent_wordings (
  hash TEXT PRIMARY KEY,
  language TEXT NOT NULL,
  wording TEXT NOT NULL,
  first_seen_at TEXT NOT NULL
) WITHOUT ROWID;

-- A change that waits for the address's mailbox: the single-use link's token is stored hashed.
-- The address is kept only until the link is used or expires (pruned by the cron).
CREATE TABLE consent_requests (
  token_hash TEXT PRIMARY KEY,
  ledger_id TEXT NOT NULL,
  email TEXT NOT NULL,
  contact_key TEXT NOT NULL,
  scope_kind TEXT NOT NULL CHECK (scope_kind IN ('organisation', 'team', 'sender')),
  scope_id TEXT NOT NULL,
  -- JSON [{ field, from, to }]: the fields to set on confirmation.
  changes TEXT NOT NULL,
  action TEXT NOT NULL,
  message_id TEXT,
  account_id TEXT,
  language TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
) WITHOUT ROWID;
CREATE INDEX consent_requests_by_expiry ON consent_requests (expires_at);

-- Addresses an admin vouches for as a sender's own (a shared mailbox, a second domain): the
-- only names besides the account's address that recipient pages show for that sender.
CREATE TABLE account_aliases (
  email TEXT PRIMARY KEY COLLATE NOCASE,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX account_aliases_by_account ON account_aliases (account_id);
