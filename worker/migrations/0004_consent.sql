-- Groups of senders ("Newsletters", "Events"): an opt-out can apply to one team.
CREATE TABLE teams (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
ALTER TABLE accounts ADD COLUMN team_id TEXT REFERENCES teams (id);

-- Organisation-wide settings: name shown on recipient pages, lawful-basis enforcement.
CREATE TABLE org_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- A contact is known by the SHA-256 of their lower-cased address. The address itself lives here
-- only, so erasing a contact deletes this row and leaves hashes everywhere else.
CREATE TABLE contact_addresses (
  contact_key TEXT PRIMARY KEY,
  email TEXT NOT NULL
);

-- The recipient's choices, one row per scope (organisation: scope_id '').
CREATE TABLE contact_preferences (
  contact_key TEXT NOT NULL,
  scope_kind TEXT NOT NULL CHECK (scope_kind IN ('organisation', 'team', 'sender')),
  scope_id TEXT NOT NULL,
  do_not_contact TEXT NOT NULL CHECK (do_not_contact IN ('none', 'no_mass_email', 'no_email', 'no_contact')),
  consent TEXT NOT NULL CHECK (consent IN ('granted', 'withdrawn', 'unknown')),
  lawful_basis TEXT,
  tracking TEXT NOT NULL CHECK (tracking IN ('allowed', 'refused')),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (contact_key, scope_kind, scope_id)
) WITHOUT ROWID;

-- Evidence of every change: who, what (before → after), where, which link and message, when, in
-- which language, a hash of the exact wording shown, and a coarse network hint. Append-only.
CREATE TABLE consent_ledger (
  id TEXT PRIMARY KEY,
  contact_key TEXT NOT NULL,
  at TEXT NOT NULL,
  scope_kind TEXT NOT NULL,
  scope_id TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('recipient_page', 'one_click', 'sender', 'import', 'undo')),
  action TEXT NOT NULL,
  message_id TEXT,
  account_id TEXT,
  changes TEXT NOT NULL,               -- JSON [{ field, from, to }]
  language TEXT,
  wording_hash TEXT,
  network_hint TEXT,
  note TEXT
);
CREATE INDEX consent_ledger_by_contact ON consent_ledger (contact_key, at);
CREATE INDEX consent_ledger_by_account ON consent_ledger (account_id, at DESC);

CREATE TRIGGER consent_ledger_is_append_only_update BEFORE UPDATE ON consent_ledger
BEGIN
  SELECT RAISE(ABORT, 'consent_ledger is append-only');
END;
CREATE TRIGGER consent_ledger_is_append_only_delete BEFORE DELETE ON consent_ledger
BEGIN
  SELECT RAISE(ABORT, 'consent_ledger is append-only');
END;
