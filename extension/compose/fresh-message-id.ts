import { smartLinkActionOfSlug } from '../../shared/consent/smart-link-url.ts';
import { parseTrackedLinkPath } from '../../shared/tracking/tracked-link.ts';
import { UNDO_WINDOW_MS } from '../../shared/tracking/undo-window.ts';
import { trimSlash } from '../../shared/tracking/urls.ts';
import type { QuoteMarks } from '../mail-clients/adapter.ts';
import { isQuoted, pixelIdsIn } from './pixel.ts';

/**
 * Room for the registration's trip to the Worker: a send this close to the end of the Worker's
 * window would reach it too late and be refused.
 */
const DELIVERY_MARGIN_MS = 5_000;

/**
 * Whether a send may reuse the id an earlier send of the same compose went out under (Undo, then
 * send again): only while the Worker still accepts a change to that message. Later the recipients
 * of the first send hold its links, and this send needs an id of its own.
 */
export function mayReuseMessageId(earlierSendAt: number, now: number): boolean {
  return now < earlierSendAt + UNDO_WINDOW_MS - DELIVERY_MARGIN_MS;
}

/**
 * Takes this message's marks out of the body, so that the send step puts them back under a new id:
 * its pixel goes, its tracked links point at their destinations again, its Smart Links become the
 * generic ones. Marks of other messages (a quoted earlier message) stay as they are.
 */
export function releaseMessageId(body: HTMLElement, workerUrl: string, messageId: string, marks: QuoteMarks): void {
  for (const { img, id } of pixelIdsIn(body, workerUrl)) if (id === messageId && !isQuoted(img, body, marks)) img.remove();
  const base = trimSlash(workerUrl);
  for (const anchor of body.querySelectorAll('a[href]')) {
    const href = (anchor.getAttribute('href') ?? '').trim();
    if (href.startsWith(`${base}/c/`)) {
      const tracked = parseTrackedLinkPath(href.slice(base.length + 3));
      if (tracked?.messageId === messageId) anchor.setAttribute('href', tracked.destination);
    } else if (href.startsWith(`${base}/s/`)) {
      const [slug, id] = href.slice(base.length + 3).split('/');
      if (slug && smartLinkActionOfSlug(slug) && id === messageId) anchor.setAttribute('href', `${base}/s/${slug}`);
    }
  }
}
