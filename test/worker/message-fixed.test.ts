import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { mintMessageId } from '../../shared/tracking/message-id.ts';
import { BASE, call, createSender, eventually, hitCount, linkKeyOf, registration } from './helpers.ts';

const HUMAN = { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 'cf-connecting-ip': '73.9.9.10' };

function register(token: string, body: object) {
  return call('/api/messages', { method: 'POST', token, body: JSON.stringify(body) });
}

describe('a sent message is fixed', { timeout: 30_000 }, () => {
  it('answers 409 once the first hit came, and the original recipient keeps their link', async () => {
    const token = await createSender('fixed-hit@example.com');
    const id = mintMessageId(await linkKeyOf(token));
    const original = registration(id, { to: ['original@example.org'] });
    const first = (await (await register(token, original)).json()) as { smartLinks: { unsubscribe: string } };
    await call(`/o/${id}`, { headers: HUMAN });
    await eventually(async () => (await hitCount(id)) === 1, 'the first hit');

    const res = await register(token, registration(id, { to: ['someone-else@example.org'], sentAt: original.sentAt }));
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: 'message_sent', message: expect.stringContaining('can no longer change'), field: 'id' } });
    // The same content again is still the idempotent 200.
    expect((await register(token, original)).status).toBe(200);

    const stored = (await (await call(`/api/messages/${id}`, { token })).json()) as { to: string[] };
    expect(stored.to).toEqual(['original@example.org']);
    const page = await (await call(first.smartLinks.unsubscribe.slice(BASE.length))).text();
    expect(page).toContain('original@example.org');
    expect(page).not.toContain('someone-else@example.org');
  });

  it('answers 409 after the send time and the Undo Send window, even without a hit', async () => {
    const token = await createSender('fixed-time@example.com');
    const id = mintMessageId(await linkKeyOf(token));
    const original = registration(id, { to: ['quiet-original@example.org'] });
    expect((await register(token, original)).status).toBe(201);
    const longAgo = new Date(Date.now() - 10 * 60_000).toISOString();
    await env.DB.prepare('UPDATE messages SET sent_at = ?, registered_at = ? WHERE id = ?').bind(longAgo, longAgo, id).run();
    expect((await register(token, registration(id, { to: ['quiet-other@example.org'] }))).status).toBe(409);
  });

  it('lets an Undo or a scheduled send change the message until it goes out', async () => {
    const token = await createSender('fixed-undo@example.com');
    const undoId = mintMessageId(await linkKeyOf(token));
    expect((await register(token, registration(undoId, { to: ['draft@example.org'] }))).status).toBe(201);
    // Undo, fix a recipient, send again within the window: the latest send wins.
    expect((await register(token, registration(undoId, { to: ['fixed@example.org'] }))).status).toBe(200);
    expect(((await (await call(`/api/messages/${undoId}`, { token })).json()) as { to: string[] }).to).toEqual(['fixed@example.org']);

    const scheduledId = mintMessageId(await linkKeyOf(token));
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    const receivedLongAgo = new Date(Date.now() - 10 * 60_000).toISOString();
    expect((await register(token, registration(scheduledId, { sentAt: inAnHour }))).status).toBe(201);
    await env.DB.prepare('UPDATE messages SET registered_at = ? WHERE id = ?').bind(receivedLongAgo, scheduledId).run();
    expect((await register(token, registration(scheduledId, { sentAt: inAnHour, subject: 'Rescheduled plan' }))).status).toBe(200);
  });
});
