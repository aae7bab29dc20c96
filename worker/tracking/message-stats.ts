import { CLICK_REPEAT_WINDOW_MS, OPEN_REPEAT_WINDOW_MS, PROXY_CLASSES } from '../../shared/tracking/tally.ts';
import { STATUS_BY_ORDER } from '../../shared/tracking/verdict.ts';

const list = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

const fresh = (windowMs: number) => `(gap IS NULL OR gap >= ${windowMs})`;
/** Far enough back that a hit's previous one in its role, class and link, if it is older, leaves it a new visit anyway. */
const LONGEST_REPEAT_WINDOW_MS = Math.max(OPEN_REPEAT_WINDOW_MS, CLICK_REPEAT_WINDOW_MS);

const ROLE = `CASE WHEN kind = 'open' AND hit_class = 'human' THEN 'reliable_open'
              WHEN kind = 'open' AND hit_class IN (${list(PROXY_CLASSES)}) THEN 'unreliable_open'
              WHEN kind = 'open' THEN 'machine_fetch'
              WHEN hit_class = 'human' THEN 'click' END`;
/** A hit's link, for the repeat rule: only a click has one. `table` qualifies the columns (`h.`). */
const link = (table = '') => `CASE WHEN ${table}kind = 'click' THEN ${table}link_index END`;

/**
 * The hits to count, over the messages of a CTE `bounds (message_id, count_from, scan_from)`
 * defined before them, as `counted (message_id, account_id, at, hit_class, counts, ms, role, link)`.
 * Every hit (`every`), or the new ones (`new`: named in `?2`, none before `count_from`) with, for
 * each role, class and link among them, the latest other hit up to `count_from` since
 * `scan_from`: the one whose gap to the first new hit decides whether that is a new visit (at
 * the same millisecond, it comes first: the new hit repeats it, as it would in a recount).
 * Found by the (message, time) index walking back from the new hits, not by reading the
 * message's hits of the whole window.
 */
function countedHits(which: 'every' | 'new'): string {
  const columns = `message_id, account_id, at, hit_class, counts,
         CAST(round((julianday(at) - 2440587.5) * 86400000) AS INTEGER) AS ms, ${ROLE} AS role, ${link()} AS link`;
  if (which === 'every') {
    return `counted AS (
  SELECT ${columns}
    FROM (SELECT h.*, 1 AS counts FROM bounds b JOIN hits h ON h.message_id = b.message_id WHERE h.hit_class <> 'self')
)`;
  }
  return `new_hits AS (
  SELECT h.*, 1 AS counts FROM hits h
   WHERE h.id IN (SELECT value FROM json_each(?2)) AND h.message_id IN (SELECT message_id FROM bounds) AND h.hit_class <> 'self'
),
previous_hits AS (
  SELECT p.*, 0 AS counts
    FROM (SELECT DISTINCT message_id, kind, hit_class, ${link()} AS link FROM new_hits) n
    JOIN bounds b ON b.message_id = n.message_id
    JOIN hits p ON p.id = (
      SELECT h.id FROM hits h
       WHERE h.message_id = n.message_id AND h.at <= b.count_from AND h.at >= b.scan_from AND h.id NOT IN (SELECT value FROM json_each(?2))
         AND h.kind = n.kind AND h.hit_class = n.hit_class AND (${link('h.')}) IS n.link
       ORDER BY h.at DESC LIMIT 1)
),
counted AS (
  SELECT ${columns}
    FROM (SELECT * FROM new_hits UNION ALL SELECT * FROM previous_hits)
)`;
}

/**
 * After `countedHits`: `gaps` and `totals`, per message, the raw counts of the counted hits
 * (`reliable`, `unreliable`: before a click stands for an open), each a new visit or a repeat of
 * the hit before it in its role, class and link; `status_by`; the newest counted hit. Only
 * messages with at least one counted hit.
 */
