import { describe, expect, it } from 'vitest';
import { call, createSender } from './helpers.ts';

describe('API authentication', () => {
  it.each([
    ['no Authorization header', undefined],
    ['a malformed header', 'Token abc'],
    ['an unknown token', 'Bearer slt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['a token of the wrong shape', 'Bearer hello'],
  ])('answers 401 in the error envelope for %s', async (_case, authorization) => {
    const res = await call('/api/events', { headers: authorization ? { authorization } : {} });
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('unauthorized');
    expect(body.error.message).toMatch(/token/i);
  });

  it('accepts a valid token and names its sender', async () => {
    const token = await createSender('auth-ok@example.com');
    const res = await call('/api/me', { token });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { email: string; linkKey: { id: string; secret: string } };
    expect(body.email).toBe('auth-ok@example.com');
    expect(body.linkKey.id).toMatch(/^[A-Za-z0-9_-]{6}$/);
    // The key is stable: the extension signs with it across sessions.
    const again = (await (await call('/api/me', { token })).json()) as typeof body;
    expect(again.linkKey).toEqual(body.linkKey);
  });

  it('grants CORS to extension origins only', async () => {
    const preflight = (origin: string) =>
      call('/api/messages', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
    const ext = await preflight('chrome-extension://abcdefghijklmnopabcdefghijklmnop');
    expect(ext.headers.get('access-control-allow-origin')).toBe('chrome-extension://abcdefghijklmnopabcdefghijklmnop');
    const moz = await preflight('moz-extension://0d7a1c2e-1111-4a4a-9b9b-123456789abc');
    expect(moz.headers.get('access-control-allow-origin')).toBe('moz-extension://0d7a1c2e-1111-4a4a-9b9b-123456789abc');
    const site = await preflight('https://evil.example');
    expect(site.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers unknown routes with a 404 envelope', async () => {
    const res = await call('/nope');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});
