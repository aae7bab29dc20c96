import type { TrackingEvent } from '../../shared/schemas/events.ts';

export interface MessageGroup {
  messageId: string;
  subject: string | null;
  to: string[];
  events: TrackingEvent[];
}

/** Groups events by message, keeping the newest-first order of both messages and events. */
export function groupByMessage(events: readonly TrackingEvent[]): MessageGroup[] {
  const groups = new Map<string, MessageGroup>();
  for (const event of events) {
    let group = groups.get(event.messageId);
    if (!group) {
      group = { messageId: event.messageId, subject: event.subject, to: event.to, events: [] };
      groups.set(event.messageId, group);
    }
    group.events.push(event);
  }
  return [...groups.values()];
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
