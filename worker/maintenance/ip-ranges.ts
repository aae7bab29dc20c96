import { compactCidrs, parseAppleEgressCsv, setAppleRelayRanges } from '../../shared/tracking/ip-ranges.ts';

/** Apple publishes the Private Relay egress ranges that Mail Privacy Protection fetches from. */
export const APPLE_EGRESS_URL = 'https://mask-api.icloud.com/egress-ip-ranges.csv';
const APPLE_SET = 'apple-private-relay';
/** A real list has tens of thousands of rows; a short one is a broken download, not news. */
const MIN_PREFIXES = 1_000;

export async function refreshAppleRanges(db: D1Database, fetcher: typeof fetch = fetch): Promise<{ stored: boolean; prefixes: number }> {
  const res = await fetcher(APPLE_EGRESS_URL);
  if (!res.ok) throw new Error(`${APPLE_EGRESS_URL} answered ${res.status}`);
  const listed = parseAppleEgressCsv(await res.text());
  const prefixes = listed.length;
  if (prefixes < MIN_PREFIXES) return { stored: false, prefixes };
  const { ipv4, ipv6 } = compactCidrs(listed);
  await db
    .prepare(
      `INSERT INTO ip_range_sets (name, cidrs, prefix_count, source, fetched_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET cidrs = excluded.cidrs, prefix_count = excluded.prefix_count,
         source = excluded.source, fetched_at = excluded.fetched_at`,
    )
      .bind(APPLE_SET, [...ipv4, ...ipv6].join('\n'), ipv4.length + ipv6.length, APPLE_EGRESS_URL, new Date().toISOString())
    .run();
  loadedAt = null; // make the next classification pick the new list up
  return { stored: true, prefixes };
}

let loadedAt: number | null = null;
let loadedFetchedAt: string | null = null;
const RECHECK_MS = 3_600_000;

/**
 * Makes the classifier use the newest stored list (the bundled snapshot until a refresh has run).
 * Checked at most hourly per isolate.
 */
export async function useLatestIpRanges(db: D1Database, now = Date.now()): Promise<void> {
  if (loadedAt !== null && now - loadedAt < RECHECK_MS) return;
  loadedAt = now;
  const meta = await db.prepare('SELECT fetched_at FROM ip_range_sets WHERE name = ?').bind(APPLE_SET).first<{ fetched_at: string }>();
  if (!meta || meta.fetched_at === loadedFetchedAt) return;
  const row = await db.prepare('SELECT cidrs FROM ip_range_sets WHERE name = ?').bind(APPLE_SET).first<{ cidrs: string }>();
  if (row && setAppleRelayRanges(row.cidrs) > 0) loadedFetchedAt = meta.fetched_at;
}
