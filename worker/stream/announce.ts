import type { TrackingEvent } from '../../shared/schemas/events.ts';
import type { Bindings } from '../env.ts';
import { CONSENT_EVENT_COLUMNS, consentEvent, LEDGER_WITH_MESSAGES, type ConsentEventRow } from '../routes/api/event-rows.ts';
import type { D1EventSink, EventSink, SenderEvent, SenderView } from '../tracking/event-sink.ts';
import type { RawHit } from '../tracking/raw-hit.ts';

/** D1 binds at most 100 parameters per statement. */
const IDS_PER_QUERY = 100;

/**
 * Tells each sender's stream object about its new events, as `GET /api/events` shows them
 * (consent changes read back from D1, hits made from the rows just written, through the same
 * functions): what a stream carries is exactly what a later poll returns, id included. Best
 * effort: the events are stored already, and an extension whose push was lost catches up by
 * polling, so a failure here is logged, never thrown into the write path.
 */
async function announce(env: Bindings, events: SenderEvent[]): Promise<void> {
  const bySender = new Map<string, TrackingEvent[]>();
  for (const { accountId, event } of events) {
    const list = bySender.get(accountId);
    if (list) list.push(event);
    else bySender.set(accountId, [event]);
  }
  const pushed = await Promise.allSettled(
    [...bySender].map(async ([accountId, list]) => {
      const stream = env.SENDER_STREAMS.get(env.SENDER_STREAMS.idFromName(accountId));
      // Most of the time nobody listens: then the events do not travel to the object at all. A
      // stream that opens after this look polls once open, and finds them (they are stored already).
      if ((await stream.listeners()) > 0) await stream.publish(list.sort((a, b) => a.at.localeCompare(b.at)));
    }),
  );
  for (const result of pushed) if (result.status === 'rejected') console.error('stream: events not pushed', result.reason);
}

/**
 * Reads events back by id, a page of ids per query, and announces each page as it is read (an
 * import of thousands of opt-outs is many small pushes, not one huge one).
 */
async function announceById<Row extends { account_id: string }>(env: Bindings, ids: readonly string[], select: (placeholders: string) => string, toEvent: (row: Row) => TrackingEvent): Promise<void> {
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    const page = ids.slice(i, i + IDS_PER_QUERY);
    const rows = await env.DB.prepare(select(page.map(() => '?').join(',')))
      .bind(...page)
      .all<Row>();
    await announce(env, rows.results.map((row) => ({ accountId: row.account_id, event: toEvent(row) })));
  }
}

/**
 * Announces consent changes by ledger row id, each to the sender whose events list it (the row's
 * account: the sender whose link it came through, or who made it by hand or by import). A
 * signature link's change belongs to no sender, so it is nobody's news; rows not stored are not found.
 */
export async function announceConsentChanges(env: Bindings, ledgerIds: readonly string[]): Promise<void> {
  await announceById<ConsentEventRow & { account_id: string }>(
    env,
    ledgerIds,
    (ids) => `SELECT l.account_id, ${CONSENT_EVENT_COLUMNS} FROM ${LEDGER_WITH_MESSAGES} WHERE l.id IN (${ids}) AND l.account_id IS NOT NULL`,
    consentEvent,
  ).catch((err: unknown) => console.error('stream: consent changes not announced', err));
}

/**
 * A sink that, once D1 has stored hits, announces them to their senders' streams as
 * `GET /api/events` shows them (so a push and a later poll agree). Best effort, as above.
 */
export class AnnouncingEventSink implements EventSink {
  constructor(
    private readonly stored: D1EventSink,
    private readonly env: Bindings,
  ) {}

  async record(hits: RawHit[]): Promise<void> {
    const events = await this.stored.recordAsEvents(hits);
    await announce(this.env, events).catch((err: unknown) => console.error('stream: hits not announced', err));
  }

  senderViewing(view: SenderView): Promise<void> {
    return this.stored.senderViewing(view);
  }
}
