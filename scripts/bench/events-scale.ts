import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { D1Database } from '@cloudflare/workers-types/index.ts';
import { getPlatformProxy } from 'wrangler';
import type { BenchFigure } from '../bench.ts';
import { median, pairedRounds } from './_rounds.ts';
import { applyLocalMigrations, ROOT } from '../lib/wrangler.ts';
// The routes' own queries (and rollup refresh), so that the bench times what they run.
import { HIT_EVENTS_SQL, MESSAGE_HITS_SQL } from '../../worker/routes/api/event-rows.ts';
import { messageListQuery } from '../../worker/tracking/message-list-query.ts';
import { refreshMessageStats } from '../../worker/tracking/message-stats.ts';

const ACCOUNTS = 10;
/** A table grows by more mail, not by more hits per message: every message gets this many. */
const HITS_PER_MESSAGE = 10;
const ROUNDS = 12;
const SAMPLES_PER_ROUND = 10;
/** A consumer batch holds at most 100 hits, so it refreshes the rollup of at most 100 messages. */
const REFRESH_CHUNK = 100;
const PROBE_ACCOUNT = 'acc-4';
const PROBE_MESSAGE = 'msg-42';
/** The recipient of msg-424 only (an acc-4 message): a rare match in both databases. */
const RARE_ADDRESS = 'r424@';


/** The activity page's list (GET /api/messages), with the SQL and bindings of the route. */
const listQuery = (db: D1Database, filter: 'all' | 'opened', q = '') => {
  const { sql, params } = messageListQuery(filter, 'before', 51, { account: PROBE_ACCOUNT, cursor: '9999', from: '', until: '9999', q });
  return db.prepare(sql).bind(...params);
};


async function time(run: () => Promise<unknown>, samples: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return median(times);
}

// D1 binds every JS number as REAL: without the CASTs, i / 10 is a fraction and every hit lands
// on a message id like "msg-0.4" that no query asks for (the figures before 2026-12-01 did).
const SEQ = 'WITH RECURSIVE seq(i) AS (SELECT CAST(?1 AS INTEGER) UNION ALL SELECT i + 1 FROM seq WHERE i < CAST(?1 AS INTEGER) + CAST(?2 AS INTEGER) - 1)';

/**
 * Adds `count` hits on `count / HITS_PER_MESSAGE` new messages spread over the accounts, one
 * recursive INSERT per 100k, then brings the rollup up to date as the queue consumer does (in
 * chunks of one consumer batch's messages).
 */
async function addMail(db: D1Database, from: number, count: number): Promise<void> {
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
  for (let chunk = 0; chunk < messages; chunk += REFRESH_CHUNK) {
    const ids = Array.from({ length: Math.min(REFRESH_CHUNK, messages - chunk) }, (_, k) => `msg-${firstMessage + chunk + k}`);
    await refreshMessageStats(db, ids).run();
  }
}

async function openDatabase(): Promise<{ db: D1Database; close: () => Promise<void> }> {
  const persistTo = mkdtempSync(join(tmpdir(), 'bench-scale-'));
  applyLocalMigrations({ persistTo }, true);
  const proxy = await getPlatformProxy<{ DB: D1Database }>({ configPath: join(ROOT, 'wrangler.toml'), persist: { path: join(persistTo, 'v3') } });
  const db = proxy.env.DB;
  await db.batch(Array.from({ length: ACCOUNTS }, (_, a) => db.prepare('INSERT INTO accounts (id, email) VALUES (?, ?)').bind(`acc-${a}`, `sender-${a}@example.com`)));
  return {
    db,
    close: async () => {
      await proxy.dispose();
      rmSync(persistTo, { recursive: true, force: true });
    },
  };
}

const probeAccount = `acc-${Number(PROBE_MESSAGE.slice(4)) % ACCOUNTS}`;

