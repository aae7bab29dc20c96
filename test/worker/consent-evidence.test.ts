import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { mintMessageId } from '../../shared/tracking/message-id.ts';
import { BASE, call, createSender, eventually, linkKeyOf, registration } from './helpers.ts';

type Links = Record<'unsubscribe' | 'preferences' | 'grantConsent' | 'withdrawConsent' | 'stopTracking', string>;

async function sendMessage(token: string, overrides: Record<string, unknown> = {}) {
  const id = mintMessageId(await linkKeyOf(token));
  const res = await call('/api/messages', { method: 'POST', token, body: JSON.stringify(registration(id, overrides)) });
  const body = (await res.json()) as { smartLinks: Links };
  return { id, path: (action: keyof Links) => body.smartLinks[action].slice(BASE.length) };
}

function submit(path: string, fields: Record<string, string>, headers: Record<string, string> = {}, cf?: Record<string, unknown>) {
  return call(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
    ...(cf ? { cf } : {}),
  } as RequestInit);
}

interface LedgerRow {
  id: string; identified_by: string | null; network: string | null; country: string | null; sender_signal: string | null;
  status: string; language: string | null; wording_hash: string | null; source: string; action: string;
}

async function ledgerOf(email: string): Promise<LedgerRow[]> {
  const rows = await env.DB.prepare(
    `SELECT l.* FROM consent_ledger l JOIN contact_addresses a ON a.contact_key = l.contact_key WHERE a.email = ? ORDER BY l.at`,
  ).bind(email).all<LedgerRow>();
  return rows.results;
}

describe('evidence on every ledger row', { timeout: 30_000 }, () => {
  it('keeps how the person was identified, the network (not the address), country, language and the wording behind the hash', async () => {
    const token = await createSender('evidence@example.com');
    const { path } = await sendMessage(token, { to: ['evidence@example.org'] });
    const res = await submit(`${path('unsubscribe')}?lang=fr`, { lang: 'fr' }, { 'cf-connecting-ip': '81.2.69.160' }, { country: 'FR', asn: 3215 });
    expect(res.status).toBe(200);
    const [row] = await ledgerOf('evidence@example.org');
    expect(row).toEqual(expect.objectContaining({
      identified_by: 'sole_recipient', network: '81.2.69.0/24', country: 'FR', sender_signal: null, status: 'applied', language: 'fr', source: 'recipient_page',
    }));
    const wording = await env.DB.prepare('SELECT language, wording FROM consent_wordings WHERE hash = ?').bind(row!.wording_hash).first<{ language: string; wording: string }>();
    expect(wording?.language).toBe('fr');
    expect(wording?.wording).toContain('Se désabonner');
    const stored = JSON.stringify(await env.DB.prepare('SELECT * FROM consent_ledger WHERE id = ?').bind(row!.id).first());
    expect(stored).not.toContain('81.2.69.160');
  });

  it('marks a change made from the sender\'s own network, and one typed on a shared link', async () => {
    const token = await createSender('evidence-self@example.com');
    // The sender's extension calls the API from this address: the tracking core remembers it.
    await call('/api/me', { token, headers: { 'cf-connecting-ip': '81.2.70.10' } });
    await eventually(async () => env.DB.prepare("SELECT 1 AS y FROM sender_ips WHERE ip = '81.2.70.10'").first(), 'the sender ip');
    const { path } = await sendMessage(token, { to: ['self-a@example.org', 'self-b@example.org'] });
    expect((await submit(path('stopTracking'), { email: 'self-b@example.org' }, { 'cf-connecting-ip': '81.2.70.10' })).status).toBe(200);
    const [row] = await ledgerOf('self-b@example.org');
    expect(row).toEqual(expect.objectContaining({ identified_by: 'typed_on_shared_link', sender_signal: 'sender_network', status: 'applied', action: 'stopTracking' }));
  });

  it('marks a sender\'s change by hand and an import', async () => {
    const token = await createSender('evidence-hand@example.com');
    await call('/api/suppressions', { method: 'POST', token, body: JSON.stringify({ email: 'hand@example.org', doNotContact: 'no_email', scope: 'sender' }) });
    await call('/api/suppressions/import', { method: 'POST', token, headers: { 'content-type': 'text/csv' }, body: 'email,scope\nimported@example.org,sender\n' });
    expect((await ledgerOf('hand@example.org'))[0]?.identified_by).toBe('sender_with_note');
    expect((await ledgerOf('imported@example.org'))[0]?.identified_by).toBe('import');
  });
});
