import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { HitClass } from './classify.ts';
import { englishWords, verdictWords } from './event-words.ts';
import { messageVerdict, type MessageVerdict, type TalliedHit } from './verdict.ts';

const t0 = Date.parse('2026-11-24T10:00:00.000Z');
const at = (seconds: number) => new Date(t0 + seconds * 1000).toISOString();
const open = (seconds: number, hitClass: HitClass = 'human'): TalliedHit => ({ kind: 'open', hitClass, at: at(seconds), linkIndex: null });
const click = (seconds: number, linkIndex: number | null = 0, hitClass: HitClass = 'human'): TalliedHit => ({ kind: 'click', hitClass, at: at(seconds), linkIndex });

type Expected = Pick<MessageVerdict, 'opens' | 'reliableOpens' | 'machineOpens' | 'clicks' | 'status' | 'statusBy'> & { words: string };

/**
 * Edge cases of the verdict. The table of the sequences a sender meets, driven through every
 * view as well, is extension/verdict-views.test.tsx.
 */
const SEQUENCES: [string, TalliedHit[], number, Expected][] = [
  ['nothing', [], 1, { opens: 0, reliableOpens: 0, machineOpens: 0, clicks: 0, status: 'not_opened', statusBy: null, words: 'Not opened' }],
  ['the sender\'s own view and click only', [open(0, 'self'), click(5, 0, 'self')], 1,
    { opens: 0, reliableOpens: 0, machineOpens: 0, clicks: 0, status: 'not_opened', statusBy: null, words: 'Not opened' }],
  ['a person\'s repeats and double click fold too', [open(0), open(100), open(400), click(410), click(420)], 1,
    { opens: 2, reliableOpens: 2, machineOpens: 0, clicks: 1, status: 'opened', statusBy: 'human', words: 'Opened' }],
  ['a person and a proxy a minute apart are two opens (folding is per class)', [open(0), open(60, 'google_proxy')], 1,
    { opens: 2, reliableOpens: 1, machineOpens: 0, clicks: 0, status: 'opened', statusBy: 'human', words: 'Opened' }],
  ['several recipients behind two proxies: named by the most common, Gmail', [open(60, 'yahoo_proxy'), open(90, 'google_proxy')], 3,
    { opens: 2, reliableOpens: 0, machineOpens: 0, clicks: 0, status: 'opened_unreliable', statusBy: 'google_proxy', words: 'Opened by one of 3 recipients (unreliable: Gmail proxy)' }],
  ['Apple and a scanner: Apple tells more (delivered)', [open(1, 'security_scanner'), open(300, 'apple_mpp')], 2,
    { opens: 0, reliableOpens: 0, machineOpens: 2, clicks: 0, status: 'machine_only', statusBy: 'apple_mpp', words: 'Delivered to Apple Mail (open unknown)' }],
  ['a click with the pixel blocked', [click(60)], 1, { opens: 1, reliableOpens: 1, machineOpens: 0, clicks: 1, status: 'opened', statusBy: 'human', words: 'Opened' }],
  ['clicks on two links, and a scanner\'s click that counts nowhere', [click(60, 0), click(61, 1), click(62, 2, 'security_scanner')], 1,
    { opens: 1, reliableOpens: 1, machineOpens: 0, clicks: 2, status: 'opened', statusBy: 'human', words: 'Opened' }],
];

describe('messageVerdict', () => {
  it.each(SEQUENCES)('%s', (_case, hits, recipients, { words, ...expected }) => {
    const verdict = messageVerdict(hits);
    expect(verdict).toEqual(expect.objectContaining(expected));
    expect(englishWords(verdictWords(verdict, recipients))).toBe(words);
  });

  it('does not care in which order the hits arrive', () => {
    const hit = fc.record({
      kind: fc.constantFrom('open' as const, 'click' as const),
      hitClass: fc.constantFrom<HitClass>('human', 'self', 'google_proxy', 'yahoo_proxy', 'apple_mpp', 'security_scanner', 'unknown'),
      at: fc.integer({ min: 0, max: 900 }).map(at),
      linkIndex: fc.constantFrom(0, 1, null),
    });
    fc.assert(
      fc.property(fc.array(hit, { maxLength: 20 }), (hits) => {
        expect(messageVerdict([...hits].reverse())).toEqual(messageVerdict(hits));
        const verdict = messageVerdict(hits);
        // Every reliable open is an open; a click is a person, so the message reads opened.
        expect(verdict.opens).toBeGreaterThanOrEqual(verdict.reliableOpens);
        if (verdict.clicks > 0) expect(verdict.status).toBe('opened');
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the newest activity that is not the sender\'s own, machine clicks included', () => {
    expect(messageVerdict([open(0), click(50, 0, 'security_scanner'), open(500, 'self')]).lastActivityAt).toBe(at(50));
  });
});
