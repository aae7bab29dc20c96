import { describe, expect, it } from 'vitest';
import type { HitClass } from './classify.ts';
import { describeEvent, isMachineEvent } from './event-words.ts';

describe('describeEvent', () => {
  it.each<[HitClass, string]>([
    ['human', 'Opened'],
    ['google_proxy', 'Opened (unreliable: Gmail proxy)'],
    ['yahoo_proxy', 'Opened (unreliable: Yahoo proxy)'],
    ['apple_mpp', 'Delivered to Apple Mail (open unknown)'],
    ['security_scanner', 'Scanned by security filter'],
  ])('an open by %s reads "%s"', (hitClass, words) => {
    expect(describeEvent({ kind: 'open', class: hitClass, url: null, reason: '' })).toBe(words);
  });

  it('names the link of a human click, and the scanner of a machine one', () => {
    expect(describeEvent({ kind: 'click', class: 'human', url: 'https://example.org/p', reason: '' })).toBe('Clicked https://example.org/p');
    expect(describeEvent({ kind: 'click', class: 'security_scanner', url: 'https://example.org/p', reason: '' })).toBe('Link scanned by security filter');
  });

  it.each<[HitClass, boolean]>([
    ['human', false], ['google_proxy', false], ['other_proxy', false],
    ['apple_mpp', true], ['prefetch', true], ['security_scanner', true], ['bot', true], ['self', true], ['unknown', true],
  ])('%s is a machine event: %s', (hitClass, machine) => {
    expect(isMachineEvent({ kind: 'open', class: hitClass })).toBe(machine);
  });
});
