import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mintMessageId } from '../../shared/tracking/message-id.ts';
import { app } from '../../worker/app.ts';
import { BASE, call, createSender, eventually, linkKeyOf, registration } from './helpers.ts';

type Links = Record<'unsubscribe' | 'preferences' | 'grantConsent' | 'withdrawConsent' | 'stopTracking', string>;
const MAIL = { MAIL_API_URL: 'https://mail-api.example/emails', MAIL_FROM: 'preferences@acme.example', MAIL_API_TOKEN: 'mail-secret' };
const HUMAN = { 'user-agent': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)' };

async function sendMessage(token: string, overrides: Record<string, unknown> = {}) {
  const id = mintMessageId(await linkKeyOf(token));
  const res = await call('/api/messages', { method: 'POST', token, body: JSON.stringify(registration(id, overrides)) });
  const body = (await res.json()) as { smartLinks: Links };
  return { id, path: (action: keyof Links) => body.smartLinks[action].slice(BASE.length) };
}

/** A form POST through the app with these bindings (mail on or off), waiting for its background work. */
async function submit(path: string, fields: Record<string, string>, headers: Record<string, string> = {}, bindings: typeof env = env) {
  const ctx = createExecutionContext();
  const res = await app.fetch(
    new Request(BASE + path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...HUMAN, ...headers }, body: new URLSearchParams(fields).toString() }),
    bindings,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

async function status(token: string, email: string) {
  const res = await call('/api/contacts/status', { method: 'POST', token, body: JSON.stringify({ emails: [email] }) });
  return ((await res.json()) as { contacts: { doNotContact: string; consent: string; tracking: string }[] }).contacts[0]!;
}

async function ledgerOf(email: string) {
  const rows = await env.DB.prepare(
    `SELECT l.id, l.action, l.status, l.identified_by, l.sender_signal, l.changes, l.confirms FROM consent_ledger l
      WHERE l.contact_key = (SELECT contact_key FROM contact_addresses WHERE email = ?1)
         OR l.id IN (SELECT ledger_id FROM consent_requests WHERE email = ?1) ORDER BY l.at`,
  ).bind(email).all<{ id: string; action: string; status: string; identified_by: string; sender_signal: string | null; changes: string; confirms: string | null }>();
  return rows.results;
}

/** Every email the mail API was asked to send, from now on. */
function captureMail() {
  const realFetch = globalThis.fetch;
  const sent: { to: string; subject: string; text: string }[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const request = new Request(input, init);
    if (!request.url.startsWith(MAIL.MAIL_API_URL)) return realFetch(input, init);
    sent.push((await request.json()) as (typeof sent)[number]);
    return new Response('{}', { status: 200 });
  });
  return sent;
}

