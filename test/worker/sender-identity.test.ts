import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { mintMessageId } from '../../shared/tracking/message-id.ts';
import { BASE, call, createSender, linkKeyOf, registration } from './helpers.ts';

async function pageOf(token: string, from: string, to: string[]) {
  const id = mintMessageId(await linkKeyOf(token));
  const res = await call('/api/messages', { method: 'POST', token, body: JSON.stringify(registration(id, { from, to })) });
  const links = ((await res.json()) as { smartLinks: Record<string, string> }).smartLinks;
  const pages = await Promise.all(Object.values(links).map(async (url) => (await call(url.slice(BASE.length))).text()));
  return { id, pages };
}

async function accountIdOf(email: string): Promise<string> {
  return (await env.DB.prepare('SELECT id FROM accounts WHERE email = ?').bind(email).first<{ id: string }>())!.id;
}

describe('the sender named on recipient pages', { timeout: 30_000 }, () => {
  it('is the account\'s address or an admin-added alias, never a claimed from', async () => {
    const admin = await createSender('identity-admin@example.com', 'admin');
    const token = await createSender('real-sender@example.com');
    await env.DB.prepare("INSERT INTO org_settings (key, value) VALUES ('organisation_name', 'Example Trading') ON CONFLICT (key) DO UPDATE SET value = excluded.value").run();

    const forged = await pageOf(token, 'ceo@bank.example', ['victim@example.org', 'other@example.org']);
    for (const page of forged.pages) {
      expect(page).not.toContain('ceo@bank.example');
      expect(page).not.toContain('bank.example');
      expect(page).toContain('real-sender@example.com');
      expect(page).toContain('Example Trading');
    }
    // The sender's own view keeps what was claimed.
    expect(((await (await call(`/api/messages/${forged.id}`, { token })).json()) as { from: string }).from).toBe('ceo@bank.example');

    // An admin vouches for an alias: pages may name it, and the sender sees it in /api/me.
    const account = await accountIdOf('real-sender@example.com');
    expect((await call(`/api/accounts/${account}/aliases`, { method: 'POST', token, body: JSON.stringify({ email: 'sales@example.com' }) })).status).toBe(403);
    expect((await call(`/api/accounts/${account}/aliases`, { method: 'POST', token: admin, body: JSON.stringify({ email: 'Sales@Example.com' }) })).status).toBe(201);
    expect((await call(`/api/accounts/${account}/aliases`, { method: 'POST', token: admin, body: JSON.stringify({ email: 'identity-admin@example.com' }) })).status).toBe(409);
    expect(((await (await call('/api/me', { token })).json()) as { aliases: string[] }).aliases).toEqual(['sales@example.com']);
    const aliased = await pageOf(token, 'sales@example.com', ['fan@example.org']);
    for (const page of aliased.pages) expect(page).toContain('sales@example.com');

    expect((await call(`/api/accounts/${account}/aliases/sales%40example.com`, { method: 'DELETE', token: admin })).status).toBe(204);
    expect((await call(`/api/accounts/${account}/aliases/sales%40example.com`, { method: 'DELETE', token: admin })).status).toBe(404);
    expect(((await (await call('/api/me', { token })).json()) as { aliases: string[] }).aliases).toEqual([]);
    const after = await pageOf(token, 'sales@example.com', ['fan2@example.org']);
    for (const page of after.pages) expect(page).not.toContain('sales@example.com');
    await env.DB.prepare("DELETE FROM org_settings WHERE key = 'organisation_name'").run();
  });
});
