import { describe, expect, it } from 'vitest';
import { mintMessageId } from '../../shared/tracking/message-id.ts';
import { call, createSender, eventually, hitCount, linkKeyOf, registration } from './helpers.ts';

interface EventsBody {
  events: { messageId: string; kind: string; class: string; reason: string; reliable: boolean; at: string; subject: string | null }[];
}

describe('GET /api/events', () => {
  it('lists the sender\'s hits newest first with their verdict, and no one else\'s', async () => {
    const token = await createSender('events@example.com');
    const other = await createSender('events-other@example.com');
    const id = mintMessageId(await linkKeyOf(token));
    await call('/api/messages', { method: 'POST', token, body: JSON.stringify(registration(id, { subject: 'Pricing' })) });
    await call(`/o/${id}`, { headers: { 'user-agent': 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)', 'cf-connecting-ip': '66.249.93.84' } });
    await eventually(async () => (await hitCount(id)) === 1, 'first hit');
    await call(`/o/${id}`, { headers: { 'user-agent': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)', 'cf-connecting-ip': '73.1.2.3' } });
    await eventually(async () => (await hitCount(id)) === 2, 'second hit');

    const body = (await (await call('/api/events?limit=10', { token })).json()) as EventsBody;
    expect(body.events.map((e) => e.class)).toEqual(['human', 'google_proxy']);
    expect(body.events.map((e) => e.reliable)).toEqual([true, false]);
    expect(body.events[0]!.subject).toBe('Pricing');
    expect(body.events[0]!.reason.length).toBeGreaterThan(3);

    const foreign = (await (await call('/api/events', { token: other })).json()) as EventsBody;
    expect(foreign.events).toEqual([]);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=100000', 'limit'],
    ['since=tomorrow', 'since'],
  ])('answers 400 for %s', async (query, field) => {
    const token = await createSender(`events-bad-${field}-${query.length}@example.com`);
    const res = await call(`/api/events?${query}`, { token });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe(field);
  });
});
