import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { classifyHit, type HitSignals } from '../../shared/tracking/classify.ts';
import { mintMessageId } from '../../shared/tracking/message-id.ts';
import { trackedLinkUrl } from '../../shared/tracking/tracked-link.ts';
import { truncateStoredIps } from '../../worker/maintenance/truncate-stored-ips.ts';
import { BASE, call, createSender, eventually, linkKeyOf, registration } from './helpers.ts';

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
/** In Apple's Private Relay egress list as 104.28.36.2/31; its /24's first address is not. */
const APPLE_RELAY_IP = '104.28.36.2';

async function sentMessage(email: string) {
  const token = await createSender(email);
  const key = await linkKeyOf(token);
  const id = mintMessageId(key);
  await call('/api/messages', { method: 'POST', token, body: JSON.stringify(registration(id, { sentAt: new Date(Date.now() - 3_600_000).toISOString() })) });
  const linkPath = trackedLinkUrl(BASE, key, id, 0, 'https://example.org/pricing?plan=team').slice(BASE.length);
  return { token, id, linkPath };
}

/** The hits of a message as stored, once the queue consumer has written them. */
async function storedHits(messageId: string, count: number) {
  return eventually(async () => {
    const rows = await env.DB.prepare('SELECT ip, hit_class FROM hits WHERE message_id = ? ORDER BY at').bind(messageId).all<{ ip: string | null; hit_class: string }>();
    return rows.results.length >= count && rows.results;
  }, `${count} stored hits of ${messageId}`, 10_000);
}

describe('hit IPs at rest', () => {
  it.each([
    ['IPv4', '73.1.2.3', '73.1.2.0/24'],
    ['IPv6', '2a02:1210:1:2::5', '2a02:1210:1::/48'],
    ['IPv4-mapped IPv6', '::ffff:73.1.2.3', '73.1.2.0/24'],
  ])('keep only the network of an %s address, and the verdict', async (_kind, ip, network) => {
    const { id } = await sentMessage(`trunc-${ip.replace(/\W/g, '')}@example.com`);
    await call(`/o/${id}`, { headers: { 'user-agent': CHROME, 'cf-connecting-ip': ip } });
    expect(await storedHits(id, 1)).toEqual([{ ip: network, hit_class: 'human' }]);
  });

  it('classify on the raw address first: an Apple relay address whose network is not one stays Apple MPP', async () => {
    const { id } = await sentMessage('trunc-apple@example.com');
    await call(`/o/${id}`, { headers: { 'user-agent': 'Mozilla/5.0', 'cf-connecting-ip': APPLE_RELAY_IP } });
    expect(await storedHits(id, 1)).toEqual([{ ip: '104.28.36.0/24', hit_class: 'apple_mpp' }]);
    // The test means something only if the truncated address would have been judged otherwise.
    const signals: HitSignals = { kind: 'open', method: 'GET', userAgent: 'Mozilla/5.0', ip: '104.28.36.0', asn: null, secondsAfterSend: 3600, senderViewing: false, senderIps: [] };
    expect(classifyHit(signals).class).not.toBe('apple_mpp');
  });

  it('still recognise the sender\'s own click by their whole IP, and not a neighbour in the same /24', async () => {
    const { token, id, linkPath } = await sentMessage('trunc-self@example.com');
    await call('/api/me', { token, headers: { 'cf-connecting-ip': '73.200.1.7' } });
    await eventually(async () => (await env.DB.prepare("SELECT 1 AS found FROM sender_ips WHERE ip = '73.200.1.7'").first<{ found: number }>())?.found, 'the sender\'s noted IP');
    await call(linkPath, { headers: { 'user-agent': CHROME, 'cf-connecting-ip': '73.200.1.7' }, redirect: 'manual' });
    await storedHits(id, 1);
    await call(linkPath, { headers: { 'user-agent': CHROME, 'cf-connecting-ip': '73.200.1.99' }, redirect: 'manual' });
    expect(await storedHits(id, 2)).toEqual([
      { ip: '73.200.1.0/24', hit_class: 'self' },
      { ip: '73.200.1.0/24', hit_class: 'human' },
    ]);
    const view = (await (await call(`/api/messages/${id}`, { token })).json()) as { stats: { clicks: number } };
    expect(view.stats.clicks).toBe(1);
  });

  it('keep nothing of a value that is not an address', async () => {
    const { id } = await sentMessage('trunc-garbage@example.com');
    await call(`/o/${id}`, { headers: { 'user-agent': CHROME, 'cf-connecting-ip': 'not-an-ip' } });
    expect((await storedHits(id, 1))[0]!.ip).toBeNull();
  });
});

describe('hits stored with whole IPs before truncation', () => {
  it('are truncated by the cron in chunks, verdicts kept, and nothing is left for the next run', async () => {
    const insert = env.DB.prepare(
      `INSERT INTO hits (id, message_id, account_id, kind, at, method, user_agent, ip, hit_class, reason)
       VALUES (?, 'msg-legacy-000000', 'acc-legacy', 'open', ?, 'GET', 'UA', ?, 'google_proxy', 'r')`,
    );
    const ips = Array.from({ length: 1100 }, (_, i) => (i % 2 ? `66.249.${i % 250}.${i % 200}` : `2a02:1210:${i.toString(16)}:2::5`));
    await env.DB.batch(ips.map((ip, i) => insert.bind(`legacy-${i}`, new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(), ip)));
    await env.DB.prepare("INSERT INTO hits (id, message_id, account_id, kind, at, method, ip, hit_class, reason) VALUES ('legacy-pruned', 'msg-legacy-000000', 'acc-legacy', 'open', '2026-10-01T00:00:00.000Z', 'GET', NULL, 'human', 'r')").run();

    // 4 chunks of 500 per run: 1,100 take one run.
    expect(await truncateStoredIps(env.DB)).toBe(1100);
    const row = (id: string) => env.DB.prepare('SELECT ip, hit_class FROM hits WHERE id = ?').bind(id).first<{ ip: string | null; hit_class: string }>();
    expect(await row('legacy-1')).toEqual({ ip: '66.249.1.0/24', hit_class: 'google_proxy' });
    expect(await row('legacy-1000')).toEqual({ ip: '2a02:1210:3e8::/48', hit_class: 'google_proxy' });
    expect((await row('legacy-pruned'))!.ip).toBeNull();
    expect(await truncateStoredIps(env.DB)).toBe(0);
  });
});
