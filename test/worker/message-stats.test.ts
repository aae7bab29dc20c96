import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HitClass } from '../../shared/tracking/classify.ts';
import { messageVerdict, type MessageVerdict, type TalliedHit } from '../../shared/tracking/verdict.ts';
import { refreshMessageStats, rollUpNewHits, STATUS_SQL } from '../../worker/tracking/message-stats.ts';

const CLASSES: HitClass[] = ['human', 'self', 'google_proxy', 'apple_mpp', 'yahoo_proxy', 'other_proxy', 'prefetch', 'security_scanner', 'bot', 'unknown'];
const t0 = Date.parse('2026-11-24T10:00:00.000Z');

// Times in whole milliseconds around the repeat windows (60 s, 180 s), where an off-by-one shows.
const hit = fc.record({
  kind: fc.constantFrom('open' as const, 'click' as const),
  hitClass: fc.oneof(fc.constant<HitClass>('human'), fc.constantFrom(...CLASSES)),
  at: fc
    .oneof({ arbitrary: fc.integer({ min: 0, max: 600_000 }), weight: 1 }, { arbitrary: fc.constantFrom(0, 59_999, 60_000, 120_000, 179_999, 180_000, 360_000), weight: 3 })
    .map((ms) => new Date(t0 + ms).toISOString()),
  linkIndex: fc.constantFrom(0, 1, 2),
});

/** Writes hits and brings the rollup up to date as the queue consumer does (`added`) or from all hits. */
async function storeHits(messageId: string, hits: readonly TalliedHit[], from: number, rollUp: 'added' | 'recomputed' = 'recomputed'): Promise<void> {
  if (hits.length === 0) return;
  const insert = env.DB.prepare(
    `INSERT INTO hits (id, message_id, account_id, kind, link_index, url, at, method, hit_class, reason) VALUES (?, ?, 'acc-stats', ?, ?, NULL, ?, 'GET', ?, 'test')`,
  );
  await env.DB.batch([
    ...hits.map((h, i) => insert.bind(`${messageId}-${from + i}`, messageId, h.kind, h.kind === 'click' ? h.linkIndex : null, h.at, h.hitClass)),
    ...(rollUp === 'added' ? rollUpNewHits(env.DB, hits.map((h, i) => ({ id: `${messageId}-${from + i}`, messageId, at: h.at }))) : [refreshMessageStats(env.DB, [messageId])]),
  ]);
}

/** The rollup row as the verdict, its status as the message list's filters compute it. */
async function storedStats(messageId: string): Promise<MessageVerdict> {
  const row = await env.DB.prepare(
    `SELECT m.id, s.opens, s.reliable_opens, s.machine_opens, s.clicks, s.status_by, s.last_activity_at, ${STATUS_SQL} AS status
       FROM (SELECT ?1 AS id) m LEFT JOIN message_stats s ON s.message_id = m.id`,
  )
    .bind(messageId)
    .first<{ opens: number | null; reliable_opens: number | null; machine_opens: number | null; clicks: number | null; status_by: MessageVerdict['statusBy']; last_activity_at: string | null; status: MessageVerdict['status'] }>();
  return {
    opens: row?.opens ?? 0,
    reliableOpens: row?.reliable_opens ?? 0,
    machineOpens: row?.machine_opens ?? 0,
    clicks: row?.clicks ?? 0,
    status: row!.status,
    statusBy: row?.status_by ?? null,
    lastActivityAt: row?.last_activity_at ?? null,
  };
}

/** The same hits, sorted by time and cut into batches of the drawn sizes: each batch later than the one before. */
function cutInOrder(batches: TalliedHit[][]): TalliedHit[][] {
  const sorted = batches.flat().sort((a, b) => a.at.localeCompare(b.at));
  let start = 0;
  return batches.map((batch) => sorted.slice(start, (start += batch.length)));
}

