import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { mintMessageId } from './message-id.ts';
import { presignLinks, rewriteLinks, type RewriteContext } from './rewrite-links.ts';

// Counts the HMACs signed, to see which send signed its links ahead.
const signing = vi.hoisted(() => ({ count: 0 }));
vi.mock('../crypto/mac.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../crypto/mac.ts')>();
  return { ...original, mac: (secret: string, message: string) => (signing.count++, original.mac(secret, message)) };
});

const key = { id: 'kAbC12', secret: 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I' };
const WORKER = 'https://t.example';
const context = (messageId: string, trackClicks = true): RewriteContext => ({ workerUrl: WORKER, key, messageId, trackClicks });

function body(build: (doc: Document) => Node[]): HTMLElement {
  const div = document.createElement('div');
  div.append(...build(document));
  return div;
}

function anchor(doc: Document, href: string, text: string): HTMLAnchorElement {
  const a = doc.createElement('a');
  a.setAttribute('href', href);
  a.textContent = text;
  return a;
}

describe('rewriteLinks', () => {
  it('tracks http(s) links, leaves mailto, tel, anchors and text alone, and completes signature Smart Links', () => {
    const id = mintMessageId(key);
    const b = body((d) => [
      anchor(d, 'https://example.org/pricing', 'our pricing'),
      anchor(d, 'mailto:ana@example.org', 'mail me'),
      anchor(d, 'tel:+3212345', 'call'),
      anchor(d, '#top', 'top'),
      anchor(d, 'http://example.org/a?b=c', 'plain http'),
      anchor(d, `${WORKER}/s/unsubscribe`, 'Unsubscribe'),
    ]);
    const links = rewriteLinks(b, context(id));
    expect(links).toEqual([{ index: 0, url: 'https://example.org/pricing' }, { index: 1, url: 'http://example.org/a?b=c' }]);
    const hrefs = [...b.querySelectorAll('a')].map((a) => a.getAttribute('href')!);
    expect(hrefs[0]).toMatch(new RegExp(`^${WORKER}/c/${id}/0/`));
    expect(hrefs.slice(1, 4)).toEqual(['mailto:ana@example.org', 'tel:+3212345', '#top']);
    expect(hrefs[4]).toMatch(new RegExp(`^${WORKER}/c/${id}/1/`));
    expect(hrefs[5]).toMatch(new RegExp(`^${WORKER}/s/unsubscribe/${id}/[A-Za-z0-9_-]{22}$`));
    expect(b.textContent).toBe('our pricingmail mecalltopplain httpUnsubscribe');
  });

  it('tracks nothing when click tracking is off, but still completes Smart Links', () => {
    const b = body((d) => [anchor(d, 'https://example.org/', 'x'), anchor(d, `${WORKER}/s/stop-tracking`, 'Stop')]);
    expect(rewriteLinks(b, context(mintMessageId(key), false))).toEqual([]);
    expect(b.querySelector('a')!.getAttribute('href')).toBe('https://example.org/');
    expect(b.querySelectorAll('a')[1]!.getAttribute('href')).toContain('/s/stop-tracking/');
  });

  it('keeps indices after Undo and numbers links added later after them', () => {
    const id = mintMessageId(key);
    const b = body((d) => [anchor(d, 'https://one.example/', '1'), anchor(d, 'https://two.example/', '2')]);
    rewriteLinks(b, context(id));
    b.prepend(anchor(document, 'https://zero.example/', '0'));
    expect(rewriteLinks(b, context(id))).toEqual([
      { index: 0, url: 'https://one.example/' },
      { index: 1, url: 'https://two.example/' },
      { index: 2, url: 'https://zero.example/' },
    ]);
  });

  const href = fc.oneof(
    fc.webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true, withFragments: true }),
    fc.constantFrom('mailto:x@example.org', 'tel:123', '#section', 'javascript:void(0)', 'ftp://example.org/f', `${WORKER}/s/preferences`, ''),
  );
  const html = fc.array(fc.oneof(fc.record({ href, text: fc.string({ maxLength: 12 }) }), fc.string({ maxLength: 20 }), fc.constant('quote')), { maxLength: 25 });

  it('is idempotent and wraps every web link exactly once, on random bodies (property)', () => {
    fc.assert(
      fc.property(html, (parts) => {
        const id = mintMessageId(key);
        const b = body((d) =>
          parts.map((part) => {
            if (part === 'quote') {
              const q = d.createElement('div');
              q.className = 'gmail_quote';
              q.append(anchor(d, 'https://quoted.example/', 'quoted'));
              return q;
            }
            return typeof part === 'string' ? d.createTextNode(part) : anchor(d, part.href, part.text);
          }),
        );
        const text = b.textContent;
        // Our own Smart Links are web links too, but never click-tracked.
        const webLinks = [...b.querySelectorAll('a')].filter((a) => /^https?:\/\//i.test(a.getAttribute('href')!.trim()) && !a.getAttribute('href')!.startsWith(`${WORKER}/`)).length;
        const once = rewriteLinks(b, context(id));
        const afterOnce = b.innerHTML;
        const twice = rewriteLinks(b, context(id));
        expect(b.innerHTML).toBe(afterOnce);
        expect(twice).toEqual(once);
        expect(once).toHaveLength(webLinks);
        expect(new Set(once.map((l) => l.index)).size).toBe(once.length);
        expect(b.textContent).toBe(text);
        for (const a of b.querySelectorAll('a')) expect(a.getAttribute('href')!.split(`${WORKER}/c/`).length).toBeLessThanOrEqual(2);
      }),
      { numRuns: 300 },
    );
  });

  describe('signed ahead (presignLinks)', () => {
    const hrefsOf = (b: HTMLElement) => [...b.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    const links = fc.array(fc.oneof(fc.webUrl(), fc.constantFrom('mailto:a@example.org', '#x', `${WORKER}/s/unsubscribe`)), { maxLength: 12 });

    it('writes nothing, and the send then writes exactly what a cold send writes', () => {
      fc.assert(fc.property(links, fc.array(fc.webUrl(), { maxLength: 3 }), (first, typedLater) => {
        const id = mintMessageId(key);
        const build = (hrefs: string[]) => body((d) => hrefs.map((href, i) => anchor(d, href, `link ${i}`)));
        const warm = build(first);
        presignLinks(warm, context(id));
        expect(hrefsOf(warm)).toEqual(first);
        // The sender goes on typing after the pause: the new links are signed at send.
        for (const href of typedLater) warm.append(anchor(document, href, 'later'));
        const cold = build([...first, ...typedLater]);
        expect(rewriteLinks(warm, context(id))).toEqual(rewriteLinks(cold, context(id)));
        expect(hrefsOf(warm)).toEqual(hrefsOf(cold));
      }), { numRuns: 60 });
    });

    it('leaves the send only the links added after the pause to sign', () => {
      const id = mintMessageId(key);
      const b = body((d) => Array.from({ length: 20 }, (_, i) => anchor(d, `https://example.org/${i}`, `link ${i}`)));
      presignLinks(b, context(id));
      b.append(anchor(document, 'https://example.org/late', 'late'));
      signing.count = 0;
      rewriteLinks(b, context(id));
      expect(signing.count).toBe(1);
      // Another message's send signs its own.
      const other = body((d) => [anchor(d, 'https://example.org/0', 'link')]);
      const otherId = mintMessageId(key);
      signing.count = 0;
      rewriteLinks(other, context(otherId));
      expect(signing.count).toBe(1);
    });
  });
});
