import type { Context } from 'hono';
import { truncateIp } from '../../shared/tracking/truncate-ip.ts';
import type { AppEnv } from '../env.ts';
import type { RequestOrigin } from './ledger.ts';

/**
 * How long after the sender's extension reported showing a message a change through that
 * message's link counts as coming from the sender's browser. Generous on purpose: a wrong "yes"
 * only sends a permissive change to the mailbox for confirmation.
 */
export const SENDER_BROWSER_WINDOW_MS = 10 * 60_000;

/**
 * Where a Smart Link request came from, with the self-detection signals the tracking core
 * already keeps: the IPs the sender's extension calls from (sender_ips, whole) and its "viewing
 * this message now" reports (viewing_beacons). Without a sender (a signature link), any sender
 * of the organisation counts. Only the network of the IP is returned, never the address.
 */
export async function requestOrigin(c: Context<AppEnv>, sender: { accountId: string; messageId: string } | null): Promise<RequestOrigin> {
  const ip = c.req.header('cf-connecting-ip') ?? null;
  const cf = c.req.raw.cf as { country?: string; asn?: number } | undefined;
  const db = c.env.DB;
  const sinceBrowser = new Date(Date.now() - SENDER_BROWSER_WINDOW_MS).toISOString();
  const [network, browser] = await db.batch<{ n: number }>([
    db.prepare('SELECT COUNT(*) AS n FROM sender_ips WHERE ip = ?1 AND (?2 IS NULL OR account_id = ?2)').bind(ip ?? '', sender?.accountId ?? null),
    db
      .prepare('SELECT COUNT(*) AS n FROM viewing_beacons WHERE account_id = ? AND message_id = ? AND at >= ?')
      .bind(sender?.accountId ?? '', sender?.messageId ?? '', sinceBrowser),
  ]);
  const fromNetwork = ip !== null && (network?.results[0]?.n ?? 0) > 0;
  const fromBrowser = (browser?.results[0]?.n ?? 0) > 0;
  return {
    network: truncateIp(ip),
    country: cf?.country ?? null,
    networkHint: `${cf?.country ?? '??'} AS${cf?.asn ?? '?'}`,
    senderSignal: fromNetwork ? 'sender_network' : fromBrowser ? 'sender_browser' : null,
  };
}
