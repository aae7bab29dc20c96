import { env, exports } from 'cloudflare:workers';
import { hashApiToken, mintApiToken } from '../../shared/crypto/api-token.ts';
import type { LinkKey } from '../../shared/crypto/mac.ts';

export const BASE = 'https://tracker.example';

/** Creates a sender account straight in D1 (as `npm run token` does) and returns its token. */
export async function createSender(email: string, role: 'admin' | 'sender' = 'sender'): Promise<string> {
  const token = mintApiToken();
  const accountId = crypto.randomUUID();
  await env.DB.batch([
    env.DB.prepare('INSERT INTO accounts (id, email, role) VALUES (?, ?, ?)').bind(accountId, email, role),
    env.DB.prepare('INSERT INTO api_tokens (token_hash, account_id) VALUES (?, ?)').bind(hashApiToken(token), accountId),
  ]);
  return token;
}

export function call(path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  if (init.body && !headers.has('content-type')) headers.set('content-type', 'application/json');
  return exports.default.fetch(new Request(BASE + path, { ...init, headers }));
}

export async function linkKeyOf(token: string): Promise<LinkKey> {
  const res = await call('/api/me', { token });
  if (res.status !== 200) throw new Error(`GET /api/me answered ${res.status}`);
  return ((await res.json()) as { linkKey: LinkKey }).linkKey;
}

/** Polls until `check` returns a value: hits are written after the response (waitUntil). */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function hitCount(messageId: string): Promise<number> {
  const row = await env.DB.prepare('SELECT COUNT(*) AS n FROM hits WHERE message_id = ?').bind(messageId).first<{ n: number }>();
  return row?.n ?? 0;
}

export function registration(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    from: 'sender@example.com',
    subject: 'Quarterly plan',
    to: ['ana@example.org'],
    massMail: false,
    tracked: true,
    links: [{ index: 0, url: 'https://example.org/pricing?plan=team' }],
    sentAt: new Date(Date.now() - 60_000).toISOString(),
    ...overrides,
  };
}
