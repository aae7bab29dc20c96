import { SENDER_VIEWING_REASON } from '../../shared/tracking/classify.ts';
import { truncateIp } from '../../shared/tracking/truncate-ip.ts';
import { messagesWithTrackingRefused } from '../consent/tracking-refusals.ts';
import { SENDER_IP_KEEP_MS } from '../maintenance/retention.ts';
import type { RawHit } from './raw-hit.ts';
import { classifyBatch, BEACON_AFTER_MS, BEACON_BEFORE_MS, type HitContext } from './classify-batch.ts';
import { refreshMessageStats } from './message-stats.ts';

/**
 * The seam between the routes that see hits and the storage that keeps them. Routes hand over
 * raw hits; a sink gets them classified and stored. Every write is idempotent by hit id, so any
 * at-least-once delivery in front of a sink is safe.
 */
export interface EventSink {
  record(hits: RawHit[]): Promise<void>;
  /**
   * The sender's extension shows this message now (Sent folder, a quoted reply, the compose at
   * send): the open it causes is the sender's own. One that comes later meets the beacon left here
   * when it is classified; one the browser got in first (its request can beat the extension's) is
   * relabelled now, with the message's counts.
   */
  senderViewing(view: SenderView): Promise<void>;
}

export interface SenderView {
  messageId: string;
  accountId: string;
  at: number;
}

function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(',');
}

async function loadContext(db: D1Database, hits: readonly RawHit[]): Promise<HitContext> {
  const messageIds = [...new Set(hits.map((hit) => hit.messageId))];
  const accountIds = [...new Set(hits.map((hit) => hit.accountId))];
  const times = hits.map((hit) => Date.parse(hit.at));
  const from = new Date(Math.min(...times) - BEACON_AFTER_MS).toISOString();
  const to = new Date(Math.max(...times) + BEACON_BEFORE_MS).toISOString();
  const [messages, ips, beacons, clicks] = await db.batch([
    db.prepare(`SELECT id, sent_at FROM messages WHERE id IN (${placeholders(messageIds.length)})`).bind(...messageIds),
    db
      .prepare(`SELECT account_id, ip FROM sender_ips WHERE account_id IN (${placeholders(accountIds.length)}) AND last_seen_at > ?`)
      .bind(...accountIds, new Date(Date.now() - SENDER_IP_KEEP_MS).toISOString()),
    db
      .prepare(`SELECT id, message_id, at, consumed_by FROM viewing_beacons WHERE message_id IN (${placeholders(messageIds.length)}) AND at BETWEEN ? AND ?`)
      .bind(...messageIds, from, to),
    db
      .prepare(`SELECT id, message_id, link_index, at FROM hits WHERE kind = 'click' AND message_id IN (${placeholders(messageIds.length)}) AND at BETWEEN ? AND ?`)
      .bind(...messageIds, new Date(Math.min(...times) - 2_000).toISOString(), new Date(Math.max(...times) + 2_000).toISOString()),
  ]);
  const senderIps = new Map<string, string[]>();
  for (const row of (ips?.results ?? []) as { account_id: string; ip: string }[]) {
    senderIps.set(row.account_id, [...(senderIps.get(row.account_id) ?? []), row.ip]);
  }
  const hitIds = new Set(hits.map((hit) => hit.id));
  return {
    sentAt: new Map(((messages?.results ?? []) as { id: string; sent_at: string }[]).map((row) => [row.id, Date.parse(row.sent_at)])),
    senderIps,
    beacons: ((beacons?.results ?? []) as { id: string; message_id: string; at: string; consumed_by: string | null }[]).map((row) => ({
      id: row.id, messageId: row.message_id, at: Date.parse(row.at), consumedBy: row.consumed_by,
    })),
    // A hit being re-delivered is already stored; it must not count as its own neighbour.
    storedClicks: ((clicks?.results ?? []) as { id: string; message_id: string; link_index: number | null; at: string }[])
      .filter((row) => !hitIds.has(row.id))
      .map((row) => ({ messageId: row.message_id, linkIndex: row.link_index, at: Date.parse(row.at) })),
  };
}

/**
 * Classifies with the context D1 holds and writes hits, one D1 batch (a transaction) per call,
 * with the rollup of their messages: the message list never disagrees with the hits.
 */
export class D1EventSink implements EventSink {
  constructor(private readonly db: D1Database) {}

  async senderViewing({ messageId, accountId, at }: SenderView): Promise<void> {
    const db = this.db;
    const beaconId = crypto.randomUUID();
    // One batch, one transaction: the beacon, the open it takes over, its label and the counts.
    await db.batch([
      db.prepare('INSERT INTO viewing_beacons (id, message_id, account_id, at) VALUES (?, ?, ?, ?)').bind(beaconId, messageId, accountId, new Date(at).toISOString()),
      // The latest open of the last few seconds that no beacon covers yet, if any.
      db
        .prepare(
          `UPDATE viewing_beacons SET consumed_by = (
             SELECT h.id FROM hits h
              WHERE h.message_id = ?1 AND h.kind = 'open' AND h.hit_class != 'self' AND h.at BETWEEN ?2 AND ?3
                AND NOT EXISTS (SELECT 1 FROM viewing_beacons b WHERE b.consumed_by = h.id)
              ORDER BY h.at DESC LIMIT 1)
           WHERE id = ?4`,
        )
        .bind(messageId, new Date(at - BEACON_BEFORE_MS).toISOString(), new Date(at).toISOString(), beaconId),
      db
        .prepare(`UPDATE hits SET hit_class = 'self', reason = ?1 WHERE id = (SELECT consumed_by FROM viewing_beacons WHERE id = ?2)`)
        .bind(SENDER_VIEWING_REASON, beaconId),
      refreshMessageStats(db, [messageId]),
    ]);
  }

  async record(received: RawHit[]): Promise<void> {
    const refused = await messagesWithTrackingRefused(this.db, [...new Set(received.map((hit) => hit.messageId))]);
    // A recipient who chose "Stop tracking me" is not recorded at all, not even as a raw hit.
    const hits = received.filter((hit) => !refused.has(hit.messageId));
    if (hits.length === 0) return;
    const classified = classifyBatch(hits, await loadContext(this.db, hits));
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO hits (id, message_id, account_id, kind, link_index, url, at, method, user_agent, ip, asn, hit_class, reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const consume = this.db.prepare('UPDATE viewing_beacons SET consumed_by = ? WHERE id = ? AND consumed_by IS NULL');
    await this.db.batch([
      ...classified.flatMap(({ hit, verdict, beaconId }) => [
        // The verdict was reached on the raw IP (proxy and relay ranges, the sender's own IPs);
        // at rest only its network is kept (README: what is collected). The raw IP lived in the queue message only.
        insert.bind(hit.id, hit.messageId, hit.accountId, hit.kind, hit.linkIndex, hit.url, hit.at, hit.method, hit.userAgent, truncateIp(hit.ip), hit.asn, verdict.class, verdict.reason),
        ...(beaconId ? [consume.bind(hit.id, beaconId)] : []),
      ]),
      refreshMessageStats(this.db, hits.map((hit) => hit.messageId)),
    ]);
  }
}
