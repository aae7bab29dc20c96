import type { LinkKey } from '../crypto/mac.ts';
import { smartLinkActionOfSlug, smartLinkUrl } from '../consent/smart-link-url.ts';
import { isTrackableDestination, parseTrackedLinkPath, trackedLinkUrl } from './tracked-link.ts';
import { trimSlash } from './urls.ts';

export interface RewriteContext {
  workerUrl: string;
  key: LinkKey;
  messageId: string;
  /** Rewrite links for click tracking (off for "opens only" and untracked messages). */
  trackClicks: boolean;
}

export interface RegisteredLink {
  index: number;
  url: string;
}

/** The little of the DOM the rewriter touches, so that this file needs no DOM types. */
export interface LinkElement {
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
}
export interface LinkContainer {
  querySelectorAll(selectors: 'a[href]'): ArrayLike<LinkElement>;
}

/**
 * Tracked URLs already signed, by everything that goes into one: signing is most of the send
 * step's time (an HMAC per link), so the extension signs the body's links while the sender
 * pauses (`presignLinks`) and Send finds them here. Bounded; a miss is only slower. Kept per
 * message (under one key and Worker), each by link index with the destination it was signed for.
 */
type SignedUrls = Map<number, { href: string; url: string }>;
const signed = new Map<string, SignedUrls>();
const MAX_SIGNED = 5000;
let signedCount = 0;

/**
 * The signed URLs of one message under one key and Worker, then looked up by index (no key
 * string per link: on a send before the pause, every link is a miss and pays for its key).
 */
function signedFor(base: string, context: RewriteContext): SignedUrls {
  const scope = `${context.key.id}\n${context.key.secret}\n${base}\n${context.messageId}`;
  let urls = signed.get(scope);
  if (!urls) {
    urls = new Map();
    signed.set(scope, urls);
  }
  return urls;
}

function signedTrackedUrl(base: string, urls: SignedUrls, context: RewriteContext, index: number, href: string): string {
  const known = urls.get(index);
  if (known?.href === href) return known.url;
  const url = trackedLinkUrl(base, context.key, context.messageId, index, href);
  if (signedCount >= MAX_SIGNED) {
    signed.clear();
    signedCount = 0;
  }
  urls.set(index, { href, url });
  signedCount++;
  return url;
}

interface Rewrite {
  writes: { anchor: LinkElement; href: string }[];
  links: RegisteredLink[];
}

/** What `rewriteLinks` would write, signing what it has not signed before; writes nothing. */
function planRewrite(body: LinkContainer, context: RewriteContext): Rewrite {
  const base = trimSlash(context.workerUrl);
  const trackedPrefix = `${base}/c/`;
  const smartPrefix = `${base}/s/`;
  const anchors = Array.from(body.querySelectorAll('a[href]'));
  const links: RegisteredLink[] = [];
  const writes: Rewrite['writes'] = [];
  const fresh: { anchor: LinkElement; href: string }[] = [];
  let nextIndex = 0;

  for (const anchor of anchors) {
    const href = (anchor.getAttribute('href') ?? '').trim();
    if (href.startsWith(trackedPrefix)) {
      const tracked = parseTrackedLinkPath(href.slice(trackedPrefix.length));
      if (tracked && tracked.messageId === context.messageId) {
        links.push({ index: tracked.linkIndex, url: tracked.destination });
        nextIndex = Math.max(nextIndex, tracked.linkIndex + 1);
      }
      continue;
    }
    if (href.startsWith(smartPrefix)) {
      // Generic signature links carry no message id yet: make them this message's.
      const slug = href.slice(smartPrefix.length).replace(/\/+$/, '');
      const action = smartLinkActionOfSlug(slug);
      if (action) writes.push({ anchor, href: smartLinkUrl(base, context.key, action, context.messageId) });
      continue;
    }
    if (context.trackClicks && isTrackableDestination(href)) fresh.push({ anchor, href });
  }
  const urls: SignedUrls = fresh.length > 0 ? signedFor(base, context) : new Map();
  for (const { anchor, href } of fresh) {
    const index = nextIndex++;
    writes.push({ anchor, href: signedTrackedUrl(base, urls, context, index, href) });
    links.push({ index, url: href });
  }
  return { writes, links: links.sort((a, b) => a.index - b.index) };
}

/**
 * At send: every http(s) link of the body becomes a tracked link, once; a generic signature
 * Smart Link (`<worker>/s/<slug>`) becomes this message's. Safe to run again (a cancelled send,
 * Undo, a re-opened draft): links already ours keep their index and are never wrapped twice.
 * Only `href` changes; the text a person sees is untouched. Returns every tracked destination.
 */
export function rewriteLinks(body: LinkContainer, context: RewriteContext): RegisteredLink[] {
  const { writes, links } = planRewrite(body, context);
  for (const { anchor, href } of writes) anchor.setAttribute('href', href);
  return links;
}

/**
 * Before send, while the sender pauses: signs the links `rewriteLinks` would write for this
 * body as it is now, so that Send, in the webmail's own event, mostly looks them up.
 */
export function presignLinks(body: LinkContainer, context: RewriteContext): void {
  planRewrite(body, context);
}
