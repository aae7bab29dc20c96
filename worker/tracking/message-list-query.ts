import { FILTER_STATUSES, type MessageListFilter } from '../../shared/schemas/message-list.ts';
import { STATUS_SQL } from './message-stats.ts';

/**
 * Conditions on the rollup (migrations 0005, 0007): the statuses each filter lists, as the
 * rollup's status. A message without hits has no rollup row, hence the COALESCEs; they also keep
 * SQLite from turning the LEFT JOIN into an inner join and then walking message_stats instead of
 * the sender's messages in send order.
 */
function filterSql(filter: MessageListFilter): string {
  if (filter === 'all') return '1 = 1';
  if (filter === 'clicked') return 'COALESCE(s.clicks, 0) > 0';
  return `(${STATUS_SQL}) IN (${FILTER_STATUSES[filter].map((status) => `'${status}'`).join(', ')})`;
}

/** Trigrams (migration 0013) can only find a search of at least this many characters. */
const INDEXED_SEARCH_MIN = 3;

/** Whether a search goes through the message_search index; shorter ones read the sender's messages in order. */
function searchIsIndexed(q: string): boolean {
  return [...q.toLowerCase()].length >= INDEXED_SEARCH_MIN;
}

/**
 * The search as one FTS5 phrase, matched as a substring by the trigram tokenizer (its quotes
 * doubled, so nothing a person types is query syntax).
 */
function searchPhrase(q: string): string {
  return `"${q.toLowerCase().replaceAll('"', '""')}"`;
}

/**
 * The message list's query (GET /api/messages), shared with scripts/bench/events-scale.ts so the
 * bench measures exactly what the route runs. Parameters: ?1 account, ?2 the cursor (sent strictly
 * `before` it, or exactly `at` it for the messages tied with a page's last), ?3..?4 the send-time
 * window, ?5 the search as typed ('' = none), ?6 its LIKE pattern, ?7 its FTS5 phrase. Without an
 * indexed search it walks `messages_by_account_sent` newest first and stops at `rowLimit`, so its
 * cost follows the page (and how rare the filter's matches are), not the size of the hits table.
 * With one (`searchIsIndexed`), the trigram index names the candidates first, so its cost follows
 * the number of messages that match, not the sender's history; the LIKE conditions then keep
 * exactly what the search always matched (the index also finds a phrase across two addresses).
 */
function messageListSql(filter: MessageListFilter, cursor: 'before' | 'at', rowLimit: number, indexed = false): string {
  return `SELECT m.id, m.subject, m.recipients, m.sent_at, m.tracked, m.mass_mail,
          COALESCE(s.opens, 0) AS opens, COALESCE(s.reliable_opens, 0) AS reliable_opens,
          COALESCE(s.machine_opens, 0) AS machine_opens, COALESCE(s.clicks, 0) AS clicks, s.status_by, s.last_activity_at,
          (SELECT MAX(l.at) FROM consent_ledger l WHERE l.message_id = m.id) AS last_consent_at
     FROM messages m LEFT JOIN message_stats s ON s.message_id = m.id
    WHERE ${indexed ? 'm.rowid IN (SELECT rowid FROM message_search WHERE message_search MATCH ?7) AND +m.account_id = ?1' : 'm.account_id = ?1'} AND m.sent_at ${cursor === 'before' ? '<' : '='} ?2 AND m.sent_at >= ?3 AND m.sent_at <= ?4
      AND ${filterSql(filter)}
      AND (?5 = '' OR m.subject_folded LIKE ?6 ESCAPE '\\'
           OR EXISTS (SELECT 1 FROM json_tree(m.recipients) r WHERE r.type = 'text' AND r.value LIKE ?6 ESCAPE '\\'))
    ORDER BY m.sent_at DESC LIMIT ${rowLimit}`;
}

/** LIKE's wildcards in a search typed by a person are literal characters. */
function likePattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** What one run of the message list's query asks for. */
export interface MessageListWindow {
  account: string;
  cursor: string;
  from: string;
  until: string;
  /** The search as typed ('' = none). */
  q: string;
}

/** The message list's query with its bindings, as the route, the bench and the plan test run it. */
export function messageListQuery(filter: MessageListFilter, cursor: 'before' | 'at', rowLimit: number, window: MessageListWindow): { sql: string; params: string[] } {
  const indexed = searchIsIndexed(window.q);
  return {
    sql: messageListSql(filter, cursor, rowLimit, indexed),
    params: [window.account, window.cursor, window.from, window.until, window.q, likePattern(window.q), ...(indexed ? [searchPhrase(window.q)] : [])],
  };
}
