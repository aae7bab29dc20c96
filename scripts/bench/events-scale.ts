import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { D1Database } from '@cloudflare/workers-types/index.ts';
import { getPlatformProxy } from 'wrangler';
import type { BenchFigure } from '../bench.ts';
import { applyLocalMigrations, ROOT } from '../lib/wrangler.ts';

const ACCOUNTS = 100;
const MESSAGES_PER_ACCOUNT = 100;
const SAMPLES = 60;

/** The queries the popup and the message view run, exactly as the routes do. */
const EVENTS_QUERY = `SELECT h.id, h.message_id, h.kind, h.hit_class, h.reason, h.at, h.link_index, h.url, m.subject, m.recipients
  FROM hits h LEFT JOIN messages m ON m.id = h.message_id WHERE h.account_id = ?1 AND h.at > ?2 ORDER BY h.at DESC LIMIT ?3`;
const MESSAGE_HITS_QUERY = 'SELECT kind, hit_class, at, link_index FROM hits WHERE message_id = ? AND account_id = ?';

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

/** Adds `count` hits spread over every account and message, as one recursive INSERT per 100k. */
async function addHits(db: D1Database, from: number, count: number): Promise<void> {
  for (let done = 0; done < count; done += 100_000) {
    const n = Math.min(100_000, count - done);
    await db
      .prepare(
        `WITH RECURSIVE seq(i) AS (SELECT ?1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?1 + ?2 - 1)
         INSERT INTO hits (id, message_id, account_id, kind, link_index, url, at, method, user_agent, ip, asn, hit_class, reason)
         SELECT 'h' || i, 'msg-' || (i % ${ACCOUNTS}) || '-' || ((i / ${ACCOUNTS}) % ${MESSAGES_PER_ACCOUNT}), 'acc-' || (i % ${ACCOUNTS}),
                CASE WHEN i % 5 = 0 THEN 'click' ELSE 'open' END, NULL, NULL,
                strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01', '+' || (i / 10) || ' seconds'), 'GET',
                'Mozilla/5.0', '73.1.2.3', 7922, CASE WHEN i % 3 = 0 THEN 'google_proxy' ELSE 'human' END, 'bench'
           FROM seq`,
      )
      .bind(from + done, n)
      .run();
  }
}

/** Events-query latency at 10 thousand and at 1 million hits in one local D1 (goal ≤ 1.5x). */
export default async function (): Promise<BenchFigure[]> {
  const persistTo = mkdtempSync(join(tmpdir(), 'bench-scale-'));
  applyLocalMigrations({ persistTo }, true);
  const proxy = await getPlatformProxy<{ DB: D1Database }>({ configPath: join(ROOT, 'wrangler.toml'), persist: { path: join(persistTo, 'v3') } });
  try {
    const db = proxy.env.DB;
    const messages = [];
    for (let a = 0; a < ACCOUNTS; a++) {
      messages.push(db.prepare("INSERT INTO accounts (id, email) VALUES (?, ?)").bind(`acc-${a}`, `sender-${a}@example.com`));
      for (let m = 0; m < MESSAGES_PER_ACCOUNT; m++) {
        messages.push(
          db.prepare(`INSERT INTO messages (id, account_id, from_address, subject, recipients, mass_mail, tracked, sent_at, content_hash) VALUES (?, ?, 's@example.com', 'Subject', '{"to":["r@example.org"],"cc":[],"bcc":[]}', 0, 1, '2026-01-01T00:00:00.000Z', 'x')`).bind(`msg-${a}-${m}`, `acc-${a}`),
        );
      }
    }
    for (let i = 0; i < messages.length; i += 1000) await db.batch(messages.slice(i, i + 1000));

    const measure = async () => ({
      events: await median(() => db.prepare(EVENTS_QUERY).bind('acc-42', '', 100).all()),
      message: await median(() => db.prepare(MESSAGE_HITS_QUERY).bind('msg-42-7', 'acc-42').all()),
    });
    await addHits(db, 0, 10_000);
    const small = await measure();
    const fillStart = performance.now();
    await addHits(db, 10_000, 990_000);
    const fillSeconds = (performance.now() - fillStart) / 1000;
    const large = await measure();
    return [
      { name: 'popup events query (100 newest of one sender), 1M hits ÷ 10k hits', ratio: large.events / small.events, goal: '≤ 1.5', met: large.events / small.events <= 1.5, detail: `median ${large.events.toFixed(2)} ms vs ${small.events.toFixed(2)} ms over ${SAMPLES} runs` },
      { name: 'message view hits query, 1M hits ÷ 10k hits', ratio: large.message / small.message, goal: '≤ 1.5', met: large.message / small.message <= 1.5, detail: `median ${large.message.toFixed(2)} ms vs ${small.message.toFixed(2)} ms; 990k rows inserted in ${fillSeconds.toFixed(0)} s` },
    ];
  } finally {
    await proxy.dispose();
    rmSync(persistTo, { recursive: true, force: true });
  }
}
