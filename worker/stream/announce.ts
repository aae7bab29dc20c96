import type { TrackingEvent } from '../../shared/schemas/events.ts';
import type { Bindings } from '../env.ts';
import {
  CONSENT_EVENT_COLUMNS, consentEvent, HIT_EVENT_COLUMNS, hitEvent, HITS_WITH_MESSAGES, LEDGER_WITH_MESSAGES, type ConsentEventRow, type HitEventRow,
} from '../routes/api/event-rows.ts';
import type { EventSink, SenderView } from '../tracking/event-sink.ts';
import type { RawHit } from '../tracking/raw-hit.ts';

/** D1 binds at most 100 parameters per statement. */
const IDS_PER_QUERY = 100;

/**
 * Tells each sender's stream object about its new events, read back from D1 as `GET /api/events`
 * reads them: what a stream carries is exactly what a later poll returns, id included. Best
 * effort: the events are stored already, and an extension whose push was lost catches up by
 * polling, so a failure here is logged, never thrown into the write path.
 */
async function announce(env: Bindings, events: { accountId: string; event: TrackingEvent }[]): Promise<void> {
  const bySender = new Map<string, TrackingEvent[]>();
  for (const { accountId, event } of events) bySender.set(accountId, [...(bySender.get(accountId) ?? []), event]);
  const pushed = await Promise.allSettled(
    [...bySender].map(([accountId, list]) =>
      env.SENDER_STREAMS.get(env.SENDER_STREAMS.idFromName(accountId)).publish(list.sort((a, b) => a.at.localeCompare(b.at))),
    ),
  );
  for (const result of pushed) if (result.status === 'rejected') console.error('stream: events not pushed', result.reason);
}

/** Announces stored hits by id (hits refused or not stored are simply not found). */
export async function announceHits(env: Bindings, hitIds: readonly string[]): Promise<void> {
  try {
    const found: { accountId: string; event: TrackingEvent }[] = [];
    for (let i = 0; i < hitIds.length; i += IDS_PER_QUERY) {
      const ids = hitIds.slice(i, i + IDS_PER_QUERY);
      const rows = await env.DB.prepare(
        `SELECT h.account_id, ${HIT_EVENT_COLUMNS} FROM ${HITS_WITH_MESSAGES} WHERE h.id IN (${ids.map(() => '?').join(',')})`,
      )
        .bind(...ids)
        .all<HitEventRow & { account_id: string }>();
      found.push(...rows.results.map((row) => ({ accountId: row.account_id, event: hitEvent(row) })));
    }
    await announce(env, found);
  } catch (err) {
    console.error('stream: hits not announced', err);
  }
}

/** Announces a consent change made through one of a sender's links (its ledger row). */
export async function announceConsentChange(env: Bindings, ledgerId: string | null): Promise<void> {
  if (!ledgerId) return;
  try {
    const row = await env.DB.prepare(`SELECT l.account_id, ${CONSENT_EVENT_COLUMNS} FROM ${LEDGER_WITH_MESSAGES} WHERE l.id = ?`)
      .bind(ledgerId)
      .first<ConsentEventRow & { account_id: string | null }>();
    if (row?.account_id) await announce(env, [{ accountId: row.account_id, event: consentEvent(row) }]);
  } catch (err) {
    console.error('stream: consent change not announced', err);
  }
}

/** A sink that, once another sink has stored hits, announces them to their senders' streams. */
export class AnnouncingEventSink implements EventSink {
  constructor(
    private readonly stored: EventSink,
    private readonly env: Bindings,
  ) {}

  async record(hits: RawHit[]): Promise<void> {
    await this.stored.record(hits);
    await announceHits(this.env, hits.map((hit) => hit.id));
  }

  senderViewing(view: SenderView): Promise<void> {
    return this.stored.senderViewing(view);
  }
}
