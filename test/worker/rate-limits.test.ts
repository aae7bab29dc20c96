import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { mintApiToken } from '../../shared/crypto/api-token.ts';
import { mintMessageId } from '../../shared/tracking/message-id.ts';
import { AUTH_FAILURE_LIMIT, AUTH_FAILURE_WINDOW_MS } from '../../worker/auth/auth-failures.ts';
import { app } from '../../worker/app.ts';
import { pruneRawSignals } from '../../worker/maintenance/prune-raw-signals.ts';
import { BASE, call, createSender, linkKeyOf, registration } from './helpers.ts';

describe('rate limits', () => {
  it('stop a script hammering one Smart Link form, without touching another link', async () => {
    const token = await createSender('limits@example.com');
    const key = await linkKeyOf(token);
    const links = async () => {
      const id = mintMessageId(key);
      const res = await call('/api/messages', { method: 'POST', token, body: JSON.stringify(registration(id, { to: ['a@example.org', 'b@example.org'] })) });
      return ((await res.json()) as { smartLinks: { unsubscribe: string } }).smartLinks.unsubscribe.slice(BASE.length);
    };
    const hammered = await links();
    const other = await links();
    const post = (path: string) => call(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=nobody%40example.org' });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await post(hammered)).status);
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true); // not a recipient, served the same answer as one
    expect(statuses.slice(10)).toEqual([429, 429]);
    expect(await (await post(hammered)).text()).toMatch(/Too many attempts/);
    expect((await post(other)).status).toBe(200);
  }, 30_000); // 14 form posts, each with its evidence look-ups: room for a loaded machine

  it('stop a network that keeps failing to authenticate, with a Retry-After, whatever token it tries next', async () => {
    const token = await createSender('limits-auth@example.com');
    const from = (ip: string, authorization?: string) => call('/api/me', { headers: { 'cf-connecting-ip': ip, ...(authorization ? { authorization } : {}) } });
    const statuses: number[] = [];
    for (let i = 0; i < AUTH_FAILURE_LIMIT; i++) {
      // Guesses, a missing header and a malformed one all count, from addresses of one /24.
      const authorization = [`Bearer ${mintApiToken()}`, undefined, 'Token nope'][i % 3];
      statuses.push((await from(`198.51.100.${i % 200}`, authorization)).status);
    }
    expect(new Set(statuses)).toEqual(new Set([401]));
    const refused = await from('198.51.100.250', `Bearer ${token}`);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(AUTH_FAILURE_WINDOW_MS / 1000);
    // Another network, and a sender whose address is unknown (local development), are not held.
    expect((await from('198.51.101.1', `Bearer ${token}`)).status).toBe(200);
    expect((await from('2001:db8:1::1', `Bearer ${token}`)).status).toBe(200);
    expect((await call('/api/me', { token })).status).toBe(200);
    // Once its window has ended the network is let in again, and the cron forgets the window.
    await pruneRawSignals(env.DB, new Date(Date.now() + AUTH_FAILURE_WINDOW_MS));
    expect((await env.DB.prepare('SELECT COUNT(*) AS n FROM auth_failures').first<{ n: number }>())!.n).toBe(0);
    expect((await from('198.51.100.250', `Bearer ${token}`)).status).toBe(200);
  });

  it('say when to come back once one token is over its limit', async () => {
    // A limiter that has run out, in place of API_LIMITER (600 a minute per token in wrangler.toml).
    const spent: RateLimit = { limit: async () => ({ success: false }) };
    const ctx = createExecutionContext();
    const res = await app.fetch(new Request(`${BASE}/api/me`, { headers: { authorization: `Bearer ${mintApiToken()}` } }), { ...env, API_LIMITER: spent }, ctx);
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('60');
  });
});
