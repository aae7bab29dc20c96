import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { MessageList, MessageListEntry } from '../../shared/schemas/message-list.ts';
import { mintMessageId } from '../../shared/tracking/message-id.ts';
import { trackedLinkUrl } from '../../shared/tracking/tracked-link.ts';
import { BASE, call, createSender, eventually, linkKeyOf, registration } from './helpers.ts';

/** Who fetches, as the classifier sees them (user agent, address). */
const FROM = {
  person: { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 'cf-connecting-ip': '73.1.2.3' },
  gmailProxy: { 'user-agent': 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)', 'cf-connecting-ip': '66.249.93.84' },
  appleMpp: { 'user-agent': 'Mozilla/5.0', 'cf-connecting-ip': '104.28.36.2' },
  scanner: { 'user-agent': 'Barracuda Sentinel (EE)', 'cf-connecting-ip': '198.51.100.20' },
};
const HOUR = 3_600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

async function list(token: string, query = ''): Promise<MessageList> {
  const res = await call(`/api/messages${query}`, { token });
  expect(res.status, query).toBe(200);
  return (await res.json()) as MessageList;
}

const figures = ({ opens, reliableOpens, machineOpens, clicks, status, statusBy }: MessageListEntry) => ({ opens, reliableOpens, machineOpens, clicks, status, statusBy });

