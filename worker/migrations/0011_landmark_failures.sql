-- Composes whose landmarks (body, Send, recipients) the extension could not find: the webmail
-- changed under us and those messages went out untracked. One row per sender, client, set of
-- missing landmarks and webmail build, counted, so a redesign that breaks every compose of every
-- sender stays a handful of rows.
CREATE TABLE landmark_failures (
  account_id TEXT NOT NULL,
  client TEXT NOT NULL,            -- 'gmail' | 'outlook'
  landmarks TEXT NOT NULL,         -- the missing ones, comma-separated in a fixed order
  build TEXT NOT NULL DEFAULT '',  -- the webmail's build label, '' when unknown
  first_at TEXT NOT NULL,
  last_at TEXT NOT NULL,
  reports INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (account_id, client, landmarks, build)
) WITHOUT ROWID;

-- GET /health and the admin list: the latest failure per client.
CREATE INDEX landmark_failures_by_client ON landmark_failures (client, last_at);
