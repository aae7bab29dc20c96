-- A change that waited for the address's mailbox and whose link expired unused gets a row of
-- its own, status 'expired', naming the pending row in `confirms`: the ledger shows that nothing
-- came of the request, and the sender is told. SQLite cannot change a CHECK constraint, so the
-- append-only table is rebuilt with the same rows (in their order), indexes and triggers.
CREATE TABLE consent_ledger_next (
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
  note TEXT,
  identified_by TEXT CHECK (identified_by IN (
    'sole_recipient', 'typed_on_shared_link', 'typed_on_signature_link', 'mailbox_confirmed', 'sender_with_note', 'import')),
  network TEXT,
  country TEXT,
  sender_signal TEXT CHECK (sender_signal IN ('sender_network', 'sender_browser')),
  status TEXT NOT NULL DEFAULT 'applied' CHECK (status IN ('applied', 'pending', 'expired')),
  confirms TEXT
);
INSERT INTO consent_ledger_next (id, contact_key, at, scope_kind, scope_id, source, action, message_id, account_id, changes, language, wording_hash,
  network_hint, note, identified_by, network, country, sender_signal, status, confirms)
SELECT id, contact_key, at, scope_kind, scope_id, source, action, message_id, account_id, changes, language, wording_hash,
  network_hint, note, identified_by, network, country, sender_signal, status, confirms
  FROM consent_ledger ORDER BY rowid;
DROP TABLE consent_ledger;
ALTER TABLE consent_ledger_next RENAME TO consent_ledger;

CREATE INDEX consent_ledger_by_contact ON consent_ledger (contact_key, at);
CREATE INDEX consent_ledger_by_account ON consent_ledger (account_id, at DESC);
CREATE INDEX consent_ledger_by_message ON consent_ledger (message_id, at) WHERE message_id IS NOT NULL;
CREATE INDEX consent_ledger_by_time ON consent_ledger (at);
CREATE TRIGGER consent_ledger_is_append_only_update BEFORE UPDATE ON consent_ledger
BEGIN
  SELECT RAISE(ABORT, 'consent_ledger is append-only');
END;
CREATE TRIGGER consent_ledger_is_append_only_delete BEFORE DELETE ON consent_ledger
BEGIN
  SELECT RAISE(ABORT, 'consent_ledger is append-only');
END;
