import { classifyHit, type HitVerdict } from '../../shared/tracking/classify.ts';
import type { RawHit } from './raw-hit.ts';

/** What D1 knows that a single request does not: when the message was sent, who the sender is. */
export interface HitContext {
  /** Message id → send time (ms). Missing until the registration has arrived. */
  sentAt: ReadonlyMap<string, number>;
  /** Account id → the sender's recently seen IPs. */
  senderIps: ReadonlyMap<string, readonly string[]>;
  /** "Viewing now" beacons of these messages, with the hit that consumed each, if any. */
  beacons: readonly ViewingBeacon[];
  /** Clicks already stored for these messages near the batch's time span. */
  storedClicks: readonly { messageId: string; linkIndex: number | null; at: number }[];
}

export interface ViewingBeacon {
  id: string;
  messageId: string;
  at: number;
  consumedBy: string | null;
}

export interface ClassifiedHit {
  hit: RawHit;
  verdict: HitVerdict;
  /** The beacon this hit used up, to be marked consumed with the hit's write. */
  beaconId: string | null;
}

/** A proxy may fetch a moment before the beacon lands, or up to 10 s after (shlokjain2031 uses 10 s). */
export const BEACON_BEFORE_MS = 5_000;
export const BEACON_AFTER_MS = 10_000;
/** Scanners open every link of a message at once (autoemails.com: ≥ 3 unique links in < 2 s). */
const LINK_BURST_MS = 2_000;

/**
 * Classifies a batch of raw hits not stored yet (a hit delivered again is left as it was stored)
 * with their context. Pure: the caller loads the context and writes the result, so the same
 * decisions run in the queue consumer and in tests.
 */
export function classifyBatch(hits: readonly RawHit[], context: HitContext): ClassifiedHit[] {
  const ordered = [...hits].sort((a, b) => a.at.localeCompare(b.at));
  const beacons = context.beacons.map((beacon) => ({ ...beacon }));
  const clicks = [
    ...context.storedClicks,
    ...ordered.filter((hit) => hit.kind === 'click').map((hit) => ({ messageId: hit.messageId, linkIndex: hit.linkIndex, at: Date.parse(hit.at) })),
  ];
  return ordered.map((hit) => {
    const at = Date.parse(hit.at);
    const beacon = beacons.find(
      (b) => b.messageId === hit.messageId && b.consumedBy === null && at >= b.at - BEACON_BEFORE_MS && at <= b.at + BEACON_AFTER_MS,
    );
    if (beacon) beacon.consumedBy = hit.id;
    const sent = context.sentAt.get(hit.messageId);
    const otherLinks =
      hit.kind === 'click'
        ? new Set(
            clicks
              .filter((c) => c.messageId === hit.messageId && c.linkIndex !== hit.linkIndex && Math.abs(c.at - at) <= LINK_BURST_MS)
              .map((c) => c.linkIndex),
          ).size
        : undefined;
    const verdict = classifyHit({
      kind: hit.kind,
      method: hit.method,
      userAgent: hit.userAgent,
      ip: hit.ip,
      asn: hit.asn,
      secondsAfterSend: sent === undefined ? null : (at - sent) / 1000,
      senderViewing: beacon !== undefined,
      senderIps: [...(context.senderIps.get(hit.accountId) ?? [])],
      ...(otherLinks === undefined ? {} : { otherLinksHitWithin2s: otherLinks }),
    });
    return { hit, verdict, beaconId: beacon?.id ?? null };
  });
}