/** A bench that reads nothing measures nothing: each probe must find its rows. */
async function checkProbes(db: D1Database): Promise<void> {
  const events = (await db.prepare(HIT_EVENTS_SQL).bind(PROBE_ACCOUNT, '', 100).all()).results.length;
  const hits = (await db.prepare(MESSAGE_HITS_SQL).bind(PROBE_MESSAGE, probeAccount).all()).results.length;
  const listed = (await listQuery(db, 'all').all<{ opens: number }>()).results;
  const found = (await listQuery(db, 'all', RARE_ADDRESS).all()).results.length;
  if (events !== 100 || hits !== HITS_PER_MESSAGE || listed.length !== 51 || !listed.every((row) => row.opens > 0) || found !== 1) {
    throw new Error(`bench probes read ${events} events, ${hits} hits, ${listed.length} listed messages, ${found} found: the figures would mean nothing`);
  }
}

/** Read-path latency at 10 thousand and at 1 million hits, two local D1s measured in alternation (goal ≤ 1.5x). */
export default async function (): Promise<BenchFigure[]> {
  const small = await openDatabase();
  const large = await openDatabase();
  try {
    await addMail(small.db, 0, 10_000);
    const fillStart = performance.now();
    await addMail(large.db, 0, 1_000_000);
    const fillSeconds = (performance.now() - fillStart) / 1000;
    await checkProbes(small.db);
    await checkProbes(large.db);

    // Re-running the consumer's refresh over 100 stored messages is the same work it does per batch.
    const refreshIds = Array.from({ length: REFRESH_CHUNK }, (_, k) => `msg-${400 + k}`);
    const queries: [string, string, (db: D1Database) => Promise<unknown>, boolean][] = [
      // The control: the proxy's round trip alone, which is most of every figure below.
      ['control', 'control: SELECT 1 (the local D1 proxy\'s round trip)', (db) => db.prepare('SELECT 1').all(), false],
      ['popup-events', 'popup events query (100 newest of one sender)', (db) => db.prepare(HIT_EVENTS_SQL).bind(PROBE_ACCOUNT, '', 100).all(), true],
      ['message-hits', 'message view hits query (one message, 10 hits)', (db) => db.prepare(MESSAGE_HITS_SQL).bind(PROBE_MESSAGE, probeAccount).all(), true],
      ['message-list', `message list (GET /api/messages, 50 newest of one sender; ${ACCOUNTS} senders, 100 vs 10,000 messages each)`, (db) => listQuery(db, 'all').all(), true],
      ['message-list-opened', 'message list, filter=opened', (db) => listQuery(db, 'opened').all(), true],
      ['rollup-refresh', 'rollup refresh for one consumer batch (100 messages)', (db) => refreshMessageStats(db, refreshIds).run(), true],
      // One address matches in both databases: through the trigram index (migration 0013) its cost
      // follows the matches, where reading the sender's messages for it followed their history.
      ['search', 'message list, q=<rare address> (trigram index)', (db) => listQuery(db, 'all', RARE_ADDRESS).all(), true],
    ];
    const figures: BenchFigure[] = [];
    for (const [id, name, query, held] of queries) {
      const rounds = await pairedRounds(ROUNDS, () => time(() => query(small.db), SAMPLES_PER_ROUND), () => time(() => query(large.db), SAMPLES_PER_ROUND));
      const ratios = rounds.map((round) => round.b / round.a);
      figures.push({
        id,
        name: `${name}, 1M hits ÷ 10k hits`,
        kind: 'ratio',
        value: median(ratios),
        ...(held ? { goal: { atMost: 1.5 } } : {}),
        rounds: ratios,
        sides: [median(rounds.map((round) => round.b)), median(rounds.map((round) => round.a))],
        unit: 'ms',
        detail: `${ROUNDS} paired rounds of ${SAMPLES_PER_ROUND} queries (medians), order alternating`,
      });
    }
    figures.push({ id: 'fill', name: '1M hits and 100k messages inserted and rolled up (context, no goal)', kind: 'absolute', value: Math.round(fillSeconds), unit: 's' });
    return figures;
  } finally {
    await small.close();
    await large.close();
  }
}
