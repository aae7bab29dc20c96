-- The message list's search (GET /api/messages?q=) goes through this index instead of reading
-- the sender's messages one by one. Trigrams keep its substring, any-case matching for searches
-- of three characters or more. Contentless: it keeps no copy of the subject or the addresses,
-- only the index of what `messages` already holds (subject_folded, the recipients' addresses),
-- under the message's rowid. secure-delete removes a deleted or changed row's entries at once
-- (an erased address leaves nothing behind, not just a deletion marker).
CREATE VIRTUAL TABLE message_search USING fts5 (
  subject,
  addresses,
  tokenize = 'trigram',
  content = '',
  contentless_delete = 1
);
INSERT INTO message_search (message_search, rank) VALUES ('secure-delete', 1);

-- The addresses as text, one a line: recipients is JSON { "to": [], "cc": [], "bcc": [] }.
CREATE TRIGGER message_search_insert AFTER INSERT ON messages BEGIN
  INSERT INTO message_search (rowid, subject, addresses)
  VALUES (NEW.rowid, NEW.subject_folded, (SELECT group_concat(value, char(10)) FROM json_tree(NEW.recipients) WHERE type = 'text'));
END;

CREATE TRIGGER message_search_update AFTER UPDATE OF subject_folded, recipients ON messages BEGIN
  DELETE FROM message_search WHERE rowid = OLD.rowid;
  INSERT INTO message_search (rowid, subject, addresses)
  VALUES (NEW.rowid, NEW.subject_folded, (SELECT group_concat(value, char(10)) FROM json_tree(NEW.recipients) WHERE type = 'text'));
END;

CREATE TRIGGER message_search_delete AFTER DELETE ON messages BEGIN
  DELETE FROM message_search WHERE rowid = OLD.rowid;
END;

INSERT INTO message_search (rowid, subject, addresses)
SELECT m.rowid, m.subject_folded, (SELECT group_concat(value, char(10)) FROM json_tree(m.recipients) WHERE type = 'text')
  FROM messages m;
