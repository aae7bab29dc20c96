import { MESSAGE_ID_PATTERN } from '../../shared/tracking/message-id.ts';
import { pixelUrl, trimSlash } from '../../shared/tracking/urls.ts';

/** Elements that hold quoted history: Gmail's quote (replies, forwards), Outlook's reply header. */
const QUOTE_CONTAINERS = ['.gmail_quote', '#divRplyFwdMsg'];
/** Outlook's marker: the history follows it as siblings. */
const QUOTE_MARKER = '#appendonsend';
/** Where the quoted history starts (Gmail replies and forwards, Outlook replies), first found first. */
export const QUOTED_HISTORY = [QUOTE_CONTAINERS[0]!, QUOTE_MARKER, QUOTE_CONTAINERS[1]!];

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

/**
 * Whether a node of the body is quoted history: inside Gmail's quote or Outlook's reply header,
 * or after Outlook's `#appendonsend` marker, whose history follows it as siblings.
 */
export function isQuoted(node: Node, body: HTMLElement): boolean {
  const element = node instanceof Element ? node : node.parentElement;
  if (element?.closest(QUOTE_CONTAINERS.join(', ')) && body.contains(element)) return true;
  const marker = body.querySelector(QUOTE_MARKER);
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
export function findPixelId(body: HTMLElement, workerUrl: string): string | null {
  return pixelIdsIn(body, workerUrl).find(({ img }) => !isQuoted(img, body))?.id ?? null;
}

/**
 * Adds the open pixel unless one is there. It goes before the quoted history: Gmail clips
 * messages over 102 KB, and a pixel at the very end of a long thread would never load.
 * Built with DOM APIs only (Gmail enforces Trusted Types).
 */
export function ensurePixel(body: HTMLElement, workerUrl: string, messageId: string): void {
  if (findPixelId(body, workerUrl)) return;
  const img = body.ownerDocument.createElement('img');
  img.setAttribute('src', pixelUrl(workerUrl, messageId));
  img.setAttribute('alt', '');
  img.setAttribute('width', '1');
  img.setAttribute('height', '1');
  img.setAttribute('style', 'width:1px;height:1px;border:0;display:block');
  const quote = QUOTED_HISTORY.map((selector) => body.querySelector(selector)).find((el) => el !== null);
  if (quote?.parentNode) quote.parentNode.insertBefore(img, quote);
  else body.append(img);
}
