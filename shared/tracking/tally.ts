import type { HitClass } from './classify.ts';

/**
 * How hits become opens and clicks. A person behind a provider proxy may have opened the
 * message, so proxy opens count but are flagged unreliable; machines (prefetch, scanners,
 * bots, Apple MPP) and the sender's own views never count.
 */
const OPEN_CLASSES: ReadonlySet<HitClass> = new Set(['human', 'google_proxy', 'yahoo_proxy', 'other_proxy']);
const CLICK_CLASSES: ReadonlySet<HitClass> = new Set(['human']);

/** Proxies re-fetch an image several times per view (Google caches per URL, not per view). */
export const OPEN_REPEAT_WINDOW_MS = 3 * 60_000;
/** A double click or a browser retry on the same link is one click. */
export const CLICK_REPEAT_WINDOW_MS = 60_000;

export function countsAsOpen(hitClass: HitClass): boolean {
  return OPEN_CLASSES.has(hitClass);
}

export function countsAsClick(hitClass: HitClass): boolean {
  return CLICK_CLASSES.has(hitClass);
}

/** Reliable = we believe a person did it: only direct hits by a real client. */
export function isReliable(hitClass: HitClass): boolean {
  return hitClass === 'human';
}

export interface TalliedHit {
  kind: 'open' | 'click';
  hitClass: HitClass;
  at: string;
  linkIndex: number | null;
}

export interface Tally {
  hits: number;
  opens: number;
  clicks: number;
  /** A reliable open or any counted click: a person surely saw the message. */
  reliablyOpened: boolean;
}

export function tallyHits(hits: readonly TalliedHit[]): Tally {
  const ordered = [...hits].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  let opens = 0;
  let clicks = 0;
  let reliablyOpened = false;
  let lastOpen = Number.NEGATIVE_INFINITY;
  const lastClickByLink = new Map<number | null, number>();
  for (const hit of ordered) {
    const at = Date.parse(hit.at);
    if (hit.kind === 'open' && countsAsOpen(hit.hitClass)) {
      if (at - lastOpen >= OPEN_REPEAT_WINDOW_MS) opens++;
      lastOpen = at;
      if (isReliable(hit.hitClass)) reliablyOpened = true;
    } else if (hit.kind === 'click' && countsAsClick(hit.hitClass)) {
      const last = lastClickByLink.get(hit.linkIndex) ?? Number.NEGATIVE_INFINITY;
      if (at - last >= CLICK_REPEAT_WINDOW_MS) clicks++;
      lastClickByLink.set(hit.linkIndex, at);
      reliablyOpened = true;
    }
  }
  // A click implies an open, also when the pixel was blocked.
  if (clicks > 0 && opens === 0) opens = 1;
  return { hits: hits.length, opens, clicks, reliablyOpened };
}

/** What the sender's message list shows for one message (GET /api/messages). */
export interface MessageTally {
  /** Opens we believe a person made, folded as `tallyHits` folds them; a click implies one. */
  opens: number;
  /** Opens by a proxy, scanner, prefetcher or bot: the message reached a machine, maybe a person. */
  machineOpens: number;
  /** Clicks by a person, as `tallyHits` counts them. */
  clicks: number;
  /** The newest hit that is not the sender's own. */
  lastActivityAt: string | null;
}

/** How many of these times start a new visit: the first, and each one at least `windowMs` after the previous. */
function foldRepeats(times: number[], windowMs: number): number {
  const ordered = [...times].sort((a, b) => a - b);
  return ordered.filter((at, i) => i === 0 || at - ordered[i - 1]! >= windowMs).length;
}

/**
 * The message list's figures. Same folding as `tallyHits`, but only reliable hits count as
 * opens and clicks (the Sent-folder check mark means "a person opened it"); machine opens are
 * counted apart, so the list can say "only machines opened this". The sender's own views count
 * nowhere. worker/tracking/message-stats.ts computes the same in SQL.
 */
export function tallyMessage(hits: readonly TalliedHit[]): MessageTally {
  const others = hits.filter((hit) => hit.hitClass !== 'self');
  const times = (list: readonly TalliedHit[]) => list.map((hit) => Date.parse(hit.at));
  const reliableOpens = others.filter((hit) => hit.kind === 'open' && isReliable(hit.hitClass));
  const machineOpens = others.filter((hit) => hit.kind === 'open' && !isReliable(hit.hitClass));
  const clicksByLink = new Map<number | null, TalliedHit[]>();
  for (const hit of others) {
    if (hit.kind === 'click' && countsAsClick(hit.hitClass)) clicksByLink.set(hit.linkIndex, [...(clicksByLink.get(hit.linkIndex) ?? []), hit]);
  }
  const clicks = [...clicksByLink.values()].reduce((sum, list) => sum + foldRepeats(times(list), CLICK_REPEAT_WINDOW_MS), 0);
  const opens = foldRepeats(times(reliableOpens), OPEN_REPEAT_WINDOW_MS);
  const newest = others.reduce<TalliedHit | null>((latest, hit) => (latest === null || Date.parse(hit.at) > Date.parse(latest.at) ? hit : latest), null);
  return {
    opens: clicks > 0 && opens === 0 ? 1 : opens,
    machineOpens: foldRepeats(times(machineOpens), OPEN_REPEAT_WINDOW_MS),
    clicks,
    lastActivityAt: newest?.at ?? null,
  };
}
