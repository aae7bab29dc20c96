import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyHit } from '../../shared/tracking/classify.ts';
import { resetAppleRelayRanges } from '../../shared/tracking/ip-ranges.ts';
import { refreshAppleRanges, useLatestIpRanges } from '../../worker/maintenance/ip-ranges.ts';
import { pruneRawSignals } from '../../worker/maintenance/prune-raw-signals.ts';
import { createSender } from './helpers.ts';

function hitInsert(id: string, accountId: string, at: string): D1PreparedStatement {
  return env.DB.prepare(
    `INSERT INTO hits (id, message_id, account_id, kind, at, method, user_agent, ip, hit_class, reason)
     VALUES (?, 'msg-prune-0000000', ?, 'open', ?, 'GET', 'UA', '73.1.2.3', 'human', 'r')`,
  ).bind(id, accountId, at);
}

async function insertHit(accountId: string, at: string): Promise<string> {
  const id = crypto.randomUUID();
  await hitInsert(id, accountId, at).run();
  return id;
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
    // One D1 batch: 1,200 single inserts take seconds on a loaded 2-core machine.
    const old = Array.from({ length: 1200 }, () => crypto.randomUUID());
    await env.DB.batch(old.map((id) => hitInsert(id, a30, daysAgo(31))));
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
