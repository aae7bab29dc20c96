import { describe, expect, it } from 'vitest';
import type { HitClass } from './classify.ts';
import { countsAsClick, countsAsOpen, hitRole, type HitRole } from './tally.ts';

describe('hitRole', () => {
  it.each<[HitClass, HitRole, HitRole]>([
    ['human', 'reliable_open', 'click'],
    ['google_proxy', 'unreliable_open', 'machine_click'],
    ['yahoo_proxy', 'unreliable_open', 'machine_click'],
    ['other_proxy', 'unreliable_open', 'machine_click'],
    ['apple_mpp', 'machine_fetch', 'machine_click'],
    ['prefetch', 'machine_fetch', 'machine_click'],
    ['security_scanner', 'machine_fetch', 'machine_click'],
    ['bot', 'machine_fetch', 'machine_click'],
    // No evidence of a person is no open: shown with the machines.
    ['unknown', 'machine_fetch', 'machine_click'],
    ['self', 'own_view', 'own_view'],
  ])('%s: an open is a %s, a click a %s', (hitClass, open, click) => {
    expect([hitRole('open', hitClass), hitRole('click', hitClass)]).toEqual([open, click]);
    expect(countsAsOpen(hitClass)).toBe(open === 'reliable_open' || open === 'unreliable_open');
    expect(countsAsClick(hitClass)).toBe(click === 'click');
  });
});