function messageTotals(which: 'every' | 'new'): string {
  return `${countedHits(which)},
gaps AS (
  SELECT message_id, account_id, at, role, hit_class, counts,
         ms - LAG(ms) OVER (PARTITION BY message_id, role, hit_class, link ORDER BY ms, counts) AS gap
    FROM counted
),
totals AS (
  SELECT message_id, MAX(account_id) AS account_id,
         COALESCE(SUM(counts AND role = 'reliable_open' AND ${fresh(OPEN_REPEAT_WINDOW_MS)}), 0) AS reliable,
         COALESCE(SUM(counts AND role = 'unreliable_open' AND ${fresh(OPEN_REPEAT_WINDOW_MS)}), 0) AS unreliable,
         COALESCE(SUM(counts AND role = 'machine_fetch' AND ${fresh(OPEN_REPEAT_WINDOW_MS)}), 0) AS machine,
         COALESCE(SUM(counts AND role = 'click' AND ${fresh(CLICK_REPEAT_WINDOW_MS)}), 0) AS clicks,
         CASE ${STATUS_BY_ORDER.map((hitClass) => `WHEN SUM(counts AND role IS NOT NULL AND hit_class = '${hitClass}') > 0 THEN '${hitClass}'`).join('\n              ')}
         END AS status_by,
         MAX(CASE WHEN counts THEN at END) AS last_activity_at
    FROM gaps GROUP BY message_id HAVING SUM(counts) > 0
)`;
}

/** `opens` and `reliable_opens` from raw counts, as `messageVerdict` has them: a click stands for a person's open. */
function derivedCounts(reliable: string, unreliable: string, clicks: string): { opens: string; reliableOpens: string } {
  const reliableOpens = `CASE WHEN ${clicks} > 0 THEN MAX(${reliable}, 1) ELSE ${reliable} END`;
  return { opens: `MAX(${unreliable} + ${reliable}, ${reliableOpens})`, reliableOpens };
}

const fromTotals = derivedCounts('reliable', 'unreliable', 'clicks');
/** A `totals` row as a `message_stats` row, in the order of `COLUMNS`. */
const TOTALS_AS_ROW = `message_id, account_id, ${fromTotals.opens}, ${fromTotals.reliableOpens}, machine, clicks, status_by, last_activity_at, reliable, unreliable`;
const added = derivedCounts(
  'message_stats.own_client_opens + excluded.own_client_opens',
  'message_stats.proxy_opens + excluded.proxy_opens',
  'message_stats.clicks + excluded.clicks',
);

/** The better of two `status_by` values, in `STATUS_BY_ORDER` (NULL: nothing counted). */
function betterStatusBy(a: string, b: string): string {
  const rank = (value: string) => `CASE ${value} ${STATUS_BY_ORDER.map((hitClass, i) => `WHEN '${hitClass}' THEN ${i}`).join(' ')} END`;
  return `CASE WHEN ${a} IS NULL OR ${rank(b)} < ${rank(a)} THEN COALESCE(${b}, ${a}) ELSE ${a} END`;
}

const COLUMNS = 'message_id, account_id, opens, reliable_opens, machine_opens, clicks, status_by, last_activity_at, own_client_opens, proxy_opens';
const MESSAGE_STATS_UPSERT = `ON CONFLICT (message_id) DO UPDATE SET opens = excluded.opens, reliable_opens = excluded.reliable_opens,
  machine_opens = excluded.machine_opens, clicks = excluded.clicks, status_by = excluded.status_by, last_activity_at = excluded.last_activity_at,
  own_client_opens = excluded.own_client_opens, proxy_opens = excluded.proxy_opens`;

/**
 * The messages of the batch (`?1`: JSON `[[message id, its earliest new hit's time, that time less
 * the longest repeat window], ...]`) as `bounds`: those with no counted hit later than their
 * earliest new one, to be added to; or the others, to be recomputed from every hit.
 */
const batchMessages = (later: boolean) => `SELECT b.value ->> 0, ${later ? 'b.value ->> 1, b.value ->> 2' : "'', ''"}
    FROM json_each(?1) b
   WHERE ${later ? 'NOT ' : ''}EXISTS (SELECT 1 FROM message_stats s WHERE s.message_id = b.value ->> 0 AND s.last_activity_at > b.value ->> 1)`;

/**
 * Recomputes the rows of the messages in `bounds` from all their hits (a message whose every hit
 * is now the sender's own comes back to nothing counted: a hit relabelled by a late viewing beacon).
 */
function recomputeSql(bounds: string): string {
  return `
INSERT INTO message_stats (${COLUMNS})
WITH bounds (message_id, count_from, scan_from) AS (${bounds}),
${messageTotals('every')}
SELECT ${TOTALS_AS_ROW}
  FROM totals
UNION ALL
SELECT s.message_id, s.account_id, 0, 0, 0, 0, NULL, NULL, 0, 0
  FROM message_stats s
 WHERE s.message_id IN (SELECT message_id FROM bounds)
   AND s.message_id NOT IN (SELECT message_id FROM totals)
${MESSAGE_STATS_UPSERT}`;
}

