import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { mintMessageId } from '../../shared/tracking/message-id.ts';
import { call, createSender, eventually, hitCount, linkKeyOf, registration } from './helpers.ts';

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

async function expectGif(res: Response) {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('image/gif');
  expect(res.headers.get('cache-control')).toContain('no-store');
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect(new TextDecoder().decode(bytes.subarray(0, 6))).toBe('GIF89a');
}

describe('GET /o/<id>', () => {
  it('serves the GIF and records a hit for a registered message', async () => {
    const token = await createSender('pixel@example.com');
    const id = mintMessageId(await linkKeyOf(token));
    await call('/api/messages', { method: 'POST', token, body: JSON.stringify(registration(id)) });
    await expectGif(await call(`/o/${id}`, { headers: { 'user-agent': CHROME, 'cf-connecting-ip': '73.12.0.9' } }));
    await eventually(async () => (await hitCount(id)) === 1, 'the hit');
    const view = (await (await call(`/api/messages/${id}`, { token })).json()) as { stats: { hits: number; opens: number } };
    expect(view.stats.hits).toBe(1);
    expect(view.stats.opens).toBe(1);
  });

  it('attributes a hit that arrives before the registration', async () => {
    const token = await createSender('early@example.com');
    const id = mintMessageId(await linkKeyOf(token));
    await expectGif(await call(`/o/${id}`, { headers: { 'user-agent': CHROME } }));
    await eventually(async () => (await hitCount(id)) === 1, 'the early hit');
    await call('/api/messages', { method: 'POST', token, body: JSON.stringify(registration(id)) });
    const view = (await (await call(`/api/messages/${id}`, { token })).json()) as { stats: { hits: number } };
    expect(view.stats.hits).toBe(1);
  });

  it.each([
    ['an unknown id', 'abcdefghijklmnopqrstuv'],
    ['a malformed id', 'x'],
    ['an id with odd characters', '%3Cscript%3E'],
    ['a forged minted id', `AAAAAA${'B'.repeat(22)}${'C'.repeat(22)}`],
  ])('still serves the GIF and records nothing for %s', async (_case, id) => {
    const token = await createSender(`control-${id.length}-${id.charCodeAt(0)}@example.com`);
    const control = mintMessageId(await linkKeyOf(token));
    await expectGif(await call(`/o/${id}`, { headers: { 'user-agent': CHROME } }));
    // A hit sent after it and written proves that the queue has been drained past it.
    await call(`/o/${control}`, { headers: { 'user-agent': CHROME } });
    await eventually(async () => (await hitCount(control)) === 1, 'the control hit');
    const row = await env.DB.prepare('SELECT COUNT(*) AS n FROM hits WHERE message_id = ?').bind(decodeURIComponent(id)).first<{ n: number }>();
    expect(row?.n).toBe(0);
  });
});
