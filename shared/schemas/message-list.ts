import * as v from 'valibot';
import type { HitClass } from '../tracking/classify.ts';
import { MESSAGE_STATUSES, type MessageStatus } from '../tracking/verdict.ts';
import type { TrackingEvent } from './events.ts';
import { isoDateTime } from './common.ts';

export const MESSAGE_LIST_FILTERS = ['all', 'opened', 'not_opened', 'clicked', 'machine_only'] as const;
export type MessageListFilter = (typeof MESSAGE_LIST_FILTERS)[number];

/**
 * The statuses each filter lists (`clicked` lists messages with a click, whatever their status).
 * "Opened" means either kind of open; "not opened" neither, machine fetches included.
 */
export const FILTER_STATUSES: Readonly<Record<Exclude<MessageListFilter, 'clicked'>, readonly MessageStatus[]>> = {
  all: MESSAGE_STATUSES,
  opened: ['opened', 'opened_unreliable'],
  not_opened: ['machine_only', 'not_opened'],
  machine_only: ['machine_only'],
};

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

export interface MessageListEntry {
  id: string;
  subject: string;
  to: string[];
  cc: string[];
  bcc: string[];
  sentAt: string;
  tracked: boolean;
  massMail: boolean;
  /** Every counted open, provider-proxy ones included (shared/tracking/verdict.ts `messageVerdict`). */
  opens: number;
  /** Opens by a person's own client (a click stands for one). */
  reliableOpens: number;
  /** Fetches by Apple MPP, prefetchers, scanners, bots, unrecognised clients: never opens. */
  machineOpens: number;
  /** Clicks by a person. */
  clicks: number;
  /** The newest hit (not the sender's own) or consent change, if any. */
  lastActivityAt: string | null;
  status: MessageStatus;
  /** Whose hits decided the status (`human`, `google_proxy`, `apple_mpp`...), null when not opened. */
  statusBy: HitClass | null;
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
