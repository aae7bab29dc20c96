import { expireConsentRequests } from '../consent/consent-requests.ts';
import { pruneAuthFailures } from '../auth/auth-failures.ts';
import { SENDER_IP_KEEP_MS, VIEWING_BEACON_KEEP_MS } from './retention.ts';

/**
 * The IP networks (hits keep only /24 or /48 once classified) and user agents of hits are kept
 * only as long as the sender's account says (default 30 days); the verdict and reason stay.
 * Pruned in chunks so one run never holds D1 for long.
 */
const CHUNK = 500;
const MAX_CHUNKS_PER_RUN = 40;

export async function pruneRawSignals(db: D1Database, now = new Date()): Promise<number> {
  let pruned = 0;
  for (let chunk = 0; chunk < MAX_CHUNKS_PER_RUN; chunk++) {
    const result = await db
      .prepare(
        `UPDATE hits SET ip = NULL, user_agent = NULL WHERE id IN (
           SELECT h.id FROM hits h JOIN accounts a ON a.id = h.account_id
            WHERE (h.ip IS NOT NULL OR h.user_agent IS NOT NULL)
              AND h.at < strftime('%Y-%m-%dT%H:%M:%fZ', ?1, '-' || a.retention_days || ' days')
            LIMIT ${CHUNK})`,
      )
      .bind(now.toISOString())
      .run();
    pruned += result.meta.changes;
    if (result.meta.changes < CHUNK) break;
  }
  await db.batch([
    db.prepare('DELETE FROM viewing_beacons WHERE at < ?').bind(new Date(now.getTime() - VIEWING_BEACON_KEEP_MS).toISOString()),
    db.prepare('DELETE FROM sender_ips WHERE last_seen_at < ?').bind(new Date(now.getTime() - SENDER_IP_KEEP_MS).toISOString()),
    ...(await expireConsentRequests(db, now)),
    pruneAuthFailures(db, now.getTime()),
  ]);
  return pruned;
}
