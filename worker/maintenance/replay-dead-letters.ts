import { truncateIp } from '../../shared/tracking/truncate-ip.ts';
import { D1EventSink } from '../tracking/event-sink.ts';
import type { RawHit } from '../tracking/raw-hit.ts';
import { useLatestIpRanges } from './ip-ranges.ts';
import { PARKED_MAX_MS, PARKED_WHOLE_IP_MS } from './retention.ts';

/** Its own hourly cron (wrangler.toml), apart from the quarter-hourly prune's query budget. */
export const REPLAY_CRON = '41 * * * *';
const PER_RUN = 100;
// A failing batch is retried hit by hit to find the bad ones; each try is a few D1 queries, and
// a cron invocation has 50 on the free plan.
const ONE_BY_ONE = 6;

export interface ReplayResult {
  /** Written, then removed from the parking table. */
  replayed: number;
  /** Still parked, now keeping only their IP's network. */
  truncated: number;
  /** Failed for longer than the retention period: removed unwritten. */
  dropped: number;
}

interface Parked {
  id: string;
  body: string;
}

/** A parked hit as the sink takes it; one whose IP was cut to its network is classified on that network's address. */
function hitOf(row: Parked): RawHit {
  const hit = JSON.parse(row.body) as RawHit;
  return hit.ip?.includes('/') ? { ...hit, ip: hit.ip.split('/')[0]! } : hit;
}

/**
 * Each run gives the hits that exhausted their queue retries (queue-consumer.ts) another go,
 * oldest first: as one batch, else the oldest one by one so that a bad hit holds back no other.
 * Whatever stays parked does not keep a whole IP for more than a day (then its network, as a
 * stored hit; its verdict is reached on that), nor stays past the retention period at all.
 */
export async function replayDeadLetters(db: D1Database, now = new Date()): Promise<ReplayResult> {
  const result: ReplayResult = { replayed: 0, truncated: 0, dropped: 0 };
  const parked = (await db.prepare(`SELECT id, body FROM dead_letter_hits ORDER BY failed_at LIMIT ${PER_RUN}`).all<Parked>()).results;
  const remove = db.prepare('DELETE FROM dead_letter_hits WHERE id = ?');
  const sink = new D1EventSink(db);
  if (parked.length > 0) {
    await useLatestIpRanges(db);
    try {
      await sink.record(parked.map(hitOf));
      await db.batch(parked.map((row) => remove.bind(row.id)));
      result.replayed = parked.length;
    } catch {
      for (const row of parked.slice(0, ONE_BY_ONE)) {
        try {
          await sink.record([hitOf(row)]);
          await remove.bind(row.id).run();
          result.replayed++;
        } catch (err) {
          console.error(`parked hit ${row.id} still fails`, err);
        }
      }
    }
  }
  const dropped = await db.prepare('DELETE FROM dead_letter_hits WHERE failed_at < ?').bind(new Date(now.getTime() - PARKED_MAX_MS).toISOString()).run();
  result.dropped = dropped.meta.changes ?? 0;
  const whole = (
    await db
      .prepare(`SELECT id, body FROM dead_letter_hits WHERE failed_at < ? AND instr(coalesce(json_extract(body, '$.ip'), '/'), '/') = 0 LIMIT ${PER_RUN}`)
      .bind(new Date(now.getTime() - PARKED_WHOLE_IP_MS).toISOString())
      .all<Parked>()
  ).results;
  if (whole.length > 0) {
    // truncateIp runs in JavaScript (SQLite cannot cut an IPv6 address to /48); one statement.
    const bodies = whole.map((row) => {
      const hit = JSON.parse(row.body) as RawHit;
      return [row.id, JSON.stringify({ ...hit, ip: truncateIp(hit.ip) })];
    });
    await db
      .prepare(`UPDATE dead_letter_hits SET body = json_extract(p.value, '$[1]') FROM json_each(?1) AS p WHERE dead_letter_hits.id = json_extract(p.value, '$[0]')`)
      .bind(JSON.stringify(bodies))
      .run();
    result.truncated = whole.length;
  }
  return result;
}
