import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mintMessageId } from '../../shared/tracking/message-id.ts';
import { app } from '../../worker/app.ts';
import { BASE, call, createSender, linkKeyOf, registration } from './helpers.ts';

const MAIL = { MAIL_API_URL: 'https://mail-api.example/emails', MAIL_FROM: 'preferences@acme.example', MAIL_API_TOKEN: 'mail-secret' };

async function post(path: string, body: string, bindings: typeof env) {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(BASE + path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }), bindings, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe('opt-out confirmation email', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is sent in the page language with a link back in, when a mail API is configured', async () => {
    const token = await createSender('confirm@example.com');
    const id = mintMessageId(await linkKeyOf(token));
    const reg = (await (await call('/api/messages', { method: 'POST', token, body: JSON.stringify(registration(id, { to: ['leaving@example.org'] })) })).json()) as { smartLinks: { unsubscribe: string } };
    const realFetch = globalThis.fetch;
    const sent: { url: string; auth: string | null; body: { from: string; to: string; subject: string; text: string } }[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const request = new Request(input, init);
      if (!request.url.startsWith(MAIL.MAIL_API_URL)) return realFetch(input, init);
      sent.push({ url: request.url, auth: request.headers.get('authorization'), body: (await request.json()) as (typeof sent)[number]['body'] });
      return new Response('{"id":"1"}', { status: 200 });
    });
    // Opted out for this sender only: the way back in must lift exactly that opt-out.
    const res = await post(`${reg.smartLinks.unsubscribe.slice(BASE.length)}?lang=de`, 'lang=de&scope=sender', { ...env, ...MAIL });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Wir haben eine Bestätigung an <bdi>leaving@example.org</bdi> gesendet.');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.auth).toBe('Bearer mail-secret');
    expect(sent[0]!.body).toEqual(expect.objectContaining({ from: 'preferences@acme.example', to: 'leaving@example.org', subject: 'Ihre E-Mail-Einstellungen wurden geändert' }));
    expect(sent[0]!.body.text).toContain('Sie sind abgemeldet');
    const link = new RegExp(`${BASE}(/s/confirm/[A-Za-z0-9_-]{43})`).exec(sent[0]!.body.text)?.[1];
    expect(link).toBeDefined();
    const status = async () =>
      ((await (await call('/api/contacts/status', { method: 'POST', token, body: JSON.stringify({ emails: ['leaving@example.org'] }) })).json()) as { contacts: { doNotContact: string; scope: { kind: string } | null }[] }).contacts[0]!;
    expect(await status()).toEqual(expect.objectContaining({ doNotContact: 'no_email', scope: expect.objectContaining({ kind: 'sender' }) }));

    // The link's page changes nothing; its POST lifts the opt-out at the scope it was set, once.
    expect((await call(link!)).status).toBe(200);
    expect((await status()).doNotContact).toBe('no_email');
    const back = await post(link!, 'lang=de', env);
    expect(back.status).toBe(200);
    expect(await back.text()).toContain('Sie sind wieder angemeldet.');
    expect((await status()).doNotContact).toBe('none');
    expect((await post(link!, '', env)).status).toBe(404);
    const ledger = await env.DB.prepare(
      "SELECT scope_kind, action, identified_by, confirms FROM consent_ledger WHERE contact_key = (SELECT contact_key FROM contact_addresses WHERE email = 'leaving@example.org') ORDER BY at",
    ).all<{ scope_kind: string; action: string; identified_by: string; confirms: string | null }>();
    expect(ledger.results.map((r) => [r.scope_kind, r.action, r.identified_by])).toEqual([
      ['sender', 'unsubscribe', 'sole_recipient'],
      ['sender', 'optBackIn', 'mailbox_confirmed'],
    ]);
  });

  it('is not sent by default, and the choice is recorded either way', async () => {
    const token = await createSender('no-mail@example.com');
    const id = mintMessageId(await linkKeyOf(token));
    const reg = (await (await call('/api/messages', { method: 'POST', token, body: JSON.stringify(registration(id, { to: ['quiet@example.org'] })) })).json()) as { smartLinks: { unsubscribe: string } };
    const spy = vi.spyOn(globalThis, 'fetch');
    const res = await post(reg.smartLinks.unsubscribe.slice(BASE.length), '', env);
    expect(res.status).toBe(200);
    expect(spy).not.toHaveBeenCalled();
    const status = (await (await call('/api/contacts/status', { method: 'POST', token, body: JSON.stringify({ emails: ['quiet@example.org'] }) })).json()) as { contacts: { doNotContact: string }[] };
    expect(status.contacts[0]!.doNotContact).toBe('no_email');
  });
});
