import { describe, expect, it } from 'vitest';
import { mintMessageId } from './message-id.ts';
import { isTrackableDestination, parseTrackedLinkPath, trackedLinkUrl, verifyTrackedLink } from './tracked-link.ts';

const key = { id: 'kAbC12', secret: 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I' };
const messageId = mintMessageId(key);

function pathOf(url: string): string {
  return url.slice(url.indexOf('/c/') + 3);
}

describe('isTrackableDestination', () => {
  it.each<[string, boolean]>([
    ['https://example.org/a', true],
    ['http://example.org/?q=é€', true],
    ['mailto:ana@example.org', false],
    ['javascript:alert(1)', false],
    ['https://example.org/a\tb', false],
    ['https://example.org/a\nb', false],
    ['https://example.org/\u0000', false],
    ['https://example.org/\u007f', false],
    ['https://example.org/\u0085', false],
  ])('%j → %s', (url, trackable) => {
    expect(isTrackableDestination(url)).toBe(trackable);
  });
});

describe('tracked links', () => {
  it.each([
    'https://example.org/',
    'http://example.org/a?b=c&d=e#frag',
    'https://例え.jp/パス?q=検索',
    'https://example.org/' + 'x'.repeat(4000),
  ])('round-trip and verify %s', (destination) => {
    const url = trackedLinkUrl('https://t.example/', key, messageId, 3, destination);
    expect(url.startsWith(`https://t.example/c/${messageId}/3/`)).toBe(true);
    const link = parseTrackedLinkPath(pathOf(url));
    expect(link).toEqual(expect.objectContaining({ messageId, linkIndex: 3, destination }));
    expect(verifyTrackedLink(link!, key)).toBe(true);
  });

  it('does not verify when the destination, index or message is swapped', () => {
    const good = parseTrackedLinkPath(pathOf(trackedLinkUrl('https://t.example', key, messageId, 0, 'https://example.org/')))!;
    expect(verifyTrackedLink({ ...good, destination: 'https://evil.example/' }, key)).toBe(false);
    expect(verifyTrackedLink({ ...good, linkIndex: 1 }, key)).toBe(false);
    expect(verifyTrackedLink({ ...good, messageId: mintMessageId(key) }, key)).toBe(false);
  });

  it.each([
    ['too few parts', 'a/b/c'],
    ['a bad index', `${messageId}/01/${'A'.repeat(22)}/aHR0cHM6Ly9leGFtcGxlLm9yZy8`],
    ['a short signature', `${messageId}/0/AAAA/aHR0cHM6Ly9leGFtcGxlLm9yZy8`],
    ['a javascript: destination', `${messageId}/0/${'A'.repeat(22)}/amF2YXNjcmlwdDphbGVydCgxKQ`],
    ['a destination that is not base64url', `${messageId}/0/${'A'.repeat(22)}/%%%`],
    ['a destination that is not UTF-8', `${messageId}/0/${'A'.repeat(22)}/_w`],
  ])('refuses %s', (_case, path) => {
    expect(parseTrackedLinkPath(path)).toBeNull();
  });
});
