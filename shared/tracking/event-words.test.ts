import { describe, expect, it } from 'vitest';
import type { HitClass } from './classify.ts';
import { describeEvent, isMachineEvent } from './event-words.ts';

describe('describeEvent', () => {
  it.each<[HitClass, string]>([
    ['human', 'Opened'],
    ['google_proxy', 'Opened (unreliable: Gmail proxy)'],
    ['yahoo_proxy', 'Opened (unreliable: Yahoo proxy)'],
    ['apple_mpp', 'Delivered to Apple Mail (open unknown)'],
    ['security_scanner', 'Scanned by a security filter'],
    ['unknown', 'Fetched by an unrecognised client (not counted as an open)'],
  ])('an open by %s reads "%s"', (hitClass, words) => {
    expect(describeEvent({ kind: 'open', class: hitClass, url: null, reason: '' })).toBe(words);
  });

  it('names the link of a human click, and the scanner of a machine one', () => {
    expect(describeEvent({ kind: 'click', class: 'human', url: 'https://example.org/p', reason: '' })).toBe('Clicked https://example.org/p');
    expect(describeEvent({ kind: 'click', class: 'security_scanner', url: 'https://example.org/p', reason: '' })).toBe('Link scanned by a security filter');
  });

  it.each<[HitClass, string, string]>([
    ['human', 'smart-link:unsubscribe', 'Looked at the Unsubscribe page (nothing changed)'],
    ['security_scanner', 'smart-link:unsubscribe', 'Security scanner looked at the Unsubscribe page (nothing changed)'],
    ['human', 'smart-link:stop-tracking', 'Looked at the Stop tracking me page (nothing changed)'],
    ['bot', 'smart-link:grant-consent', 'A bot looked at the Grant consent page (nothing changed)'],
    ['self', 'smart-link:preferences', 'You looked at the Update preferences page (not counted)'],
    // A page this build does not know is a link like any other.
    ['human', 'smart-link:newsletter', 'Clicked smart-link:newsletter'],
  ])('a Smart Link page visit by %s to %s reads "%s", never "Clicked"', (hitClass, url, words) => {
    expect(describeEvent({ kind: 'click', class: hitClass, url, reason: '' })).toBe(words);
  });

  it.each<[HitClass, boolean]>([
    ['human', false], ['google_proxy', false], ['other_proxy', false],
    ['apple_mpp', true], ['prefetch', true], ['security_scanner', true], ['bot', true], ['self', true], ['unknown', true],
  ])('%s is a machine event: %s', (hitClass, machine) => {
    expect(isMachineEvent({ kind: 'open', class: hitClass })).toBe(machine);
  });
});
