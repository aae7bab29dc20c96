import { describe, expect, it } from 'vitest';
import { tallyHits, type TalliedHit } from './tally.ts';

const t0 = Date.parse('2026-11-24T10:00:00.000Z');
const at = (seconds: number) => new Date(t0 + seconds * 1000).toISOString();
const open = (seconds: number, hitClass: TalliedHit['hitClass'] = 'human'): TalliedHit => ({ kind: 'open', hitClass, at: at(seconds), linkIndex: null });
const click = (seconds: number, linkIndex = 0, hitClass: TalliedHit['hitClass'] = 'human'): TalliedHit => ({ kind: 'click', hitClass, at: at(seconds), linkIndex });

describe('tallyHits', () => {
  it.each<[string, TalliedHit[], { opens: number; clicks: number; reliablyOpened: boolean }]>([
    ['nothing', [], { opens: 0, clicks: 0, reliablyOpened: false }],
    ['one human open', [open(0)], { opens: 1, clicks: 0, reliablyOpened: true }],
    ['proxy repeats within 3 minutes count once', [open(0, 'google_proxy'), open(30, 'google_proxy'), open(170, 'google_proxy')], { opens: 1, clicks: 0, reliablyOpened: false }],
    ['opens 3 minutes apart count twice', [open(0), open(180)], { opens: 2, clicks: 0, reliablyOpened: true }],
    ['machines never open a message', [open(0, 'apple_mpp'), open(1, 'prefetch'), open(2, 'security_scanner'), open(3, 'bot'), open(4, 'self')], { opens: 0, clicks: 0, reliablyOpened: false }],
    ['a click implies an open', [click(10)], { opens: 1, clicks: 1, reliablyOpened: true }],
    ['a double click is one click', [click(10), click(11)], { opens: 1, clicks: 1, reliablyOpened: true }],
    ['clicks on two links count twice', [click(10, 0), click(11, 1)], { opens: 1, clicks: 2, reliablyOpened: true }],
    ['scanner clicks do not count', [click(1, 0, 'security_scanner'), click(1, 1, 'security_scanner')], { opens: 0, clicks: 0, reliablyOpened: false }],
    ['order of arrival does not matter', [open(180), open(0)], { opens: 2, clicks: 0, reliablyOpened: true }],
  ])('%s', (_case, hits, expected) => {
    expect(tallyHits(hits)).toEqual({ hits: hits.length, ...expected });
  });
});