describe('GET /api/messages: one verdict per message', () => {
  it('gives each message its counted opens, reliable opens, machine opens, clicks and status, and filters by them', async () => {
    const token = await createSender('verdict@example.com');
    const key = await linkKeyOf(token);
    const send = async (subject: string, hours: number) => {
      const id = mintMessageId(key);
      expect((await call('/api/messages', { method: 'POST', token, body: JSON.stringify(registration(id, { subject, sentAt: ago(hours * HOUR) })) })).status).toBe(201);
      return id;
    };
    const ids = {
      proxy: await send('Gmail proxy only', 7),
      mpp: await send('Apple MPP only', 6),
      scanner: await send('Scanner only', 5),
      person: await send('A person', 4),
      proxyThenClick: await send('Gmail proxy, then a click', 3),
      nothing: await send('Nothing yet', 2),
    };
    const open = (id: string, from: Record<string, string>) => call(`/o/${id}`, { headers: from });
    await open(ids.proxy, FROM.gmailProxy);
    await open(ids.mpp, FROM.appleMpp);
    await open(ids.scanner, FROM.scanner);
    await open(ids.person, FROM.person);
    await open(ids.proxyThenClick, FROM.gmailProxy);
    const link = trackedLinkUrl(BASE, key, ids.proxyThenClick, 0, 'https://example.org/pricing?plan=team').slice(BASE.length);
    expect((await call(link, { headers: FROM.person, redirect: 'manual' })).status).toBe(302);

    const byId = await eventually(async () => {
      const entries = new Map((await list(token)).messages.map((m) => [m.id, m]));
      const seen = [...entries.values()].reduce((sum, m) => sum + m.opens + m.machineOpens + m.clicks, 0);
      return seen === 6 && entries;
    }, 'the rollup of every hit');
    expect(figures(byId.get(ids.proxy)!)).toEqual({ opens: 1, reliableOpens: 0, machineOpens: 0, clicks: 0, status: 'opened_unreliable', statusBy: 'google_proxy' });
    expect(figures(byId.get(ids.mpp)!)).toEqual({ opens: 0, reliableOpens: 0, machineOpens: 1, clicks: 0, status: 'machine_only', statusBy: 'apple_mpp' });
    expect(figures(byId.get(ids.scanner)!)).toEqual({ opens: 0, reliableOpens: 0, machineOpens: 1, clicks: 0, status: 'machine_only', statusBy: 'security_scanner' });
    expect(figures(byId.get(ids.person)!)).toEqual({ opens: 1, reliableOpens: 1, machineOpens: 0, clicks: 0, status: 'opened', statusBy: 'human' });
    expect(figures(byId.get(ids.proxyThenClick)!)).toEqual({ opens: 1, reliableOpens: 1, machineOpens: 0, clicks: 1, status: 'opened', statusBy: 'human' });
    expect(figures(byId.get(ids.nothing)!)).toEqual({ opens: 0, reliableOpens: 0, machineOpens: 0, clicks: 0, status: 'not_opened', statusBy: null });

    const listed = async (query: string) => (await list(token, query)).messages.map((m) => m.id).sort();
    const sorted = (...values: string[]) => values.sort();
    expect(await listed('?filter=opened')).toEqual(sorted(ids.proxy, ids.person, ids.proxyThenClick));
    expect(await listed('?filter=not_opened')).toEqual(sorted(ids.mpp, ids.scanner, ids.nothing));
    // "Not opened after 3 days" leaves out what is younger.
    expect(await listed('?filter=not_opened&days=3')).toEqual([]);
    expect(await listed('?filter=clicked')).toEqual([ids.proxyThenClick]);
    expect(await listed('?filter=machine_only')).toEqual(sorted(ids.mpp, ids.scanner));

    // The message's own view says the same.
    const detail = (await (await call(`/api/messages/${ids.proxy}`, { token })).json()) as { stats: { opens: number }; status: string; statusBy: string; reliableOpens: number };
    expect(detail).toEqual(expect.objectContaining({ stats: expect.objectContaining({ opens: 1 }) as unknown, status: 'opened_unreliable', statusBy: 'google_proxy', reliableOpens: 0 }));
  }, 30_000);

  it('reads right at once for messages whose rollup the old code wrote (migration 0007)', async () => {
    const token = await createSender('verdict-migrated@example.com');
    const key = await linkKeyOf(token);
    const proxied = mintMessageId(key);
    const mixed = mintMessageId(key);
    for (const id of [proxied, mixed]) {
      expect((await call('/api/messages', { method: 'POST', token, body: JSON.stringify(registration(id, { sentAt: ago(HOUR) })) })).status).toBe(201);
    }
    const { account_id: accountId } = (await env.DB.prepare('SELECT account_id FROM messages WHERE id = ?').bind(proxied).first<{ account_id: string }>())!;
    const hit = env.DB.prepare(
      `INSERT INTO hits (id, message_id, account_id, kind, link_index, url, at, method, hit_class, reason) VALUES (?, ?, ?, 'open', NULL, NULL, ?, 'GET', ?, 'old')`,
    );
    // The old rollup counted only a person's opens; a proxy open was a "machine open".
    const oldRow = env.DB.prepare('INSERT INTO message_stats (message_id, account_id, opens, machine_opens, clicks, last_activity_at) VALUES (?, ?, ?, ?, 0, ?)');
    await env.DB.batch([
      hit.bind(`${proxied}-1`, proxied, accountId, ago(50 * 60_000), 'google_proxy'),
      oldRow.bind(proxied, accountId, 0, 1, ago(50 * 60_000)),
      hit.bind(`${mixed}-1`, mixed, accountId, ago(50 * 60_000), 'google_proxy'),
      hit.bind(`${mixed}-2`, mixed, accountId, ago(40 * 60_000), 'human'),
      oldRow.bind(mixed, accountId, 1, 1, ago(40 * 60_000)),
    ]);
    const entry = async (id: string) => figures((await list(token)).messages.find((m) => m.id === id)!);
    // As the old code left it: the bug this migration mends.
    expect((await entry(proxied)).status).toBe('machine_only');

    const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith('0007_'))!;
    // Its recompute, without the ALTERs that the test database has had already.
    const recompute = migration.queries.filter((query) => !/\bALTER TABLE\b/i.test(query));
    expect(recompute.length).toBeGreaterThan(0);
    for (const query of recompute) await env.DB.prepare(query).run();

    expect(await entry(proxied)).toEqual({ opens: 1, reliableOpens: 0, machineOpens: 0, clicks: 0, status: 'opened_unreliable', statusBy: 'google_proxy' });
    expect(await entry(mixed)).toEqual({ opens: 2, reliableOpens: 1, machineOpens: 0, clicks: 0, status: 'opened', statusBy: 'human' });
    expect((await list(token, '?filter=opened')).messages.map((m) => m.id).sort()).toEqual([proxied, mixed].sort());
  }, 20_000);
});