describe('the message_stats rollup', () => {
  it('agrees with messageVerdict for any hits, arriving in any order and in any number of batches', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(hit, { maxLength: 25 }), fc.nat(25), async (hits, split) => {
        const messageId = `stats-${run++}`;
        const normalized = hits.map((h) => ({ ...h, linkIndex: h.kind === 'click' ? h.linkIndex : null }));
        // A later batch may hold earlier hits (a retried delivery): the rollup must not care.
        await storeHits(messageId, normalized.slice(split), 0);
        await storeHits(messageId, normalized.slice(0, split), 1000);
        expect(await storedStats(messageId)).toEqual(messageVerdict(normalized));
      }),
      { numRuns: 80, seed: 20261201 },
    );
  }, 60_000);

  it('agrees with messageVerdict when each batch is added to the row, in time order or not', async () => {
    let run = 0;
    const batches = fc.array(fc.array(hit, { minLength: 1, maxLength: 8 }), { maxLength: 5 });
    await fc.assert(
      fc.asyncProperty(batches, fc.boolean(), async (drawn, inTimeOrder) => {
        const messageId = `added-${run++}`;
        const normalized = drawn.map((batch) => batch.map((h) => ({ ...h, linkIndex: h.kind === 'click' ? h.linkIndex : null })));
        // In time order, every batch after the first is added to the row; otherwise some are recomputed.
        const ordered = inTimeOrder ? cutInOrder(normalized) : normalized;
        let from = 0;
        for (const batch of ordered) {
          await storeHits(messageId, batch, from, 'added');
          from += batch.length;
        }
        expect(await storedStats(messageId)).toEqual(messageVerdict(ordered.flat()));
      }),
      { numRuns: 80, seed: 20261207 },
    );
  }, 60_000);

  it('adds a later batch to the row without recounting the hits before it', async () => {
    const at = (ms: number) => new Date(t0 + ms).toISOString();
    await storeHits('added-once', [{ kind: 'open', hitClass: 'human', at: at(0), linkIndex: null }], 0, 'added');
    // Rows the rollup would count again if it recounted: a person's open stored without a rollup.
    await env.DB.prepare(`INSERT INTO hits (id, message_id, account_id, kind, link_index, url, at, method, hit_class, reason) VALUES ('added-once-x', 'added-once', 'acc-stats', 'open', NULL, NULL, ?, 'GET', 'human', 'test')`)
      .bind(at(-600_000))
      .run();
    await storeHits('added-once', [{ kind: 'open', hitClass: 'google_proxy', at: at(1_000), linkIndex: null }], 1, 'added');
    expect(await storedStats('added-once')).toEqual(expect.objectContaining({ opens: 2, reliableOpens: 1 }));
    // A late hit (before the newest counted one) makes the row recounted from all the hits.
    await storeHits('added-once', [{ kind: 'open', hitClass: 'google_proxy', at: at(500), linkIndex: null }], 2, 'added');
    expect(await storedStats('added-once')).toEqual(expect.objectContaining({ opens: 3, reliableOpens: 2 }));
  });

  it('fills in the parts of the rows written before they were kept (migration 0014), so that adding to them stays right', async () => {
    const at = (ms: number) => new Date(t0 + ms).toISOString();
    const before: TalliedHit[] = [
      { kind: 'open', hitClass: 'human', at: at(0), linkIndex: null },
      { kind: 'open', hitClass: 'google_proxy', at: at(1_000), linkIndex: null },
    ];
    await storeHits('parts-filled', before, 0);
    // As the code before it left the row: the opens right, their parts never written.
    await env.DB.prepare(`UPDATE message_stats SET own_client_opens = 0, proxy_opens = 0 WHERE message_id = 'parts-filled'`).run();
    const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith('0014_'))!;
    const recompute = migration.queries.filter((query) => !/\bALTER TABLE\b/i.test(query));
    expect(recompute.length).toBeGreaterThan(0);
    for (const query of recompute) await env.DB.prepare(query).run();

    const later: TalliedHit[] = [{ kind: 'open', hitClass: 'google_proxy', at: at(600_000), linkIndex: null }];
    await storeHits('parts-filled', later, 2, 'added');
    expect(await storedStats('parts-filled')).toEqual(messageVerdict([...before, ...later]));
  });

  it('is unchanged when the same hits are written again', async () => {
    const hits: TalliedHit[] = [
      { kind: 'open', hitClass: 'human', at: new Date(t0).toISOString(), linkIndex: null },
      { kind: 'open', hitClass: 'google_proxy', at: new Date(t0 + 1000).toISOString(), linkIndex: null },
      { kind: 'click', hitClass: 'human', at: new Date(t0 + 5000).toISOString(), linkIndex: 0 },
    ];
    const insert = env.DB.prepare(
      `INSERT OR IGNORE INTO hits (id, message_id, account_id, kind, link_index, url, at, method, hit_class, reason) VALUES (?, 'stats-again', 'acc-stats', ?, ?, NULL, ?, 'GET', ?, 'test')`,
    );
    const write = () => env.DB.batch([...hits.map((h, i) => insert.bind(`again-${i}`, h.kind, h.linkIndex, h.at, h.hitClass)), refreshMessageStats(env.DB, ['stats-again'])]);
    await write();
    const first = await storedStats('stats-again');
    await write();
    expect(await storedStats('stats-again')).toEqual(first);
    expect(first).toEqual({ opens: 2, reliableOpens: 1, machineOpens: 0, clicks: 1, status: 'opened', statusBy: 'human', lastActivityAt: hits[2]!.at });
  });
});
