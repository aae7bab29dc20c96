import ipaddr from 'ipaddr.js';

// Written at most every 10 minutes per sender and IP per isolate: every API call would be too many.
const REFRESH_MS = 10 * 60_000;
const lastWritten = new Map<string, number>();

/**
 * Remembers where the sender's extension calls from, so that their own direct opens and clicks
 * (a desktop mail client, a test click) are recognised as theirs (Cloze/Apollo do the same).
 *
 * Kept whole, unlike the IPs of hits (truncated to /24 or /48 once classified): this is the
 * account holder's own address, kept 30 days (prune-raw-signals.ts), and matching it needs the
 * exact address. Compared as a network, every recipient behind the sender's ISP block or office
 * gateway would be labelled "self" and vanish from the counts. Self-detection compares it with
 * the hit's raw IP in the queue consumer, before the hit's IP is truncated, so it never sees a
 * truncated one.
 */
export async function noteSenderIp(db: D1Database, accountId: string, ip: string | null, now = Date.now()): Promise<void> {
  if (!ip || !isPublicAddress(ip)) return;
  const key = `${accountId} ${ip}`;
  if (now - (lastWritten.get(key) ?? 0) < REFRESH_MS) return;
  lastWritten.set(key, now);
  if (lastWritten.size > 50_000) lastWritten.clear();
  await db
    .prepare(
      `INSERT INTO sender_ips (account_id, ip, last_seen_at) VALUES (?, ?, ?)
       ON CONFLICT (account_id, ip) DO UPDATE SET last_seen_at = excluded.last_seen_at`,
    )
    .bind(accountId, ip, new Date(now).toISOString())
    .run();
}

/**
 * Loopback, private and link-local addresses are shared by everyone behind them (and are all
 * that local development sees): they cannot tell the sender from a recipient.
 */
export function isPublicAddress(ip: string): boolean {
  if (!ipaddr.isValid(ip)) return false;
  const parsed = ipaddr.process(ip);
  return parsed.range() === 'unicast';
}
