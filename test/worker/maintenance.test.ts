import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyHit } from '../../shared/tracking/classify.ts';
import { resetAppleRelayRanges } from '../../shared/tracking/ip-ranges.ts';
import { refreshAppleRanges, useLatestIpRanges } from '../../worker/maintenance/ip-ranges.ts';
import { pruneRawSignals } from '../../worker/maintenance/prune-raw-signals.ts';
import { createSender } from './helpers.ts';

const insertStatement = () =>
  env.DB.prepare(
    `INSERT INTO hits (id, message_id, account_id, kind, at, method, user_agent, ip, hit_class, reason)
     VALUES (?, 'msg-prune-0000000', ?, 'open', ?, 'GET', 'UA', '73.1.2.3', 'human', 'r')`,
  );

async function insertHit(accountId: string, at: string): Promise<string> {
  const id = crypto.randomUUID();
  await insertStatement().bind(id, accountId, at).run();
  return id;
}

/** Many at once in one batch: 1,200 separate writes took over the 5 s timeout on a loaded machine. */
async function insertHits(accountId: string, at: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => crypto.randomUUID());
  const insert = insertStatement();
  await env.DB.batch(ids.map((id) => insert.bind(id, accountId, at)));
  return ids;
}

describe('pruning raw signals', () => {
  it('removes IP and user agent past each account\'s retention, keeps the verdict, in chunks', async () => {
    await createSender('prune-30@example.com');
    await createSender('prune-7@example.com');
    const a30 = (await env.DB.prepare("SELECT id FROM accounts WHERE email = 'prune-30@example.com'").first<{ id: string }>())!.id;
    const a7 = (await env.DB.prepare("SELECT id FROM accounts WHERE email = 'prune-7@example.com'").first<{ id: string }>())!.id;
    await env.DB.prepare('UPDATE accounts SET retention_days = 7 WHERE id = ?').bind(a7).run();
    const now = new Date('2026-11-24T12:00:00.000Z');
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();
    const old = await insertHits(a30, daysAgo(31), 1200);
    const recent30 = await insertHit(a30, daysAgo(10));
    const old7 = await insertHit(a7, daysAgo(10));

    expect(await pruneRawSignals(env.DB, now)).toBe(1201);
    const row = (id: string) => env.DB.prepare('SELECT ip, user_agent, hit_class FROM hits WHERE id = ?').bind(id).first<{ ip: string | null; user_agent: string | null; hit_class: string }>();
    expect(await row(old[0]!)).toEqual({ ip: null, user_agent: null, hit_class: 'human' });
    expect(await row(old7)).toEqual({ ip: null, user_agent: null, hit_class: 'human' });
    expect((await row(recent30))!.ip).toBe('73.1.2.3');
    expect(await pruneRawSignals(env.DB, now)).toBe(0);
  });
});

describe('refreshing Apple\'s Private Relay ranges', () => {
  afterEach(() => resetAppleRelayRanges());
  const mpp = (ip: string) => classifyHit({ kind: 'open', method: 'GET', userAgent: 'Mozilla/5.0', ip, asn: null, secondsAfterSend: 3600, senderViewing: false, senderIps: [] }).class;

  it('stores a fresh list and the classifier uses it', async () => {
    const rows = Array.from({ length: 1500 }, (_, i) => `100.${64 + Math.floor(i / 256)}.${i % 256}.0/24,US,US-CA,Los Angeles,`);
    const csv = rows.join('\n');
    const fetcher = (async () => new Response(csv)) as unknown as typeof fetch;
    expect(mpp('100.64.3.9')).not.toBe('apple_mpp');
    const result = await refreshAppleRanges(env.DB, fetcher);
    expect(result.stored).toBe(true);
    await useLatestIpRanges(env.DB);
    expect(mpp('100.64.3.9')).toBe('apple_mpp');
  });

  it('keeps the previous list when the download is short or fails', async () => {
    const short = (async () => new Response('17.0.0.0/8,US,,,\n')) as unknown as typeof fetch;
    expect(await refreshAppleRanges(env.DB, short)).toEqual({ stored: false, prefixes: 1 });
    const down = (async () => new Response('busy', { status: 503 })) as unknown as typeof fetch;
    await expect(refreshAppleRanges(env.DB, down)).rejects.toThrow(/503/);
  });
});
