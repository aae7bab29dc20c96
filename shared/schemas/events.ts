import * as v from 'valibot';
import type { StateChange } from '../consent/actions.ts';
import type { ScopeKind } from '../consent/state.ts';
import type { HitClass } from '../tracking/classify.ts';
import { isoDateTime } from './common.ts';

export const eventsQuerySchema = v.object({
  since: v.optional(isoDateTime),
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^[0-9]{1,4}$/, 'limit is a whole number from 1 to 500.'),
      v.transform(Number),
      v.minValue(1, 'limit is a whole number from 1 to 500.'),
      v.maxValue(500, 'limit is a whole number from 1 to 500.'),
    ),
  ),
});

export type EventKind = 'open' | 'click' | 'consent';

/** What a consent event changed, for the extension to word in the sender's language. */
export interface ConsentEventDetail {
  /**
   * A Smart Link action (`unsubscribe`, `preferences`, …), `undo`, `optBackIn` (from the opt-out
   * confirmation email), `manual` (a sender's edit), `lawfulBasis`, or `requested`: a permissive
   * change waiting for the address's mailbox, which changed nothing yet ("Consent requested, not
   * confirmed"; `changes` are what was asked for), or `expired`: such a change whose link went
   * unused, so nothing came of it.
   */
  action: string;
  scope: ScopeKind;
  changes: StateChange[];
}

/** One entry of `GET /api/events` (docs/contract.md), with what the popup needs to show it. */
export interface TrackingEvent {
  id: string;
  messageId: string;
  kind: EventKind;
  class: HitClass;
  reason: string;
  reliable: boolean;
  at: string;
  linkIndex: number | null;
  url: string | null;
  subject: string | null;
  to: string[];
  /** How many recipients (To, Cc, Bcc) the message went to; absent from Workers older than this field. */
  recipientCount?: number;
  /**
   * Consent events only (null for hits): `reason` says the same in English. Absent from Workers
   * older than this field, whose consent events the extension then shows in their English words.
   */
  consent?: ConsentEventDetail | null;
}
