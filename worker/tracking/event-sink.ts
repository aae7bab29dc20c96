import { classifyHit } from '../../shared/tracking/classify.ts';
import type { RawHit } from './raw-hit.ts';

/**
 * The seam between the routes that see hits and the storage that keeps them. Routes hand over
 * raw hits; the sink classifies them with the message's context and writes them. Writes are
 * idempotent by hit id, so any at-least-once delivery in front of a sink is safe.
 */
export interface EventSink {
  record(hits: RawHit[]): Promise<void>;
}

export class D1EventSink implements EventSink {
  constructor(private readonly db: D1Database) {}

  async record(hits: RawHit[]): Promise<void> {
    if (hits.length === 0) return;
    const messageIds = [...new Set(hits.map((hit) => hit.messageId))];
    const sentAt = new Map<string, number>();
    const rows = await this.db
      .prepare(`SELECT id, sent_at FROM messages WHERE id IN (${messageIds.map(() => '?').join(',')})`)
      .bind(...messageIds)
      .all<{ id: string; sent_at: string }>();
    for (const row of rows.results) sentAt.set(row.id, Date.parse(row.sent_at));

    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO hits (id, message_id, account_id, kind, link_index, url, at, method, user_agent, ip, asn, hit_class, reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    await this.db.batch(
      hits.map((hit) => {
        const sent = sentAt.get(hit.messageId);
        const verdict = classifyHit({
          kind: hit.kind,
          method: hit.method,
          userAgent: hit.userAgent,
          ip: hit.ip,
          asn: hit.asn,
          secondsAfterSend: sent === undefined ? null : (Date.parse(hit.at) - sent) / 1000,
          senderViewing: false,
          senderIps: [],
        });
        return insert.bind(
          hit.id, hit.messageId, hit.accountId, hit.kind, hit.linkIndex, hit.url, hit.at,
          hit.method, hit.userAgent, hit.ip, hit.asn, verdict.class, verdict.reason,
        );
      }),
    );
  }
}
