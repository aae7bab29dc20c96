import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { mintMessageId } from '../../shared/tracking/message-id.ts';
import { BASE, call, createSender, eventually, hitCount, linkKeyOf, registration } from './helpers.ts';

type Links = Record<'unsubscribe' | 'preferences' | 'grantConsent' | 'withdrawConsent' | 'stopTracking', string>;

async function accountId(email: string): Promise<string> {
  return (await env.DB.prepare('SELECT id FROM accounts WHERE email = ?').bind(email).first<{ id: string }>())!.id;
}

async function sendMessage(token: string, overrides: Record<string, unknown> = {}) {
  const id = mintMessageId(await linkKeyOf(token));
  const res = await call('/api/messages', { method: 'POST', token, body: JSON.stringify(registration(id, overrides)) });
  const body = (await res.json()) as { smartLinks: Links };
  const path = (action: keyof Links) => body.smartLinks[action].slice(BASE.length);
  return { id, path };
}

async function status(token: string, email: string) {
  const res = await call('/api/contacts/status', { method: 'POST', token, body: JSON.stringify({ emails: [email] }) });
  return ((await res.json()) as { contacts: { doNotContact: string; consent: string; tracking: string; scope: { kind: string } | null }[] }).contacts[0]!;
}

function submit(path: string, fields: Record<string, string> = {}) {
  return call(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
}

async function ledgerCount(): Promise<number> {
  return (await env.DB.prepare('SELECT COUNT(*) AS n FROM consent_ledger').first<{ n: number }>())!.n;
}

const SCANNERS: [string, Record<string, string>, string][] = [
  ['Barracuda', { 'user-agent': 'Barracuda Sentinel (EE)' }, 'GET'],
  ['Safe Links from Microsoft', { 'user-agent': 'Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/57.0.2987.133 Safari/537.36', 'cf-connecting-ip': '40.107.218.12' }, 'GET'],
  ['an empty user agent', {}, 'GET'],
  ['a HEAD probe', { 'user-agent': 'Microsoft Office Existence Discovery' }, 'HEAD'],
  ['a headless browser', { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36' }, 'GET'],
];

describe('Smart Link pages', () => {
  it('change nothing on GET or HEAD, whoever asks, for every link type', async () => {
    const token = await createSender('scan-safe@example.com');
    const { id, path } = await sendMessage(token, { to: ['scanned@example.org'] });
    const before = await ledgerCount();
    for (const action of ['unsubscribe', 'preferences', 'grantConsent', 'withdrawConsent', 'stopTracking'] as const) {
      for (const [, headers, method] of SCANNERS) {
        const res = await call(path(action), { method, headers });
        expect(res.status).toBe(200);
        if (method === 'GET') {
          const html = await res.text();
          expect(html).toContain('<form method="post"');
          expect(html).not.toMatch(/<script/i);
        }
      }
    }
    expect(await ledgerCount()).toBe(before);
    expect(await status(token, 'scanned@example.org')).toEqual(expect.objectContaining({ doNotContact: 'none', consent: 'unknown', tracking: 'allowed' }));
    // The visits are evidence for the sender, classified like any hit.
    await eventually(async () => (await hitCount(id)) === 25, 'the 25 visits');
  });

  it.each([
    ['unsubscribe', {}, false, { doNotContact: 'no_email', consent: 'unknown', tracking: 'allowed' }],
    ['unsubscribe', {}, true, { doNotContact: 'no_mass_email', consent: 'unknown', tracking: 'allowed' }],
    ['grantConsent', {}, false, { doNotContact: 'none', consent: 'granted', tracking: 'allowed' }],
    ['withdrawConsent', {}, false, { doNotContact: 'no_contact', consent: 'withdrawn', tracking: 'allowed' }],
    ['stopTracking', {}, false, { doNotContact: 'none', consent: 'unknown', tracking: 'refused' }],
    ['preferences', { doNotContact: 'no_mass_email', consent: 'granted', tracking: 'refused' }, false, { doNotContact: 'no_mass_email', consent: 'granted', tracking: 'refused' }],
  ] as const)('a %s submission (%j, mail merge %s) has exactly its effect', async (action, fields, massMail, expected) => {
    const token = await createSender(`effect-${action}-${massMail}-${Object.keys(fields).length}@example.com`);
    const recipient = `effect-${action}-${massMail}-${Object.keys(fields).length}@example.org`;
    const { path } = await sendMessage(token, { to: [recipient], massMail });
    const before = await ledgerCount();
    const res = await submit(path(action), { ...fields, scope: 'organisation' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('role="status"');
    expect(await status(token, recipient)).toEqual(expect.objectContaining(expected));
    expect(await ledgerCount()).toBe(before + 1);
  });

  it('filters an opt-out down from organisation to team to sender', async () => {
    await env.DB.batch([
      env.DB.prepare("INSERT INTO teams (id, name) VALUES ('t-news', 'Newsletters'), ('t-events', 'Events')"),
    ]);
    const news1 = await createSender('news1@example.com');
    const news2 = await createSender('news2@example.com');
    const events = await createSender('events1@example.com');
    await env.DB.prepare("UPDATE accounts SET team_id = 't-news' WHERE email IN ('news1@example.com', 'news2@example.com')").run();
    await env.DB.prepare("UPDATE accounts SET team_id = 't-events' WHERE email = 'events1@example.com'").run();
    const who = (n: number) => `scoped${n}@example.org`;

    // Sender scope: only that sender.
    await submit((await sendMessage(news1, { to: [who(1)] })).path('unsubscribe'), { scope: 'sender' });
    expect((await status(news1, who(1))).doNotContact).toBe('no_email');
    expect((await status(news2, who(1))).doNotContact).toBe('none');

    // Team scope: every sender of the team, no one else.
    await submit((await sendMessage(news1, { to: [who(2)] })).path('unsubscribe'), { scope: 'team' });
    expect((await status(news2, who(2))).doNotContact).toBe('no_email');
    expect((await status(news2, who(2))).scope).toEqual({ kind: 'team', id: 't-news' });
    expect((await status(events, who(2))).doNotContact).toBe('none');

    // Organisation scope (the default): everyone.
    await submit((await sendMessage(events, { to: [who(3)] })).path('unsubscribe'));
    for (const token of [news1, news2, events]) expect((await status(token, who(3))).doNotContact).toBe('no_email');
  });

  it('unsubscribes with an RFC 8058 one-click POST, without a page', async () => {
    const token = await createSender('one-click@example.com');
    const { path } = await sendMessage(token, { to: ['oneclick@example.org'] });
    const res = await submit(path('unsubscribe'), { 'List-Unsubscribe': 'One-Click' });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect((await status(token, 'oneclick@example.org')).doNotContact).toBe('no_email');
  });

  it('asks for the address on a message to several people, and never shows the others', async () => {
    const token = await createSender('multi@example.com');
    const { path } = await sendMessage(token, { to: ['first@example.org', 'second@example.org'], cc: ['third@example.org'] });
    const page = await (await call(path('unsubscribe'))).text();
    expect(page).toContain('type="email"');
    for (const address of ['first@', 'second@', 'third@']) expect(page).not.toContain(address);

    expect((await submit(path('unsubscribe'), { email: 'Third@Example.org' })).status).toBe(200);
    expect((await status(token, 'third@example.org')).doNotContact).toBe('no_email');
    expect((await status(token, 'first@example.org')).doNotContact).toBe('none');
  });

  it('keeps the ledger append-only and offers an undo that is ledgered too', async () => {
    const token = await createSender('ledger@example.com');
    const { path } = await sendMessage(token, { to: ['ledger@example.org'] });
    const done = await (await submit(path('unsubscribe'))).text();
    const undoId = /name="undo" value="([^"]+)"/.exec(done)![1]!;
    await expect(env.DB.prepare("UPDATE consent_ledger SET action = 'forged' WHERE id = ?").bind(undoId).run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare('DELETE FROM consent_ledger WHERE id = ?').bind(undoId).run()).rejects.toThrow(/append-only/);

    const undone = await submit(path('unsubscribe'), { undo: undoId });
    expect(undone.status).toBe(200);
    expect((await status(token, 'ledger@example.org')).doNotContact).toBe('none');
    const rows = await env.DB.prepare("SELECT source, changes FROM consent_ledger WHERE contact_key = (SELECT contact_key FROM contact_addresses WHERE email = 'ledger@example.org') ORDER BY at").all<{ source: string; changes: string }>();
    expect(rows.results.map((r) => r.source)).toEqual(['recipient_page', 'undo']);
    expect(JSON.parse(rows.results[1]!.changes)).toEqual([{ field: 'doNotContact', from: 'no_email', to: 'none' }]);

    const events = (await (await call('/api/events', { token })).json()) as { events: { kind: string; reason: string; consent: unknown }[] };
    const consent = events.events.filter((e) => e.kind === 'consent');
    expect(consent.map((e) => e.reason)).toEqual([
      'Undid their last change (organisation-wide): doNotContact no_email → none',
      'Unsubscribed (organisation-wide): doNotContact none → no_email',
    ]);
    // The same in parts, for the extension to say in the sender's language.
    expect(consent.map((e) => e.consent)).toEqual([
      { action: 'undo', scope: 'organisation', changes: [{ field: 'doNotContact', from: 'no_email', to: 'none' }] },
      { action: 'unsubscribe', scope: 'organisation', changes: [{ field: 'doNotContact', from: 'none', to: 'no_email' }] },
    ]);
    expect(events.events.filter((e) => e.kind !== 'consent').map((e) => e.consent)).toEqual(events.events.filter((e) => e.kind !== 'consent').map(() => null));
  });

  it('stops recording hits once the recipient chose "Stop tracking me", also for mail already sent', async () => {
    const token = await createSender('stop-tracking@example.com');
    const { id, path } = await sendMessage(token, { to: ['private@example.org'] });
    await submit(path('stopTracking'));
    const control = await sendMessage(token, { to: ['tracked@example.org'] });
    const human = { 'user-agent': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)', 'cf-connecting-ip': '73.9.9.9' };
    await call(`/o/${id}`, { headers: human });
    await call(`/o/${control.id}`, { headers: human });
    await eventually(async () => (await hitCount(control.id)) === 1, 'the control hit');
    expect(await hitCount(id)).toBe(0);
    expect((await status(token, 'private@example.org')).tracking).toBe('refused');
  });

  it('escapes every sender-supplied text', async () => {
    await env.DB.prepare("INSERT INTO org_settings (key, value) VALUES ('organisation_name', '<script>alert(1)</script> & Co') ON CONFLICT (key) DO UPDATE SET value = excluded.value").run();
    await env.DB.prepare("INSERT INTO teams (id, name) VALUES ('t-xss', '<img src=x onerror=alert(1)>')").run();
    const token = await createSender('xss@example.com');
    await env.DB.prepare("UPDATE accounts SET team_id = 't-xss' WHERE email = 'xss@example.com'").run();
    const { path } = await sendMessage(token, { to: ['xss@example.org'], subject: '<b>hi</b>' });
    const page = await (await call(path('unsubscribe'))).text();
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    await env.DB.prepare("DELETE FROM org_settings WHERE key = 'organisation_name'").run();
  });

  it.each([
    ['a forged signature', (p: string) => p.replace(/\/[^/]+$/, `/${'A'.repeat(22)}`)],
    ['an unknown action', (p: string) => p.replace('/s/unsubscribe/', '/s/delete-everything/')],
    ['an unknown signature link', () => '/s/delete-everything'],
  ])('answers %s with a 404 page and no change', async (_case, mangle) => {
    const token = await createSender(`bad-link-${_case.length}@example.com`);
    const { path } = await sendMessage(token, { to: ['badlink@example.org'] });
    expect((await call(mangle(path('unsubscribe')))).status).toBe(404);
    expect((await submit(mangle(path('unsubscribe')))).status).toBe(404);
    expect((await status(token, 'badlink@example.org')).doNotContact).toBe('none');
  });
});