/** `?1`: JSON array of message ids. */
const REFRESH_MESSAGE_STATS_SQL = recomputeSql(`SELECT value, '', '' FROM json_each(?1)`);

/**
 * Adds a batch's new hits to the rows of messages with no counted hit later than them (the
 * usual case: hits arrive in time order): only the new hits are counted, each against the latest
 * earlier hit of its role, class and link, so the cost follows the batch, not the message's history. The
 * counts before the earliest new hit cannot change (a hit's count depends on the one before it).
 */
const ADD_TO_MESSAGE_STATS_SQL = `
INSERT INTO message_stats (${COLUMNS})
WITH bounds (message_id, count_from, scan_from) AS (${batchMessages(true)}),
${messageTotals('new')}
SELECT ${TOTALS_AS_ROW}
  FROM totals WHERE true
ON CONFLICT (message_id) DO UPDATE SET
  opens = ${added.opens},
  reliable_opens = ${added.reliableOpens},
  machine_opens = machine_opens + excluded.machine_opens,
  clicks = clicks + excluded.clicks,
  status_by = ${betterStatusBy('status_by', 'excluded.status_by')},
  last_activity_at = MAX(COALESCE(last_activity_at, ''), excluded.last_activity_at),
  own_client_opens = own_client_opens + excluded.own_client_opens,
  proxy_opens = proxy_opens + excluded.proxy_opens`;

/** Recomputes the rows of the batch's messages with a counted hit later than their earliest new one (a hit that arrived late). */
const RECOMPUTE_LATE_SQL = recomputeSql(batchMessages(false));

type Db<Statement> = { prepare(sql: string): { bind(...values: unknown[]): Statement } };

/**
 * The `message_stats` rollup (migrations 0005, 0007, 0014): per message, what `messageVerdict`
 * computes from the message's stored hits. The statement that brings these messages' rows up to
 * date from all their hits; run it after their hit writes, in the same batch. Recomputing keeps
 * a row right whatever happened to its hits (a relabel, a re-delivery). Typed by shape so that
 * the bench (Node, wrangler's proxy) can use it.
 * test/worker/message-stats.test.ts holds this SQL and `rollUpNewHits` to `messageVerdict` on random hits.
 */
export function refreshMessageStats<Statement>(db: Db<Statement>, messageIds: readonly string[]): Statement {
  return db.prepare(REFRESH_MESSAGE_STATS_SQL).bind(JSON.stringify([...new Set(messageIds)]));
}

/**
 * The statements that add just-written hits (never stored before) to their messages' rows, in
 * the hits' batch, after them: a message with no counted hit later than its new ones gets them added;
 * any other (a hit that arrived late) is recomputed from all its hits. Whichever
 * way, the row is what `refreshMessageStats` would write.
 */
export function rollUpNewHits<Statement>(db: Db<Statement>, hits: readonly { id: string; messageId: string; at: string }[]): Statement[] {
  const earliest = new Map<string, string>();
  for (const { messageId, at } of hits) {
    const known = earliest.get(messageId);
    if (known === undefined || at < known) earliest.set(messageId, at);
  }
  const bounds = JSON.stringify(
    [...earliest].map(([messageId, at]) => [messageId, at, new Date(Date.parse(at) - LONGEST_REPEAT_WINDOW_MS).toISOString()]),
  );
  // The late ones first: once recomputed, their rows are no longer older than their new hits.
  return [db.prepare(RECOMPUTE_LATE_SQL).bind(bounds), db.prepare(ADD_TO_MESSAGE_STATS_SQL).bind(bounds, JSON.stringify(hits.map((hit) => hit.id)))];
}

/** A status from a rollup row's columns (aliased `s`, absent for a message without hits), as `messageStatus` decides it. */
export const STATUS_SQL = `CASE WHEN COALESCE(s.reliable_opens, 0) > 0 OR COALESCE(s.clicks, 0) > 0 THEN 'opened'
  WHEN COALESCE(s.opens, 0) > 0 THEN 'opened_unreliable'
  WHEN COALESCE(s.machine_opens, 0) > 0 THEN 'machine_only' ELSE 'not_opened' END`;
