import type { StateChange } from '../../../shared/consent/actions.ts';
import { describeConsentChange } from '../../../shared/consent/describe-change.ts';
import type { ScopeKind } from '../../../shared/consent/state.ts';
import type { LedgerStatus } from '../../../shared/consent/values.ts';
import type { TrackingEvent } from '../../../shared/schemas/events.ts';
import type { HitClass } from '../../../shared/tracking/classify.ts';
import { isReliable } from '../../../shared/tracking/tally.ts';

/**
 * What an event list selects of a hit (`h`) and its message (`m`), in `FROM ${HITS_WITH_MESSAGES}`.
 * LEFT JOIN: a hit may arrive before its message is registered. The stream builds the same
 * `HitEventRow` from the hits it has just written (worker/tracking/event-sink.ts), and both go
 * through `hitEvent`, so an event looks the same in both.
 */
export const HIT_EVENT_COLUMNS = 'h.id, h.message_id, h.kind, h.hit_class, h.reason, h.at, h.link_index, h.url, m.subject, m.recipients';
export const HITS_WITH_MESSAGES = 'hits h LEFT JOIN messages m ON m.id = h.message_id';
/** `GET /api/events`: the sender's hits newest first (?1 account, ?2 after, ?3 limit). */
export const HIT_EVENTS_SQL = `SELECT ${HIT_EVENT_COLUMNS} FROM ${HITS_WITH_MESSAGES}
  WHERE h.account_id = ?1 AND h.at > ?2
  ORDER BY h.at DESC LIMIT ?3`;
/** `GET /api/messages/<id>`: one message's hits (?1 message, ?2 account). */
export const MESSAGE_HITS_SQL = 'SELECT kind, hit_class, at, link_index FROM hits WHERE message_id = ?1 AND account_id = ?2';
/** The same for the consent ledger (`l`). */
export const CONSENT_EVENT_COLUMNS = 'l.id, l.message_id, l.action, l.status, l.scope_kind, l.changes, l.at, m.subject, m.recipients';
export const LEDGER_WITH_MESSAGES = 'consent_ledger l LEFT JOIN messages m ON m.id = l.message_id';

/** A hit as the event lists select it, with its message's subject and recipients (null before registration). */
export interface HitEventRow {
  id: string;
  message_id: string;
  kind: 'open' | 'click';
  hit_class: HitClass;
  reason: string;
  at: string;
  link_index: number | null;
  url: string | null;
  subject: string | null;
  recipients: string | null;
}

/** A consent ledger row made through one of the sender's Smart Links. */
export interface ConsentEventRow {
  id: string;
  message_id: string | null;
  action: string;
  /** 'pending': a permissive change waiting for the mailbox, which changed nothing yet; 'expired': its link went unused. */
  status: LedgerStatus;
  scope_kind: ScopeKind;
  changes: string;
  at: string;
  subject: string | null;
  recipients: string | null;
}

/** The To addresses, and how many got the message (To, Cc and Bcc: one body went to all). */
function addressees(recipients: string | null): { to: string[]; recipientCount: number } {
  if (!recipients) return { to: [], recipientCount: 0 };
  const { to, cc = [], bcc = [] } = JSON.parse(recipients) as { to: string[]; cc?: string[]; bcc?: string[] };
  return { to, recipientCount: to.length + cc.length + bcc.length };
}

export function hitEvent(row: HitEventRow): TrackingEvent {
  return {
    id: row.id,
    messageId: row.message_id,
    kind: row.kind,
    class: row.hit_class,
    reason: row.reason,
    reliable: isReliable(row.hit_class),
    at: row.at,
    linkIndex: row.link_index,
    url: row.url,
    subject: row.subject,
    ...addressees(row.recipients),
    consent: null,
  };
}

/**
 * A recipient's choice is a person acting, by definition: class human, reliable. A pending one is
 * worded as requested (its changes are what was asked for), so that nobody reads it as done; an
 * expired one as expired.
 */
export function consentEvent(row: ConsentEventRow): TrackingEvent {
  const changes = JSON.parse(row.changes) as StateChange[];
  const action = row.status === 'pending' ? 'requested' : row.status === 'expired' ? 'expired' : row.action;
  return {
    id: row.id,
    messageId: row.message_id ?? '',
    kind: 'consent',
    class: 'human',
    reason: describeConsentChange(action, row.scope_kind, changes),
    reliable: true,
    at: row.at,
    linkIndex: null,
    url: null,
    subject: row.subject,
    ...addressees(row.recipients),
    consent: { action, scope: row.scope_kind, changes },
  };
}
