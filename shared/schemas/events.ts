import * as v from 'valibot';
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

/** One entry of `GET /api/events` (CONTRACT.md), with what the popup needs to show it. */
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
}
