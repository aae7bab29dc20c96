import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { encodeBase64url, utf8 } from '../../shared/crypto/base64url.ts';
import { mintMessageId } from '../../shared/tracking/message-id.ts';
import { trackedLinkUrl } from '../../shared/tracking/tracked-link.ts';
import { BASE, call, createSender, eventually, hitCount, linkKeyOf, registration } from './helpers.ts';

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

function pathOf(url: string) {
  return url.slice(BASE.length);
}

describe('GET|HEAD /c/...', () => {
  it('redirects a signed link before the message is registered, and records the click', async () => {
    const token = await createSender('click@example.com');
    const key = await linkKeyOf(token);
    const id = mintMessageId(key);
    const url = trackedLinkUrl(BASE, key, id, 0, 'https://example.org/pricing?plan=team#top');
    const res = await call(pathOf(url), { headers: { 'user-agent': CHROME, 'cf-connecting-ip': '73.1.2.3' }, redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://example.org/pricing?plan=team#top');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    await eventually(async () => (await hitCount(id)) === 1, 'the click');
  });

  it('redirects the tracked URL the registration handed out', async () => {
    const token = await createSender('click-reg@example.com');
    const id = mintMessageId(await linkKeyOf(token));
    const reg = (await (await call('/api/messages', { method: 'POST', token, body: JSON.stringify(registration(id)) })).json()) as {
      links: { trackedUrl: string }[];
    };
    const res = await call(pathOf(reg.links[0]!.trackedUrl), { method: 'HEAD', redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://example.org/pricing?plan=team');
  });

  it('refuses a tampered destination, a foreign key and garbage, never with a Location', async () => {
    const token = await createSender('click-bad@example.com');
    const other = await createSender('click-other@example.com');
    const key = await linkKeyOf(token);
    const otherKey = await linkKeyOf(other);
    const id = mintMessageId(key);
    const good = pathOf(trackedLinkUrl(BASE, key, id, 0, 'https://example.org/'));
    const parts = good.split('/');
    const swapped = [...parts.slice(0, -1), encodeBase64url(utf8('https://evil.example/'))].join('/');
    // Signed by another sender's key for a message id minted with ours.
    const foreign = pathOf(trackedLinkUrl(BASE, otherKey, id, 0, 'https://evil.example/'));
    const cases = [swapped, foreign, '/c/nothing', `/c/${id}/0/${'A'.repeat(22)}/${encodeBase64url(utf8('https://evil.example/'))}`, `${good}%27`];
    for (const path of cases) {
      const res = await call(path, { redirect: 'manual' });
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
      expect(res.headers.get('location'), path).toBeNull();
    }
    expect(await hitCount(id)).toBe(0);
  });

  it('verifies the signature of a message registered with an id that names no key', async () => {
    const token = await createSender('click-unkeyed@example.com');
    const id = 'legacy-id-0000000000000001';
    const reg = (await (await call('/api/messages', { method: 'POST', token, body: JSON.stringify(registration(id)) })).json()) as { links: { trackedUrl: string }[] };
    const signed = pathOf(reg.links[0]!.trackedUrl);
    expect((await call(signed, { redirect: 'manual' })).status).toBe(302);
    // The registered destination with any other signature: no redirect.
    const parts = signed.split('/');
    const forged = [...parts.slice(0, 4), 'A'.repeat(22), parts[5]].join('/');
    const res = await call(forged, { redirect: 'manual' });
    expect(res.status).toBe(404);
    expect(res.headers.get('location')).toBeNull();
  });

  it('redirects to a destination beyond Latin-1, written as the URL parser writes it', async () => {
    const token = await createSender('click-unicode@example.com');
    const key = await linkKeyOf(token);
    const url = trackedLinkUrl(BASE, key, mintMessageId(key), 0, 'https://example.org/prix-€?q=日本');
    const res = await call(pathOf(url), { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://example.org/prix-%E2%82%AC?q=%E6%97%A5%E6%9C%AC');
  });

  it('keeps redirecting after the sender\'s account is deleted (links never expire)', async () => {
    const token = await createSender('leaving@example.com');
    const key = await linkKeyOf(token);
    const id = mintMessageId(key);
    const url = trackedLinkUrl(BASE, key, id, 0, 'https://example.org/kept');
    await env.DB.prepare("UPDATE accounts SET deleted_at = '2026-11-24T00:00:00.000Z' WHERE email = 'leaving@example.com'").run();
    expect((await call('/api/me', { token })).status).toBe(401);
    const res = await call(pathOf(url), { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://example.org/kept');
  });
});
