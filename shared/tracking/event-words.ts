import type { TrackingEvent } from '../schemas/events.ts';
import type { HitClass } from './classify.ts';

/** Classes that are a machine's doing, folded away in the popup by default. */
const MACHINE_CLASSES: ReadonlySet<HitClass> = new Set(['apple_mpp', 'prefetch', 'security_scanner', 'bot', 'self', 'unknown']);

export function isMachineEvent(event: Pick<TrackingEvent, 'kind' | 'class'>): boolean {
  return event.kind !== 'consent' && MACHINE_CLASSES.has(event.class);
}

type MachineClickClass = 'security_scanner' | 'prefetch' | 'bot' | 'self' | 'unknown';

/**
 * The id of an event's words, also its key in the extension's locale files (`events.<id>`),
 * so the English below and every translation stay one list.
 */
export type EventWordId = `open.${HitClass}` | `click.${MachineClickClass}` | 'click.link' | 'click.unknownLink';

/** The contract's English words (docs/contract.md: "Opened (unreliable: Gmail proxy)"); `$1` is the link. */
export const ENGLISH_EVENT_WORDS: Readonly<Record<EventWordId, string>> = {
  'open.human': 'Opened',
  'open.google_proxy': 'Opened (unreliable: Gmail proxy)',
  'open.yahoo_proxy': 'Opened (unreliable: Yahoo proxy)',
  'open.other_proxy': 'Opened (unreliable: mail provider proxy)',
  'open.apple_mpp': 'Delivered to Apple Mail (open unknown)',
  'open.prefetch': 'Prefetched by the mail app (not an open)',
  'open.security_scanner': 'Scanned by security filter',
  'open.bot': 'Fetched by a bot (not an open)',
  'open.self': 'Your own view (not counted)',
  'open.unknown': 'Unverified open',
  'click.security_scanner': 'Link scanned by security filter',
  'click.prefetch': 'Link previewed by the mail app (not a click)',
  'click.bot': 'Link fetched by a bot (not a click)',
  'click.self': 'Your own click (not counted)',
  'click.unknown': 'Unverified click',
  'click.link': 'Clicked $1',
  'click.unknownLink': 'Clicked a link',
};

const MACHINE_CLICKS: ReadonlySet<HitClass> = new Set<MachineClickClass>(['security_scanner', 'prefetch', 'bot', 'self', 'unknown']);

/** Which words an open or click takes, and the link to fill in; null for consent events (their reason is the words). */
export function eventWords(event: Pick<TrackingEvent, 'kind' | 'class' | 'url'>): { id: EventWordId; link: string | null } | null {
  if (event.kind === 'consent') return null;
  if (event.kind === 'open') return { id: `open.${event.class}`, link: null };
  if (MACHINE_CLICKS.has(event.class)) return { id: `click.${event.class as MachineClickClass}`, link: null };
  return event.url ? { id: 'click.link', link: event.url } : { id: 'click.unknownLink', link: null };
}

/** Fills a `$1` placeholder the way browser.i18n does (`$$` is a literal dollar). */
export function fillPlaceholders(template: string, values: readonly string[]): string {
  return template.replace(/\$(\$|[1-9])/g, (_, what: string) => (what === '$' ? '$' : (values[Number(what) - 1] ?? '')));
}

/** The event in English words, e.g. "Opened (unreliable: Gmail proxy)"; the extension's UI translates by `eventWords`. */
export function describeEvent(event: Pick<TrackingEvent, 'kind' | 'class' | 'url' | 'reason'>): string {
  const words = eventWords(event);
  if (!words) return event.reason;
  return fillPlaceholders(ENGLISH_EVENT_WORDS[words.id], words.link ? [words.link] : []);
}