describe('permissive changes wait for the mailbox; restrictive ones apply at once', { timeout: 30_000 }, () => {
  afterEach(() => vi.restoreAllMocks());

  it('keeps the sender\'s own Grant consent pending: from their network, or their browser', async () => {
    const token = await createSender('self-grant@example.com');
    await call('/api/me', { token, headers: { 'cf-connecting-ip': '81.2.71.20' } });
    await eventually(async () => env.DB.prepare("SELECT 1 AS y FROM sender_ips WHERE ip = '81.2.71.20'").first(), 'the sender ip');
    // The recipient had opted out organisation-wide.
    const { id, path } = await sendMessage(token, { to: ['opted-out@example.org'] });
    expect((await submit(path('unsubscribe'), {}, { 'cf-connecting-ip': '203.0.113.9' })).status).toBe(200);

    const res = await submit(path('grantConsent'), {}, { 'cf-connecting-ip': '81.2.71.20' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Nothing has changed yet');
    expect(await status(token, 'opted-out@example.org')).toEqual(expect.objectContaining({ doNotContact: 'no_email', consent: 'unknown' }));
    const ledger = await ledgerOf('opted-out@example.org');
    expect(ledger.map((r) => [r.action, r.status, r.identified_by, r.sender_signal])).toEqual([
      ['unsubscribe', 'applied', 'sole_recipient', null],
      ['grantConsent', 'pending', 'sole_recipient', 'sender_network'],
    ]);

    // The sender's extension reported showing this message: their browser.
    await call(`/api/messages/${id}/viewing`, { method: 'POST', token });
    await submit(path('grantConsent'), {}, { 'cf-connecting-ip': '198.51.100.7' });
    expect((await status(token, 'opted-out@example.org')).doNotContact).toBe('no_email');
    expect((await ledgerOf('opted-out@example.org')).at(-1)).toEqual(expect.objectContaining({ status: 'pending', sender_signal: 'sender_browser' }));

    // What the sender is told.
    const events = (await (await call(`/api/messages/${id}/events`, { token })).json()) as { events: { kind: string; reason: string; consent: { action: string } | null }[] };
    const requested = events.events.filter((e) => e.consent?.action === 'requested');
    expect(requested).toHaveLength(2);
    expect(requested[0]!.reason).toBe('Consent requested, not confirmed (organisation-wide): doNotContact no_email → none, consent unknown → granted');
  });

  it('applies the sole recipient\'s own Grant consent at once', async () => {
    const token = await createSender('sole-grant@example.com');
    const { path } = await sendMessage(token, { to: ['sole@example.org'] });
    expect((await submit(path('grantConsent'), {}, { 'cf-connecting-ip': '198.51.100.20' })).status).toBe(200);
    expect((await status(token, 'sole@example.org')).consent).toBe('granted');
    expect((await ledgerOf('sole@example.org')).map((r) => [r.status, r.identified_by])).toEqual([['applied', 'sole_recipient']]);
  });

  it('keeps a co-recipient\'s Grant consent pending until the mailbox confirms it, and the ledger shows both steps', async () => {
    const token = await createSender('co-grant@example.com');
    const { path } = await sendMessage(token, { to: ['co-a@example.org', 'co-b@example.org'] });
    const sent = captureMail();
    const res = await submit(path('grantConsent'), { email: 'co-b@example.org' }, {}, { ...env, ...MAIL });
    expect(await res.text()).toContain('We have sent a link there.');
    expect((await status(token, 'co-b@example.org')).consent).toBe('unknown');
    expect(sent.map((m) => m.to)).toEqual(['co-b@example.org']);
    const link = new RegExp(`${BASE}(/s/confirm/[A-Za-z0-9_-]{43})`).exec(sent[0]!.text)![1]!;

    // Scanners open mailed links: the page alone changes nothing.
    expect((await call(link, { method: 'HEAD' })).status).toBe(200);
    expect(await (await call(link)).text()).toContain('Confirm this change for <bdi>co-b@example.org</bdi>');
    expect((await status(token, 'co-b@example.org')).consent).toBe('unknown');

    const confirmed = await submit(link, {});
    expect(confirmed.status).toBe(200);
    // Only now, with the mailbox proven, the page shows the choices.
    expect(await confirmed.text()).toContain('Your current choices');
    expect((await status(token, 'co-b@example.org')).consent).toBe('granted');
    const ledger = await ledgerOf('co-b@example.org');
    expect(ledger.map((r) => [r.action, r.status, r.identified_by])).toEqual([
      ['grantConsent', 'pending', 'typed_on_shared_link'],
      ['grantConsent', 'applied', 'mailbox_confirmed'],
    ]);
    expect(ledger[1]!.confirms).toBe(ledger[0]!.id);
    expect((await submit(link, {})).status).toBe(404);
  });

  it('applies a restrictive change typed on a shared link at once, with its evidence kind', async () => {
    const token = await createSender('co-stop@example.com');
    const { path } = await sendMessage(token, { to: ['stop-a@example.org'], cc: ['stop-b@example.org'] });
    await submit(path('withdrawConsent'), { email: 'stop-b@example.org', scope: 'sender' });
    expect(await status(token, 'stop-b@example.org')).toEqual(expect.objectContaining({ doNotContact: 'no_contact', consent: 'withdrawn' }));
    expect((await ledgerOf('stop-b@example.org')).map((r) => [r.action, r.status, r.identified_by])).toEqual([['withdrawConsent', 'applied', 'typed_on_shared_link']]);
  });

  it('applies the narrowing half of a preference at once and holds the widening half', async () => {
    const token = await createSender('co-prefs@example.com');
    const { path } = await sendMessage(token, { to: ['pref-a@example.org', 'pref-b@example.org'] });
    await submit(path('unsubscribe'), { email: 'pref-b@example.org' });
    await submit(path('preferences'), { email: 'pref-b@example.org', doNotContact: 'none', tracking: 'refused' });
    expect(await status(token, 'pref-b@example.org')).toEqual(expect.objectContaining({ doNotContact: 'no_email', tracking: 'refused' }));
    const ledger = await ledgerOf('pref-b@example.org');
    expect(ledger.slice(1).map((r) => [r.status, JSON.parse(r.changes) as unknown])).toEqual([
      ['applied', [{ field: 'tracking', from: 'allowed', to: 'refused' }]],
      ['pending', [{ field: 'doNotContact', from: 'no_email', to: 'none' }]],
    ]);
  });
});

describe('a shared link reveals nothing', { timeout: 30_000 }, () => {
  afterEach(() => vi.restoreAllMocks());

  /** The answer with the one thing that may differ, the echoed address, blanked out. */
  async function answer(res: Response, email: string) {
    return { status: res.status, body: (await res.text()).replaceAll(email, '<typed>') };
  }

  it.each([
    ['unsubscribe', {}],
    ['grantConsent', {}],
    ['withdrawConsent', {}],
    ['stopTracking', {}],
    ['preferences', { doNotContact: 'none', consent: 'granted', tracking: 'refused' }],
  ] as const)('answers %s the same for a recipient, a Bcc recipient and a stranger', async (action, fields) => {
    const token = await createSender(`shared-${action}@example.com`);
    const who = (name: string) => `${action.toLowerCase()}-${name}@example.org`;
    const { path } = await sendMessage(token, { to: [who('to')], cc: [who('cc')], bcc: [who('bcc')] });
    for (const bindings of [env, { ...env, ...MAIL }]) {
      if (bindings !== env) captureMail();
      const answers = [];
      for (const email of [who('to'), who('bcc'), who('stranger')]) {
        answers.push(await answer(await submit(path(action), { ...fields, email, scope: 'organisation' }, {}, bindings), email));
      }
      expect(answers[0]!.status).toBe(200);
      expect(answers[1]).toEqual(answers[0]);
      expect(answers[2]).toEqual(answers[0]);
      for (const { body } of answers) for (const name of ['to', 'cc', 'bcc']) expect(body).not.toContain(who(name));
    }
  });

  it('shows current choices only to a sole recipient', async () => {
    const token = await createSender('shared-state@example.com');
    await call('/api/suppressions', { method: 'POST', token, body: JSON.stringify({ email: 'known@example.org', doNotContact: 'no_mass_email', tracking: 'refused', scope: 'sender' }) });
    const shared = await sendMessage(token, { to: ['known@example.org', 'other@example.org'] });
    const sole = await sendMessage(token, { to: ['known@example.org'] });
    const checked = (html: string) => [...html.matchAll(/value="([a-z_]+)" checked/g)].map((m) => m[1]);
    expect(checked(await (await call(shared.path('preferences'))).text())).toEqual(['organisation']);
    expect(checked(await (await call(sole.path('preferences'))).text())).toEqual(['no_mass_email', 'unknown', 'refused', 'organisation']);
  });
});
