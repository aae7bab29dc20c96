import type { HitClass } from './classify.ts';

/**
 * What one hit says about whether the message was read, the rule every view and the Worker's
 * rollup share (shared/tracking/verdict.ts folds them into a message's verdict):
 * - `reliable_open`: a person's own mail client or browser loaded the pixel.
 * - `unreliable_open`: a mailbox provider's image proxy (Gmail, Yahoo, Fastmail...) loaded it. A
 *   person is most likely behind it, but the fetch cannot be told apart from a machine's (Gmail
 *   also fetches at delivery), so it counts as an open, flagged unreliable.
 * - `machine_fetch`: Apple Mail Privacy Protection, a prefetch, a security scanner, a bot, or a
 *   client we do not recognise (`unknown`: an empty or unrecognised user agent is no evidence of
 *   a person, so it is never an open; it shows with the machines).
 * - `click`: a person followed a link; it implies an open.
 * - `machine_click`: a machine followed a link; never a click, but still activity.
 * - `own_view`: the sender's own view or click; it counts nowhere.
 */
export type HitRole = 'reliable_open' | 'unreliable_open' | 'machine_fetch' | 'click' | 'machine_click' | 'own_view';

/** The provider proxies, most common first (the order a mixed message is named by). */
export const PROXY_CLASSES = ['google_proxy', 'yahoo_proxy', 'other_proxy'] as const satisfies readonly HitClass[];
/** The machines, the most telling first: Apple's prefetch at least says the mail was delivered. */
export const MACHINE_CLASSES = ['apple_mpp', 'security_scanner', 'prefetch', 'bot', 'unknown'] as const satisfies readonly HitClass[];
export type ProxyClass = (typeof PROXY_CLASSES)[number];
export type MachineClass = (typeof MACHINE_CLASSES)[number];

/** Proxies re-fetch an image several times per view (Google caches per URL, not per view). */
export const OPEN_REPEAT_WINDOW_MS = 3 * 60_000;
/** A double click or a browser retry on the same link is one click. */
export const CLICK_REPEAT_WINDOW_MS = 60_000;

export function isProxyClass(hitClass: HitClass): hitClass is ProxyClass {
  return (PROXY_CLASSES as readonly HitClass[]).includes(hitClass);
}

export function hitRole(kind: 'open' | 'click', hitClass: HitClass): HitRole {
  if (hitClass === 'self') return 'own_view';
  if (kind === 'click') return hitClass === 'human' ? 'click' : 'machine_click';
  if (hitClass === 'human') return 'reliable_open';
  return isProxyClass(hitClass) ? 'unreliable_open' : 'machine_fetch';
}

/** An open that counts (a person's own client's, or a provider proxy's), by `hitRole`. */
export function countsAsOpen(hitClass: HitClass): boolean {
  const role = hitRole('open', hitClass);
  return role === 'reliable_open' || role === 'unreliable_open';
}

/** A click that counts: a person's, by `hitRole`. */
export function countsAsClick(hitClass: HitClass): boolean {
  return hitRole('click', hitClass) === 'click';
}

/** Reliable = we believe a person did it: a direct hit by their own client. */
export function isReliable(hitClass: HitClass): boolean {
  return hitClass === 'human';
}
