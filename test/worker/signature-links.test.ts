import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, createSender } from './helpers.ts';

function submit(path: string, fields: Record<string, string>) {
  return call(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
}

async function status(token: string, email: string) {
  const res = await call('/api/contacts/status', { method: 'POST', token, body: JSON.stringify({ emails: [email] }) });
  return ((await res.json()) as { contacts: { doNotContact: string; consent: string; tracking: string; scope: { kind: string } | null }[] }).contacts[0]!;
}

async function ledgerOf(email: string) {
  const rows = await env.DB.prepare(
    `SELECT scope_kind, action, status, identified_by, message_id, account_id FROM consent_ledger
      WHERE contact_key = (SELECT contact_key FROM contact_addresses WHERE email = ?1) OR id IN (SELECT ledger_id FROM consent_requests WHERE email = ?1) ORDER BY at`,
  ).bind(email).all<{ scope_kind: string; action: string; status: string; identified_by: string; message_id: string | null; account_id: string | null }>();
  return rows.results;
}

describe('signature links without a message', { timeout: 30_000 }, () => {
  it.each([
    ['unsubscribe', 'Se désabonner', {}, { doNotContact: 'no_email' }, 'applied'],
    ['withdraw-consent', 'Retirer votre consentement', {}, { doNotContact: 'no_contact', consent: 'withdrawn' }, 'applied'],
    ['stop-tracking', 'Arrêter le suivi', {}, { tracking: 'refused' }, 'applied'],
    ['grant-consent', 'Donner votre consentement', {}, { doNotContact: 'none', consent: 'unknown' }, 'pending'],
    ['preferences', 'Vos préférences', { doNotContact: 'no_mass_email' }, { doNotContact: 'no_mass_email' }, 'applied'],
  ] as const)('/s/%s asks for the address in the reader\'s language and applies its choice at organisation scope', async (kind, title, fields, expected, ledgerStatus) => {
    const token = await createSender(`signature-${kind}@example.com`);
    const email = `signature-${kind}@example.org`;
    for (const method of ['GET', 'HEAD']) expect((await call(`/s/${kind}?lang=fr`, { method })).status).toBe(200);
    const page = await (await call(`/s/${kind}`, { headers: { 'accept-language': 'fr-FR,fr;q=0.9' } })).text();
    expect(page).toContain('<html lang="fr"');
    expect(page).toContain(title);
    expect(page).toContain('type="email"');
    expect(page).toContain('<form method="post"');
    expect(page).not.toMatch(/<script/i);
    // Only the organisation's scope is offered: the link names no sender.
    expect(page).toContain('name="scope" value="organisation"');
    expect(page).not.toContain('value="sender"');
    expect(await ledgerOf(email)).toEqual([]);

    const res = await submit(`/s/${kind}`, { ...fields, email, lang: 'fr', scope: 'sender' });
    expect(res.status).toBe(200);
    expect(await status(token, email)).toEqual(expect.objectContaining({ ...expected }));
    expect(await ledgerOf(email)).toEqual([
      expect.objectContaining({ scope_kind: 'organisation', status: ledgerStatus, identified_by: 'typed_on_signature_link', message_id: null, account_id: null }),
    ]);
  });

  it('refuses a missing address with the form again, and an unknown kind with a 404 page', async () => {
    const res = await submit('/s/unsubscribe', { email: 'not an address' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('type="email"');
    expect((await call('/s/subscribe-everyone')).status).toBe(404);
    expect((await submit('/s/subscribe-everyone', { email: 'x@example.org' })).status).toBe(404);
  });

  it('names the organisation from its settings, never an address', async () => {
    await env.DB.prepare("INSERT INTO org_settings (key, value) VALUES ('organisation_name', 'Acme Corp') ON CONFLICT (key) DO UPDATE SET value = excluded.value").run();
    const page = await (await call('/s/unsubscribe')).text();
    expect(page).toContain('Acme Corp');
    await env.DB.prepare("DELETE FROM org_settings WHERE key = 'organisation_name'").run();
  });
});
