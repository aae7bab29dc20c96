import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { D1Database } from '@cloudflare/workers-types/index.ts';
import { getPlatformProxy } from 'wrangler';
import type { BenchFigure } from '../bench.ts';
import { applyLocalMigrations, ROOT } from '../lib/wrangler.ts';
import { likePattern, messageListSql } from '../../worker/tracking/message-list-query.ts';
import { refreshMessageStats } from '../../worker/tracking/message-stats.ts';

const ACCOUNTS = 10;
/** A table grows by more mail, not by more hits per message: every message gets this many. */
const HITS_PER_MESSAGE = 10;
const SAMPLES = 60;
/** A consumer batch holds at most 100 hits, so it refreshes the rollup of at most 100 messages. */
const REFRESH_CHUNK = 100;
const PROBE_ACCOUNT = 'acc-4';
const PROBE_MESSAGE = 'msg-42';

/** The queries the popup and the message view run, exactly as the routes do. */
const EVENTS_QUERY = `SELECT h.id, h.message_id, h.kind, h.hit_class, h.reason, h.at, h.link_index, h.url, m.subject, m.recipients
  FROM hits h LEFT JOIN messages m ON m.id = h.message_id WHERE h.account_id = ?1 AND h.at > ?2 ORDER BY h.at DESC LIMIT ?3`;
const MESSAGE_HITS_QUERY = 'SELECT kind, hit_class, at, link_index FROM hits WHERE message_id = ? AND account_id = ?';

/** The activity page's list (GET /api/messages), with the SQL and bindings of the route. */
const listQuery = (db: D1Database, filter: 'all' | 'opened', q = '') =>
  db.prepare(messageListSql(filter, 'before', 51)).bind(PROBE_ACCOUNT, '9999', '', '9999', q, likePattern(q));

