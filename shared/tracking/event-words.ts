import type { TrackingEvent } from '../schemas/events.ts';
import type { HitClass } from './classify.ts';

/** Classes that are a machine's doing, folded away in the popup by default. */
const MACHINE_CLASSES: ReadonlySet<HitClass> = new Set(['apple_mpp', 'prefetch', 'security_scanner', 'bot', 'self', 'unknown']);

export function isMachineEvent(event: Pick<TrackingEvent, 'kind' | 'class'>): boolean {
  return event.kind !== 'consent' && MACHINE_CLASSES.has(event.class);
}

const OPEN_WORDS: Record<HitClass, string> = {
  human: 'Opened',
  google_proxy: 'Opened (unreliable: Gmail proxy)',
  yahoo_proxy: 'Opened (unreliable: Yahoo proxy)',
  other_proxy: 'Opened (unreliable: mail provider proxy)',
  apple_mpp: 'Delivered to Apple Mail (open unknown)',
  prefetch: 'Prefetched by the mail app (not an open)',
  security_scanner: 'Scanned by security filter',
  bot: 'Fetched by a bot (not an open)',
  self: 'Your own view (not counted)',
  unknown: 'Unverified open',
};

const CLICK_MACHINE_WORDS: Partial<Record<HitClass, string>> = {
  security_scanner: 'Link scanned by security filter',
  prefetch: 'Link previewed by the mail app (not a click)',
  bot: 'Link fetched by a bot (not a click)',
  self: 'Your own click (not counted)',
  unknown: 'Unverified click',
};

/** The event in the words the popup shows, e.g. "Opened (unreliable: Gmail proxy)". */
export function describeEvent(event: Pick<TrackingEvent, 'kind' | 'class' | 'url' | 'reason'>): string {
  if (event.kind === 'consent') return event.reason;
  if (event.kind === 'open') return OPEN_WORDS[event.class];
  return CLICK_MACHINE_WORDS[event.class] ?? `Clicked ${event.url ?? "a link"}`;
}
