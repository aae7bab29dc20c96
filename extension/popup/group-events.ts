import type { TrackingEvent } from '../../shared/schemas/events.ts';
import { messageVerdict, type MessageVerdict } from '../../shared/tracking/verdict.ts';

export interface MessageGroup {
  messageId: string;
  subject: string | null;
  to: string[];
  /** To, Cc and Bcc: one body went to all of them. */
  recipientCount: number;
  events: TrackingEvent[];
  /** The message's verdict from these events, as every other view computes it. */
  verdict: MessageVerdict;
}

/** The hits among a message's events, as the shared verdict reads them (consent changes are no hits). */
export function verdictOfEvents(events: readonly TrackingEvent[]): MessageVerdict {
  return messageVerdict(events.flatMap((event) => (event.kind === 'consent' ? [] : [{ kind: event.kind, hitClass: event.class, at: event.at, linkIndex: event.linkIndex }])));
}

/** Groups events by message, keeping the newest-first order of both messages and events. */
export function groupByMessage(events: readonly TrackingEvent[]): MessageGroup[] {
  const groups = new Map<string, Omit<MessageGroup, 'verdict'>>();
  for (const event of events) {
    let group = groups.get(event.messageId);
    if (!group) {
      group = { messageId: event.messageId, subject: event.subject, to: event.to, recipientCount: event.recipientCount ?? event.to.length, events: [] };
      groups.set(event.messageId, group);
    }
    group.events.push(event);
  }
  return [...groups.values()].map((group) => ({ ...group, verdict: verdictOfEvents(group.events) }));
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

// Building a formatter costs more than formatting: one per language, not one per event.
const formats = new Map<string, Intl.RelativeTimeFormat>();

export function timeAgo(iso: string, now = Date.now(), locale = 'en'): string {
  const elapsed = now - Date.parse(iso);
  let format = formats.get(locale);
  if (!format) formats.set(locale, (format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })));
  for (const [unit, ms] of UNITS) {
    if (elapsed >= ms) return format.format(-Math.floor(elapsed / ms), unit);
  }
  return format.format(0, 'minute');
}
