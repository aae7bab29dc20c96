import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { tallyHits, tallyMessage, type TalliedHit } from './tally.ts';

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

describe('tallyMessage', () => {
  it.each<[string, TalliedHit[], { opens: number; machineOpens: number; clicks: number; lastActivityAt: string | null }]>([
    ['nothing', [], { opens: 0, machineOpens: 0, clicks: 0, lastActivityAt: null }],
    ['a proxy open is a machine open, not an open', [open(0, 'google_proxy'), open(30, 'google_proxy')], { opens: 0, machineOpens: 1, clicks: 0, lastActivityAt: at(30) }],
    ['a person and a scanner', [open(0, 'security_scanner'), open(60)], { opens: 1, machineOpens: 1, clicks: 0, lastActivityAt: at(60) }],
    ['the sender\'s own view counts nowhere, not even as activity', [open(0), open(500, 'self')], { opens: 1, machineOpens: 0, clicks: 0, lastActivityAt: at(0) }],
    ['a click implies an open', [click(10)], { opens: 1, machineOpens: 0, clicks: 1, lastActivityAt: at(10) }],
    ['scanner clicks are activity but no click', [click(1, 0, 'security_scanner')], { opens: 0, machineOpens: 0, clicks: 0, lastActivityAt: at(1) }],
  ])('%s', (_case, hits, expected) => {
    expect(tallyMessage(hits)).toEqual(expected);
  });

  it('counts opens and clicks exactly as tallyHits counts the reliable hits', () => {
    const classes = ['human', 'self', 'google_proxy', 'apple_mpp', 'security_scanner', 'bot'] as const;
    const hit = fc.record({
      kind: fc.constantFrom('open' as const, 'click' as const),
      hitClass: fc.constantFrom(...classes),
      at: fc.integer({ min: 0, max: 900 }).map(at),
      linkIndex: fc.constantFrom(0, 1, null),
    });
    fc.assert(
      fc.property(fc.array(hit, { maxLength: 30 }), (hits) => {
        const reference = tallyHits(hits.filter((h) => h.hitClass === 'human'));
        const message = tallyMessage(hits);
        expect([message.opens, message.clicks]).toEqual([reference.opens, reference.clicks]);
      }),
      { numRuns: 300 },
    );
  });
});
