import type { HitClass } from './classify.ts';
import { CLICK_REPEAT_WINDOW_MS, hitRole, MACHINE_CLASSES, OPEN_REPEAT_WINDOW_MS, PROXY_CLASSES, type HitRole } from './tally.ts';

/** Values of `status` in `GET /api/messages`, and what every view of a message shows. */
export const MESSAGE_STATUSES = ['opened', 'opened_unreliable', 'machine_only', 'not_opened'] as const;
/**
 * `opened`: a person opened it (a reliable open, or a click). `opened_unreliable`: only provider
 * proxies did (most likely a person, not provably). `machine_only`: only machines fetched it.
 * `not_opened`: nothing of anyone's but the sender's.
 */
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** One stored hit, as much of it as the verdict needs. */
export interface TalliedHit {
  kind: 'open' | 'click';
  hitClass: HitClass;
  at: string;
  linkIndex: number | null;
}

/** A message's figures; each count folds repeats within its window, per class (and per link for clicks). */
export interface VerdictCounts {
  /** Every counted open: reliable ones and provider-proxy ones. */
  opens: number;
  /** Opens by a person's own client; a click stands for one when the pixel of theirs was not seen. */
  reliableOpens: number;
  /** Fetches by machines (Apple MPP, prefetch, scanners, bots, unrecognised clients): never opens. */
  machineOpens: number;
  /** Links followed by a person. */
  clicks: number;
}

export interface MessageVerdict extends VerdictCounts {
  status: MessageStatus;
  /**
   * Whose hits decided the status: `human` for `opened`, the proxy for `opened_unreliable`, the
   * machine for `machine_only`, null for `not_opened`. Views name it ("Gmail proxy").
   */
  statusBy: HitClass | null;
  /** The newest hit that is not the sender's own. */
  lastActivityAt: string | null;
}

/**
 * The order in which a message's classes decide `statusBy`: a person first, then the proxies,
 * then the machines (each list most common or most telling first). The SQL rollup writes its
 * CASE from this same list.
 */
export const STATUS_BY_ORDER: readonly HitClass[] = ['human', ...PROXY_CLASSES, ...MACHINE_CLASSES];

export function messageStatus({ reliableOpens, opens, machineOpens, clicks }: VerdictCounts): MessageStatus {
  if (reliableOpens > 0 || clicks > 0) return 'opened';
  if (opens > 0) return 'opened_unreliable';
  return machineOpens > 0 ? 'machine_only' : 'not_opened';
}

/** How many of these times start a new visit: the first, and each one at least `windowMs` after the previous. */
function foldRepeats(times: readonly number[], windowMs: number): number {
  const ordered = [...times].sort((a, b) => a - b);
  return ordered.filter((at, i) => i === 0 || at - ordered[i - 1]! >= windowMs).length;
}

/**
 * The one verdict of a message from its hits, whatever their order. Repeats fold per class (a
 * Gmail proxy and a person's client are two visits even a minute apart) and, for clicks, per
 * link. worker/tracking/message-stats.ts computes the same in SQL; a property test holds it to this.
 */
export function messageVerdict(hits: readonly TalliedHit[]): MessageVerdict {
  const groups = new Map<string, { role: HitRole; hitClass: HitClass; times: number[] }>();
  let newest: string | null = null;
  for (const hit of hits) {
    const role = hitRole(hit.kind, hit.hitClass);
    if (role === 'own_view') continue;
    if (newest === null || Date.parse(hit.at) > Date.parse(newest)) newest = hit.at;
    if (role === 'machine_click') continue;
    const key = `${role}/${hit.hitClass}/${role === 'click' ? hit.linkIndex : ''}`;
    const group = groups.get(key) ?? { role, hitClass: hit.hitClass, times: [] };
    group.times.push(Date.parse(hit.at));
    groups.set(key, group);
  }
  const counted = { reliable_open: 0, unreliable_open: 0, machine_fetch: 0, click: 0 } as Record<HitRole, number>;
  const seen = new Set<HitClass>();
  for (const { role, hitClass, times } of groups.values()) {
    counted[role] += foldRepeats(times, role === 'click' ? CLICK_REPEAT_WINDOW_MS : OPEN_REPEAT_WINDOW_MS);
    seen.add(hitClass);
  }
  // A person who clicked opened the message, also when their client blocked the pixel.
  const reliableOpens = counted.click > 0 ? Math.max(counted.reliable_open, 1) : counted.reliable_open;
  const counts: VerdictCounts = {
    opens: Math.max(counted.unreliable_open + counted.reliable_open, reliableOpens),
    reliableOpens,
    machineOpens: counted.machine_fetch,
    clicks: counted.click,
  };
  return { ...counts, status: messageStatus(counts), statusBy: STATUS_BY_ORDER.find((c) => seen.has(c)) ?? null, lastActivityAt: newest };
}
