import { SENDER_VIEWING_REASON } from '../../shared/tracking/classify.ts';
import { truncateIp } from '../../shared/tracking/truncate-ip.ts';
import type { TrackingEvent } from '../../shared/schemas/events.ts';
import { MESSAGES_WITH_SENDERS, messagesRefusingTracking, REFUSAL_COLUMNS, type RefusalRow } from '../consent/tracking-refusals.ts';
import { hitEvent, type HitEventRow } from '../routes/api/event-rows.ts';
import { SENDER_IP_KEEP_MS } from '../maintenance/retention.ts';
import type { RawHit } from './raw-hit.ts';
import { classifyBatch, BEACON_AFTER_MS, BEACON_BEFORE_MS, type HitContext } from './classify-batch.ts';
import { refreshMessageStats, rollUpNewHits } from './message-stats.ts';

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

/** The batch's message ids, as one JSON parameter: a batch may name up to 100 messages, and D1 binds at most 100 parameters. */
const IN_BATCH = 'IN (SELECT value FROM json_each(?1))';

interface BatchContext extends HitContext {
  /** The batch's registered messages, as the refusal check reads them, with their subjects. */
  messages: (RefusalRow & { subject: string })[];
  /** Hits of the batch stored already: delivered again by the queue, or replayed. */
  storedIds: ReadonlySet<string>;
}

/** Everything D1 knows about a batch's messages and senders, in one round trip. */
async function loadContext(db: D1Database, hits: readonly RawHit[]): Promise<BatchContext> {
  const messageIds = JSON.stringify([...new Set(hits.map((hit) => hit.messageId))]);
  const accountIds = JSON.stringify([...new Set(hits.map((hit) => hit.accountId))]);
  const times = hits.map((hit) => Date.parse(hit.at));
  const from = new Date(Math.min(...times) - BEACON_AFTER_MS).toISOString();
  const to = new Date(Math.max(...times) + BEACON_BEFORE_MS).toISOString();
  const [messages, ips, beacons, clicks, stored] = await db.batch([
    db.prepare(`SELECT ${REFUSAL_COLUMNS}, m.sent_at, m.subject FROM ${MESSAGES_WITH_SENDERS} WHERE m.id ${IN_BATCH}`).bind(messageIds),
    db
      .prepare(`SELECT account_id, ip FROM sender_ips WHERE account_id ${IN_BATCH} AND last_seen_at > ?2`)
      .bind(accountIds, new Date(Date.now() - SENDER_IP_KEEP_MS).toISOString()),
    db.prepare(`SELECT id, message_id, at, consumed_by FROM viewing_beacons WHERE message_id ${IN_BATCH} AND at BETWEEN ?2 AND ?3`).bind(messageIds, from, to),
    db
      .prepare(`SELECT message_id, link_index, at FROM hits WHERE kind = 'click' AND message_id ${IN_BATCH} AND at BETWEEN ?2 AND ?3`)
      // Only a click has neighbours to look at (a scanner follows every link at once).
      .bind(JSON.stringify([...new Set(hits.filter((hit) => hit.kind === 'click').map((hit) => hit.messageId))]), new Date(Math.min(...times) - 2_000).toISOString(), new Date(Math.max(...times) + 2_000).toISOString()),
    db.prepare(`SELECT id FROM hits WHERE id ${IN_BATCH}`).bind(JSON.stringify(hits.map((hit) => hit.id))),
  ]);
  const senderIps = new Map<string, string[]>();
  for (const row of (ips?.results ?? []) as { account_id: string; ip: string }[]) {
    const known = senderIps.get(row.account_id);
    if (known) known.push(row.ip);
    else senderIps.set(row.account_id, [row.ip]);
  }
  const registered = (messages?.results ?? []) as (RefusalRow & { sent_at: string; subject: string })[];
  return {
    messages: registered,
    storedIds: new Set(((stored?.results ?? []) as { id: string }[]).map((row) => row.id)),
    sentAt: new Map(registered.map((row) => [row.id, Date.parse(row.sent_at)])),
    senderIps,
    beacons: ((beacons?.results ?? []) as { id: string; message_id: string; at: string; consumed_by: string | null }[]).map((row) => ({
      id: row.id, messageId: row.message_id, at: Date.parse(row.at), consumedBy: row.consumed_by,
    })),
    // Every stored click, one delivered again included: it is not classified again (only hits
    // not stored yet are), but it is a neighbour of the new ones.
    storedClicks: ((clicks?.results ?? []) as { message_id: string; link_index: number | null; at: string }[]).map((row) => ({ messageId: row.message_id, linkIndex: row.link_index, at: Date.parse(row.at) })),
  };
}

