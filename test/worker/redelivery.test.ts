import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { MessageList } from '../../shared/schemas/message-list.ts';
import { mintMessageId } from '../../shared/tracking/message-id.ts';
import worker from '../../worker/index.ts';
import type { RawHit } from '../../worker/tracking/raw-hit.ts';
import { call, createSender, hitCount, linkKeyOf, registration } from './helpers.ts';

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const GMAIL_PROXY = 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)';

async function accountId(email: string): Promise<string> {
  return (await env.DB.prepare('SELECT id FROM accounts WHERE email = ?').bind(email).first<{ id: string }>())!.id;
}

async function deliver(hits: RawHit[], attempts: number) {
  const batch = createMessageBatch<RawHit>('smartlinks-hits', hits.map((body, i) => ({ id: `r${attempts}-${i}`, timestamp: new Date(), attempts, body })));
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  return getQueueResult(batch, ctx);
}

async function listed(token: string, id: string) {
  const page = (await (await call('/api/messages', { token })).json()) as MessageList;
  return page.messages.find((m) => m.id === id);
}

describe('the extension\'s retries and the queue\'s re-deliveries', () => {
  it('a registration re-sent many times, one after another and at once, is one message with one set of links', async () => {
    const token = await createSender('resend@example.com');
    const id = mintMessageId(await linkKeyOf(token));
    const body = JSON.stringify(registration(id, { links: [0, 1, 2].map((index) => ({ index, url: `https://example.org/${index}` })) }));
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await call('/api/messages', { method: 'POST', token, body })).status);
    expect(statuses).toEqual([201, ...Array<number>(9).fill(200)]);
    // A retry may overlap a request whose answer was lost: the same registration in flight at once.
    const concurrent = await Promise.all(Array.from({ length: 10 }, () => call('/api/messages', { method: 'POST', token, body })));
    expect(concurrent.map((res) => res.status)).toEqual(Array<number>(10).fill(200));

    const rows = await env.DB.batch([
      env.DB.prepare('SELECT COUNT(*) AS n FROM messages WHERE id = ?').bind(id),
      env.DB.prepare('SELECT COUNT(*) AS n FROM message_links WHERE message_id = ?').bind(id),
    ]);
    expect(rows.map((r) => (r.results[0] as { n: number }).n)).toEqual([1, 3]);
    const page = (await (await call('/api/messages', { token })).json()) as MessageList;
    expect(page.messages.filter((m) => m.id === id)).toHaveLength(1);
  });

  it('hits delivered again, whole or in part, change neither the hits nor the message\'s counts', async () => {
    const token = await createSender('redeliver@example.com');
    const account = await accountId('redeliver@example.com');
    const id = mintMessageId(await linkKeyOf(token));
    await call('/api/messages', { method: 'POST', token, body: JSON.stringify(registration(id, { sentAt: new Date(Date.now() - 3_600_000).toISOString() })) });
    const hit = (minutesAgo: number, userAgent: string, ip: string): RawHit => ({
      id: crypto.randomUUID(), messageId: id, accountId: account, kind: 'open', linkIndex: null, url: null,
      at: new Date(Date.now() - minutesAgo * 60_000).toISOString(), method: 'GET', userAgent, ip, asn: null,
    });
    // Three person opens minutes apart and two proxy fetches a minute apart: 4 opens, 3 of them reliable.
    const hits = [hit(50, CHROME, '73.1.2.3'), hit(40, CHROME, '73.1.2.3'), hit(30, CHROME, '73.1.2.3'), hit(20, GMAIL_PROXY, '66.249.93.84'), hit(19, GMAIL_PROXY, '66.249.93.84')];

    expect((await deliver(hits, 1)).ackAll).toBe(true);
    const first = await listed(token, id);
    expect(first).toEqual(expect.objectContaining({ opens: 4, reliableOpens: 3, machineOpens: 0, clicks: 0, status: 'opened' }));

    await deliver(hits, 2);
    // A retried batch that holds older hits, delivered after newer ones were written.
    await deliver([...hits].reverse().slice(0, 3), 3);
    await deliver(hits.slice(1, 2), 4);
    expect(await hitCount(id)).toBe(5);
    expect(await listed(token, id)).toEqual(first);
    const stats = await env.DB.prepare('SELECT COUNT(*) AS n FROM message_stats WHERE message_id = ?').bind(id).first<{ n: number }>();
    expect(stats!.n).toBe(1);
  });

  it('a click delivered again is still the neighbour of new clicks on other links of its message', async () => {
    const token = await createSender('redeliver-burst@example.com');
    const account = await accountId('redeliver-burst@example.com');
    const id = mintMessageId(await linkKeyOf(token));
    await call('/api/messages', { method: 'POST', token, body: JSON.stringify(registration(id, { sentAt: new Date(Date.now() - 3_600_000).toISOString() })) });
    const at = Date.now() - 60_000;
    const click = (linkIndex: number, ms: number): RawHit => ({
      id: crypto.randomUUID(), messageId: id, accountId: account, kind: 'click', linkIndex, url: `https://example.org/${linkIndex}`,
      at: new Date(at + ms).toISOString(), method: 'GET', userAgent: CHROME, ip: '73.1.2.3', asn: null,
    });
    const first = click(0, 0);
    await deliver([first], 1);
    // The first click again (a re-delivery), with two more links of the message within 2 s: three links at once, a scanner.
    await deliver([first, click(1, 300), click(2, 600)], 1);
    const rows = await env.DB.prepare('SELECT link_index, hit_class FROM hits WHERE message_id = ? AND link_index > 0 ORDER BY link_index').bind(id).all<{ link_index: number; hit_class: string }>();
    expect(rows.results).toEqual([{ link_index: 1, hit_class: 'security_scanner' }, { link_index: 2, hit_class: 'security_scanner' }]);
  });
});
