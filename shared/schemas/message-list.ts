import * as v from 'valibot';
import type { TrackingEvent } from './events.ts';
import { isoDateTime } from './common.ts';

export const MESSAGE_LIST_FILTERS = ['all', 'opened', 'not_opened', 'clicked', 'machine_only'] as const;
export type MessageListFilter = (typeof MESSAGE_LIST_FILTERS)[number];

const wholeNumber = (name: string, max: number) =>
  v.pipe(
    v.string(),
    v.regex(/^[0-9]{1,5}$/, `${name} is a whole number from 1 to ${max}.`),
    v.transform(Number),
    v.minValue(1, `${name} is a whole number from 1 to ${max}.`),
    v.maxValue(max, `${name} is a whole number from 1 to ${max}.`),
  );

/**
 * `GET /api/messages?filter=&days=&q=&limit=&before=` (the activity page, the Sent-folder marks).
 * `days`: with `not_opened`, sent at least that many days ago ("not opened after 3 days"); with
 * any other filter, sent within the last that many days.
 */
export const messageListQuerySchema = v.object({
  filter: v.optional(v.picklist(MESSAGE_LIST_FILTERS, `filter is one of ${MESSAGE_LIST_FILTERS.join(', ')}.`), 'all'),
  days: v.optional(wholeNumber('days', 3650)),
  q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(254, 'Search for at most 254 characters.'))),
  limit: v.optional(wholeNumber('limit', 200)),
  /** The `next` of the previous page: messages sent strictly before it. */
  before: v.optional(isoDateTime),
});

export type MessageListQuery = v.InferOutput<typeof messageListQuerySchema>;

/** "opened": a person did (a reliable open or a click); "machine_only": only machines opened it. */
export type MessageStatus = 'opened' | 'machine_only' | 'not_opened';

export interface MessageListEntry {
  id: string;
  subject: string;
  to: string[];
  cc: string[];
  bcc: string[];
  sentAt: string;
  tracked: boolean;
  massMail: boolean;
  /** Reliable opens (shared/tracking/tally.ts `tallyMessage`). */
  opens: number;
  /** Proxy, scanner, prefetch and bot opens: not reliable. */
  machineOpens: number;
  /** Clicks by a person. */
  clicks: number;
  /** The newest hit (not the sender's own) or consent change, if any. */
  lastActivityAt: string | null;
  status: MessageStatus;
}

export interface MessageList {
  messages: MessageListEntry[];
  /** Pass as `before` for the next page; null when this page is the last. */
  next: string | null;
}

/** `GET /api/messages/<id>/events`: every hit and consent change of one message, oldest first. */
export interface MessageEvents {
  events: TrackingEvent[];
}

export function messageStatus(opens: number, machineOpens: number): MessageStatus {
  if (opens > 0) return 'opened';
  return machineOpens > 0 ? 'machine_only' : 'not_opened';
}