/** An event as the events route and the stream show it, with the sender it belongs to. */
export interface SenderEvent {
  accountId: string;
  event: TrackingEvent;
}

/** The hits' columns, in the order `INSERT_HITS_SQL` reads them from each JSON row. */
const HIT_COLUMNS = ['id', 'message_id', 'account_id', 'kind', 'link_index', 'url', 'at', 'method', 'user_agent', 'ip', 'asn', 'hit_class', 'reason'] as const;
/**
 * Every hit of a batch in one statement: one JSON array of rows (`?1`), not a statement per hit.
 * Not OR IGNORE: the hits stored already are left out before, and one stored meanwhile (the same
 * hit in two deliveries at once) fails the batch, to be retried, rather than be counted twice.
 */
const INSERT_HITS_SQL = `INSERT INTO hits (${HIT_COLUMNS.join(', ')})
  SELECT ${HIT_COLUMNS.map((_, i) => `value ->> ${i}`).join(', ')} FROM json_each(?1)`;

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

  record(hits: RawHit[]): Promise<void> {
    return this.recordAsEvents(hits).then(() => undefined);
  }

  /**
   * Records the hits not stored yet (those of messages whose recipient refused tracking are
   * dropped) and returns them as `GET /api/events` shows them (the same columns of the hit and
   * of its message: the insert is all or nothing, so what was written is what is stored).
   * Three D1 round trips a batch whatever its size: the context, the recipients' preferences,
   * the write. Idempotent by hit id: a hit delivered again is left as it was stored, with its counts.
   */
  async recordAsEvents(received: RawHit[]): Promise<SenderEvent[]> {
    if (received.length === 0) return [];
    const context = await loadContext(this.db, received);
    const refused = await messagesRefusingTracking(this.db, context.messages);
    // A recipient who chose "Stop tracking me" is not recorded at all, not even as a raw hit.
    const hits = received.filter((hit) => !refused.has(hit.messageId) && !context.storedIds.has(hit.id));
    if (hits.length === 0) return [];
    const classified = classifyBatch(hits, context);
    const rows = classified.map(({ hit, verdict }) =>
      // The verdict was reached on the raw IP (proxy and relay ranges, the sender's own IPs);
      // at rest only its network is kept (README: what is collected). The raw IP lived in the queue message only.
      [hit.id, hit.messageId, hit.accountId, hit.kind, hit.linkIndex, hit.url, hit.at, hit.method, hit.userAgent, truncateIp(hit.ip), hit.asn, verdict.class, verdict.reason],
    );
    const consume = this.db.prepare('UPDATE viewing_beacons SET consumed_by = ? WHERE id = ? AND consumed_by IS NULL');
    await this.db.batch([
      this.db.prepare(INSERT_HITS_SQL).bind(JSON.stringify(rows)),
      ...classified.flatMap(({ hit, beaconId }) => (beaconId ? [consume.bind(hit.id, beaconId)] : [])),
      ...rollUpNewHits(this.db, hits),
    ]);
    const messages = new Map(context.messages.map((message) => [message.id, message]));
    return classified.map(({ hit, verdict }) => {
      const message = messages.get(hit.messageId);
      const row: HitEventRow = {
        id: hit.id, message_id: hit.messageId, kind: hit.kind, hit_class: verdict.class, reason: verdict.reason, at: hit.at,
        link_index: hit.linkIndex, url: hit.url, subject: message?.subject ?? null, recipients: message?.recipients ?? null,
      };
      return { accountId: hit.accountId, event: hitEvent(row) };
    });
  }
}
