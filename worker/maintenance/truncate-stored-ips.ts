import { truncateIp } from '../../shared/tracking/truncate-ip.ts';

const CHUNK = 500;
// With the retention prune's up to 41 queries, a cron run stays within the free plan's 50 per
// invocation. 2,000 hits per quarter hour clears a month of backlog within days; the prune
// empties whatever is older than the retention period meanwhile.
const MAX_CHUNKS_PER_RUN = 4;

/**
 * Hits stored before the consumer kept only networks still hold whole IPs; each cron run
 * truncates some (truncateIp runs in JavaScript: SQLite cannot cut an IPv6 address to /48).
 * The verdicts of these hits were reached on the whole address when they arrived and stay.
 */
export async function truncateStoredIps(db: D1Database): Promise<number> {
  let truncated = 0;
  for (let chunk = 0; chunk < MAX_CHUNKS_PER_RUN; chunk++) {
    const rows = await db
      .prepare(`SELECT id, ip FROM hits INDEXED BY hits_with_whole_ip WHERE ip IS NOT NULL AND instr(ip, '/') = 0 LIMIT ${CHUNK}`)
      .all<{ id: string; ip: string }>();
    if (rows.results.length === 0) break;
    // One statement per chunk, the pairs as JSON: a D1 invocation has a budget of queries (50 on
    // the free plan) and a statement at most 100 bound values.
    const pairs = rows.results.map((row) => [row.id, truncateIp(row.ip)]);
    await db
      .prepare(`UPDATE hits SET ip = json_extract(p.value, '$[1]') FROM json_each(?1) AS p WHERE hits.id = json_extract(p.value, '$[0]')`)
      .bind(JSON.stringify(pairs))
      .run();
    truncated += rows.results.length;
    if (rows.results.length < CHUNK) break;
  }
  return truncated;
}
