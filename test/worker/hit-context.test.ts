import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { isPublicAddress } from '../../worker/auth/sender-ips.ts';
import { mintMessageId } from '../../shared/tracking/message-id.ts';
import { trackedLinkUrl } from '../../shared/tracking/tracked-link.ts';
import { BASE, call, createSender, eventually, linkKeyOf, registration } from './helpers.ts';

const GMAIL_PROXY = 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

interface Event { messageId: string; kind: string; class: string; reason: string; reliable: boolean; linkIndex: number | null }

async function eventsOf(token: string, messageId: string, count: number): Promise<Event[]> {
  return eventually(async () => {
    const body = (await (await call('/api/events?limit=500', { token })).json()) as { events: Event[] };
    const mine = body.events.filter((e) => e.messageId === messageId);
    return mine.length >= count && mine;
  }, `${count} events of ${messageId}`);
}

async function sentMessage(email: string, sentSecondsAgo = 60) {
  const token = await createSender(email);
  const key = await linkKeyOf(token);
  const id = mintMessageId(key);
  const links = [0, 1, 2].map((index) => ({ index, url: `https://example.org/page-${index}` }));
  await call('/api/messages', {
    method: 'POST', token,
    body: JSON.stringify(registration(id, { links, sentAt: new Date(Date.now() - sentSecondsAgo * 1000).toISOString() })),
  });
  return { token, key, id };
}

