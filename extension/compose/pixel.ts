import { MESSAGE_ID_PATTERN } from '../../shared/tracking/message-id.ts';
import { pixelUrl, trimSlash } from '../../shared/tracking/urls.ts';
import type { QuoteMarks } from '../mail-clients/adapter.ts';

/** Where the quoted history starts in the body (the client's marker first), or null without one. */
export function quoteStart(body: HTMLElement, marks: QuoteMarks): Element | null {
  const selectors = marks.marker ? [marks.marker, ...marks.containers] : marks.containers;
  for (const selector of selectors) {
    const found = body.querySelector(selector);
    if (found) return found;
  }
  return null;
}

/**
 * The message id of a pixel of ours, found by URL (webmail rewrites classes and ids): direct, or
 * behind Gmail's proxy with our URL after `#`.
 */
export function ownPixelId(src: string, workerUrl: string): string | null {
  const prefix = `${trimSlash(workerUrl)}/o/`;
  const at = src.indexOf(prefix);
  if (at < 0 || (at > 0 && src[at - 1] !== '#')) return null;
  const id = src.slice(at + prefix.length).split(/[?#/]/)[0] ?? '';
  return MESSAGE_ID_PATTERN.test(id) ? id : null;
}

/** Whether a node of the body is quoted history: inside a quote container, or after the client's marker. */
export function isQuoted(node: Node, body: HTMLElement, marks: QuoteMarks): boolean {
  const element = node instanceof Element ? node : node.parentElement;
  if (marks.containers.length > 0 && element?.closest(marks.containers.join(', ')) && body.contains(element)) return true;
  const marker = marks.marker ? body.querySelector(marks.marker) : null;
  return marker !== null && (marker.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
}

/** Every pixel of ours in the body with its id, quoted ones too (the browser loads them all). */
export function pixelIdsIn(body: HTMLElement, workerUrl: string): { img: HTMLImageElement; id: string }[] {
  return [...body.querySelectorAll('img')].flatMap((img) => {
    const id = ownPixelId(img.getAttribute('src') ?? '', workerUrl);
    return id ? [{ img, id }] : [];
  });
}

/**
 * The id of this message's own pixel, already in the body (a draft re-opened by Undo carries it);
 * never one in the quoted history, which is an earlier message's (a reply in a tracked thread).
 */
export function findPixelId(body: HTMLElement, workerUrl: string, marks: QuoteMarks): string | null {
  return pixelIdsIn(body, workerUrl).find(({ img }) => !isQuoted(img, body, marks))?.id ?? null;
}

/**
 * Adds the open pixel unless one is there. It goes before the quoted history: Gmail clips
 * messages over 102 KB, and a pixel at the very end of a long thread would never load.
 * Built with DOM APIs only (Gmail enforces Trusted Types).
 */
export function ensurePixel(body: HTMLElement, workerUrl: string, messageId: string, marks: QuoteMarks): void {
  if (findPixelId(body, workerUrl, marks)) return;
  const img = body.ownerDocument.createElement('img');
  img.setAttribute('src', pixelUrl(workerUrl, messageId));
  img.setAttribute('alt', '');
  img.setAttribute('width', '1');
  img.setAttribute('height', '1');
  img.setAttribute('style', 'width:1px;height:1px;border:0;display:block');
  const quote = quoteStart(body, marks);
  if (quote?.parentNode) quote.parentNode.insertBefore(img, quote);
  else body.append(img);
}