async function median(run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

// D1 binds every JS number as REAL: without the CASTs, i / 10 is a fraction and every hit lands
// on a message id like "msg-0.4" that no query asks for (the figures before 2026-12-01 did).
const SEQ = 'WITH RECURSIVE seq(i) AS (SELECT CAST(?1 AS INTEGER) UNION ALL SELECT i + 1 FROM seq WHERE i < CAST(?1 AS INTEGER) + CAST(?2 AS INTEGER) - 1)';

/**
 * Adds `count` hits on `count / HITS_PER_MESSAGE` new messages spread over the accounts, one
 * recursive INSERT per 100k, then brings the rollup up to date as the queue consumer does (in
 * chunks of one consumer batch's messages). Returns the mean time of one such refresh.
 */
async function addMail(db: D1Database, from: number, count: number): Promise<number> {
  for (let done = 0; done < count; done += 100_000) {
    const n = Math.min(100_000, count - done);
    await db
      .prepare(
        `${SEQ} INSERT INTO messages (id, account_id, from_address, subject, subject_folded, recipients, mass_mail, tracked, sent_at, content_hash)
         SELECT 'msg-' || i, 'acc-' || (i % ${ACCOUNTS}), 's@example.com', 'Subject ' || i, 'subject ' || i, '{"to":["r' || i || '@example.org"],"cc":[],"bcc":[]}', 0, 1,
                strftime('%Y-%m-%dT%H:%M:%fZ', '2025-01-01', '+' || i || ' minutes'), 'x'
           FROM seq`,
      )
      .bind((from + done) / HITS_PER_MESSAGE, n / HITS_PER_MESSAGE)
      .run();
    await db
      .prepare(
        `${SEQ} INSERT INTO hits (id, message_id, account_id, kind, link_index, url, at, method, user_agent, ip, asn, hit_class, reason)
         SELECT 'h' || i, 'msg-' || (i / ${HITS_PER_MESSAGE}), 'acc-' || ((i / ${HITS_PER_MESSAGE}) % ${ACCOUNTS}),
                CASE WHEN i % 5 = 0 THEN 'click' ELSE 'open' END, CASE WHEN i % 5 = 0 THEN 0 END, NULL,
                strftime('%Y-%m-%dT%H:%M:%fZ', '2025-01-01', '+' || (i / ${HITS_PER_MESSAGE}) || ' minutes', '+' || (i % ${HITS_PER_MESSAGE} * 5) || ' seconds'), 'GET',
                'Mozilla/5.0', '73.1.2.0/24', 7922, CASE WHEN i % 3 = 0 THEN 'google_proxy' ELSE 'human' END, 'bench'
           FROM seq`,
      )
      .bind(from + done, n)
      .run();
  }
  const firstMessage = from / HITS_PER_MESSAGE;
  const messages = count / HITS_PER_MESSAGE;
  let refreshMs = 0;
  for (let chunk = 0; chunk < messages; chunk += REFRESH_CHUNK) {
    const ids = Array.from({ length: Math.min(REFRESH_CHUNK, messages - chunk) }, (_, k) => `msg-${firstMessage + chunk + k}`);
    const start = performance.now();
    await refreshMessageStats(db, ids).run();
    refreshMs += performance.now() - start;
  }
  return refreshMs / Math.ceil(messages / REFRESH_CHUNK);
}

/** Read-path latency at 10 thousand and at 1 million hits in one local D1 (goal ≤ 1.5x). */
export default async function (): Promise<BenchFigure[]> {
  const persistTo = mkdtempSync(join(tmpdir(), 'bench-scale-'));
  applyLocalMigrations({ persistTo }, true);
  const proxy = await getPlatformProxy<{ DB: D1Database }>({ configPath: join(ROOT, 'wrangler.toml'), persist: { path: join(persistTo, 'v3') } });
  try {
    const db = proxy.env.DB;
    await db.batch(Array.from({ length: ACCOUNTS }, (_, a) => db.prepare('INSERT INTO accounts (id, email) VALUES (?, ?)').bind(`acc-${a}`, `sender-${a}@example.com`)));
    const probeAccount = `acc-${(Number(PROBE_MESSAGE.slice(4)) % ACCOUNTS)}`;

    const measure = async () => {
      // A bench that reads nothing measures nothing: check the probes find their rows first.
      const events = (await db.prepare(EVENTS_QUERY).bind(PROBE_ACCOUNT, '', 100).all()).results.length;
      const hits = (await db.prepare(MESSAGE_HITS_QUERY).bind(PROBE_MESSAGE, probeAccount).all()).results.length;
      const listed = (await listQuery(db, 'all').all<{ opens: number }>()).results;
      if (events !== 100 || hits !== HITS_PER_MESSAGE || listed.length !== 51 || !listed.every((row) => row.opens > 0)) {
        throw new Error(`bench probes read ${events} events, ${hits} hits, ${listed.length} listed messages: the figures would mean nothing`);
      }
      return {
        events: await median(() => db.prepare(EVENTS_QUERY).bind(PROBE_ACCOUNT, '', 100).all()),
        message: await median(() => db.prepare(MESSAGE_HITS_QUERY).bind(PROBE_MESSAGE, probeAccount).all()),
        list: await median(() => listQuery(db, 'all').all()),
        opened: await median(() => listQuery(db, 'opened').all()),
        search: await median(() => listQuery(db, 'all', 'r42').all()),
      };
    };
    const smallRefresh = await addMail(db, 0, 10_000);
    const small = await measure();
    const fillStart = performance.now();
    const largeRefresh = await addMail(db, 10_000, 990_000);
    const fillSeconds = (performance.now() - fillStart) / 1000;
    const large = await measure();
    const figure = (name: string, key: keyof typeof small, note = '') => ({
      name: `${name}, 1M hits ÷ 10k hits`,
      ratio: large[key] / small[key],
      goal: '≤ 1.5',
      met: large[key] / small[key] <= 1.5,
      detail: `median ${large[key].toFixed(2)} ms vs ${small[key].toFixed(2)} ms over ${SAMPLES} runs${note}`,
    });
    return [
      figure('popup events query (100 newest of one sender)', 'events'),
      figure('message view hits query (one message, 10 hits)', 'message'),
      figure('message list (GET /api/messages, 50 newest of one sender)', 'list', `; ${ACCOUNTS} senders, 100 vs 10,000 messages each`),
      figure('message list, filter=opened', 'opened'),
      {
        name: 'rollup refresh for one consumer batch (100 messages), 1M hits ÷ 10k hits',
        ratio: largeRefresh / smallRefresh,
        goal: '≤ 1.5',
        met: largeRefresh / smallRefresh <= 1.5,
        detail: `mean ${largeRefresh.toFixed(2)} ms vs ${smallRefresh.toFixed(2)} ms; 990k hits and 99k messages inserted and rolled up in ${fillSeconds.toFixed(0)} s`,
      },
      {
        // Substring search has no index: it reads the sender's messages until a page is full.
        name: 'message list, q=<rare address> (not indexed; grows with the sender\'s history), 1M hits ÷ 10k hits',
        ratio: large.search / small.search,
        detail: `median ${large.search.toFixed(2)} ms vs ${small.search.toFixed(2)} ms`,
      },
    ];
  } finally {
    await proxy.dispose();
    rmSync(persistTo, { recursive: true, force: true });
  }
}