describe('hits in the context of their message and sender', () => {
  it('labels the hit right after a "viewing now" beacon as the sender\'s own, once', async () => {
    const { token, id } = await sentMessage('beacon@example.com');
    expect((await call(`/api/messages/${id}/viewing`, { method: 'POST', token })).status).toBe(204);
    await call(`/o/${id}`, { headers: { 'user-agent': GMAIL_PROXY, 'cf-connecting-ip': '66.249.93.84' } });
    const [first] = await eventsOf(token, id, 1);
    expect(first!.class).toBe('self');
    expect(first!.reliable).toBe(false);

    // The beacon is used up: the recipient's later open through the same proxy counts.
    await call(`/o/${id}`, { headers: { 'user-agent': GMAIL_PROXY, 'cf-connecting-ip': '66.249.93.84' } });
    const events = await eventsOf(token, id, 2);
    expect(events.map((e) => e.class).sort()).toEqual(['google_proxy', 'self']);
    const view = (await (await call(`/api/messages/${id}`, { token })).json()) as { stats: { hits: number; opens: number } };
    expect(view.stats).toEqual(expect.objectContaining({ hits: 2, opens: 1 }));
  });

  it('relabels the open the browser got in just before the beacon, once, and the counts with it', async () => {
    const { token, id } = await sentMessage('late-beacon@example.com');
    await call(`/o/${id}`, { headers: { 'user-agent': CHROME, 'cf-connecting-ip': '203.0.113.40' } });
    const [before] = await eventsOf(token, id, 1);
    expect(before!.class).toBe('human');
    const stats = async () => ((await (await call(`/api/messages/${id}`, { token })).json()) as { stats: { opens: number } }).stats.opens;
    expect(await stats()).toBe(1);

    expect((await call(`/api/messages/${id}/viewing`, { method: 'POST', token })).status).toBe(204);
    const [after] = await eventsOf(token, id, 1);
    expect(after).toEqual(expect.objectContaining({ class: 'self', reason: 'sender is viewing the message', reliable: false }));
    expect(await stats()).toBe(0);
    const list = (await (await call('/api/messages?limit=50', { token })).json()) as { messages: { id: string; opens: number; status: string }[] };
    expect(list.messages.find((m) => m.id === id)).toEqual(expect.objectContaining({ opens: 0, status: 'not_opened' }));

    // That beacon is used up: the next open is the recipient's. A second report finds nothing left
    // to relabel before it, so it waits for the next hit.
    await call(`/o/${id}`, { headers: { 'user-agent': CHROME, 'cf-connecting-ip': '203.0.113.41' } });
    const two = await eventsOf(token, id, 2);
    expect(two.map((e) => e.class).sort()).toEqual(['human', 'self']);
    expect(await stats()).toBe(1);
  });

  it('leaves an open older than a few seconds alone when the sender views the message later', async () => {
    const { token, id } = await sentMessage('old-open@example.com');
    await call(`/o/${id}`, { headers: { 'user-agent': CHROME, 'cf-connecting-ip': '203.0.113.42' } });
    await eventsOf(token, id, 1);
    await env.DB.prepare('UPDATE hits SET at = ? WHERE message_id = ?').bind(new Date(Date.now() - 60_000).toISOString(), id).run();
    expect((await call(`/api/messages/${id}/viewing`, { method: 'POST', token })).status).toBe(204);
    const [open] = await eventsOf(token, id, 1);
    expect(open!.class).toBe('human');
  });

  it('refuses a beacon for a message that is not the sender\'s', async () => {
    const { id } = await sentMessage('beacon-owner@example.com');
    const stranger = await createSender('beacon-stranger@example.com');
    expect((await call(`/api/messages/${id}/viewing`, { method: 'POST', token: stranger })).status).toBe(404);
  });

  it('recognises the sender\'s own click by the IP their extension calls from', async () => {
    const { token, key, id } = await sentMessage('own-ip@example.com');
    await call('/api/me', { token, headers: { 'cf-connecting-ip': '73.200.1.7' } });
    const path = trackedLinkUrl(BASE, key, id, 0, 'https://example.org/page-0').slice(BASE.length);
    // Wait for the noted IP: it is written after the API response.
    await eventually(async () => {
      await call(path, { headers: { 'user-agent': CHROME, 'cf-connecting-ip': '73.200.1.7' }, redirect: 'manual' });
      const events = await eventsOf(token, id, 1);
      return events.some((e) => e.class === 'self');
    }, 'a click labelled self', 10_000);
  });

  it('labels a burst over every link of a message, seconds after delivery, as a security scanner', async () => {
    const { token, key, id } = await sentMessage('burst@example.com', 3600);
    for (const index of [0, 1, 2]) {
      const path = trackedLinkUrl(BASE, key, id, index, `https://example.org/page-${index}`).slice(BASE.length);
      await call(path, { headers: { 'user-agent': CHROME, 'cf-connecting-ip': '198.51.100.20' }, redirect: 'manual' });
    }
    const events = await eventsOf(token, id, 3);
    expect(events.filter((e) => e.class === 'security_scanner').length).toBeGreaterThanOrEqual(2);
    const view = (await (await call(`/api/messages/${id}`, { token })).json()) as { stats: { clicks: number } };
    expect(view.stats.clicks).toBeLessThanOrEqual(1);
  });

  it('gives every event a class, a reason and its reliability in the API', async () => {
    const { token, key, id } = await sentMessage('classes@example.com', 3600);
    await call(`/o/${id}`, { headers: { 'user-agent': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)', 'cf-connecting-ip': '73.1.2.3' } });
    await call(trackedLinkUrl(BASE, key, id, 1, 'https://example.org/page-1').slice(BASE.length), { method: 'HEAD', headers: { 'user-agent': '' }, redirect: 'manual' });
    const events = await eventsOf(token, id, 2);
    const open = events.find((e) => e.kind === 'open')!;
    const probe = events.find((e) => e.kind === 'click')!;
    expect(open).toEqual(expect.objectContaining({ class: 'human', reliable: true }));
    expect(probe).toEqual(expect.objectContaining({ class: 'security_scanner', reliable: false, linkIndex: 1 }));
    expect(probe.reason).toMatch(/\w/);
  });
});

describe('isPublicAddress', () => {
  it.each([
    ['203.0.113.7', false], // documentation range: reserved, never a real client
    ['73.1.2.3', true],
    ['127.0.0.1', false],
    ['10.1.2.3', false],
    ['192.168.1.5', false],
    ['::1', false],
    ['2a02:1210:1:2::5', true],
    ['::ffff:73.1.2.3', true],
    ['not an ip', false],
  ])('%s is public: %s', (ip, expected) => {
    expect(isPublicAddress(ip)).toBe(expected);
  });
});
