import type { LinkKey } from '../../shared/crypto/mac.ts';
import { rewriteLinks, type RegisteredLink } from '../../shared/tracking/rewrite-links.ts';
import type { QuoteMarks } from '../mail-clients/adapter.ts';
import { ensurePixel } from './pixel.ts';

/** What the send step changes in a body, decided before (see track-on-send.ts). */
export interface BodyChange {
  workerUrl: string;
  key: LinkKey;
  messageId: string;
  pixel: boolean;
  trackClicks: boolean;
  /** Where the pixel must not go: the client's quoted history. */
  quoteMarks: QuoteMarks;
}

/**
 * The DOM work of Send, in the webmail's own send event: the pixel, tracked links, completed
 * Smart Links. Kept apart from the browser APIs so the bench can time exactly this in a page.
 */
export function changeBodyForSend(body: HTMLElement, change: BodyChange): RegisteredLink[] {
  if (change.pixel) ensurePixel(body, change.workerUrl, change.messageId, change.quoteMarks);
  return rewriteLinks(body, change);
}
