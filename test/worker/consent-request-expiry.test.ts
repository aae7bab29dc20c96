import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TrackingEvent } from '../../shared/schemas/events.ts';
import { mintMessageId } from '../../shared/tracking/message-id.ts';
import { app } from '../../worker/app.ts';
import { contactKey } from '../../worker/consent/contacts.ts';
import worker from '../../worker/index.ts';
import { BASE, call, createSender, linkKeyOf, registration } from './helpers.ts';

const MAIL = { MAIL_API_URL: 'https://mail-api.example/emails', MAIL_FROM: 'preferences@acme.example', MAIL_API_TOKEN: 'mail-secret' };
const DAY = 86_400_000;
type Links = Record<'unsubscribe' | 'grantConsent', string>;

async function sendMessage(tag: string, to: string[]) {
  const token = await createSender(`expiry-${tag}@example.com`);
  const id = mintMessageId(await linkKeyOf(token));
  const registered = await call('/api/messages', { method: 'POST', token, body: JSON.stringify(registration(id, { to })) });
  const links = ((await registered.json()) as { smartLinks: Links }).smartLinks;
  return { token, id, path: (action: keyof Links) => links[action].slice(BASE.length) };
}

/** A page's form POST with confirmation emails configured; the links mailed are caught here. */
async function submitWithMail(path: string, fields: Record<string, string>): Promise<string[]> {
  const realFetch = globalThis.fetch;
  const mailed: string[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const request = new Request(input, init);
    if (!request.url.startsWith(MAIL.MAIL_API_URL)) return realFetch(input, init);
    mailed.push(((await request.json()) as { text: string }).text);
    return new Response('{}', { status: 200 });
  });
  const ctx = createExecutionContext();
  const res = await app.fetch(
    new Request(BASE + path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() }),
    { ...env, ...MAIL },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  expect(res.status).toBe(200);
  vi.restoreAllMocks();
  return mailed.map((text) => new RegExp(`${BASE}(/s/confirm/[A-Za-z0-9_-]{43})`).exec(text)![1]!);
}

/** The every-15-minutes cron, run as the Worker's scheduled handler, as if it were `days` from now. */
async function cronIn(days: number): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: '*/15 * * * *', scheduledTime: Date.now() + days * DAY }), env, ctx);
  await waitOnExecutionContext(ctx);
}

const storedRequests = async (email: string) =>
  (await env.DB.prepare('SELECT COUNT(*) AS n FROM consent_requests WHERE email = ?').bind(email).first<{ n: number }>())!.n;

async function ledgerOf(email: string) {
  const rows = await env.DB.prepare('SELECT id, at, action, status, identified_by, confirms FROM consent_ledger WHERE contact_key = ? ORDER BY at, rowid')
    .bind(contactKey(email)).all<{ id: string; at: string; action: string; status: string; identified_by: string; confirms: string | null }>();
  return rows.results;
}

describe('pending consent requests expire', { timeout: 30_000 }, () => {
  afterEach(() => vi.restoreAllMocks());

  it('the cron deletes an expired request and its address, and the ledger and the sender learn that nothing came of it', async () => {
    const email = 'expired@expiry.example.org';
    const { token, id, path } = await sendMessage('grant', ['someone@expiry.example.org', email]);
    const [link] = await submitWithMail(path('grantConsent'), { email });
    expect(await storedRequests(email)).toBe(1);
    const expiresAt = (await env.DB.prepare('SELECT expires_at FROM consent_requests WHERE email = ?').bind(email).first<{ expires_at: string }>())!.expires_at;

    // Within the week the request stays.
    await cronIn(6);
    expect(await storedRequests(email)).toBe(1);
    expect((await ledgerOf(email)).map((r) => r.status)).toEqual(['pending']);

    await cronIn(8);
    expect(await storedRequests(email)).toBe(0);
    expect((await call(link!)).status).toBe(404);
    expect((await call(link!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' })).status).toBe(404);
    // The ledger is append-only: the pending row stays, and a row of its own says it expired, when it did.
    const [pending, expired, ...rest] = await ledgerOf(email);
    expect(rest).toEqual([]);
    expect(pending).toEqual(expect.objectContaining({ action: 'grantConsent', status: 'pending', identified_by: 'typed_on_shared_link' }));
    expect(expired).toEqual(expect.objectContaining({ action: 'grantConsent', status: 'expired', identified_by: 'typed_on_shared_link', confirms: pending!.id, at: expiresAt }));

    const { events } = (await (await call(`/api/messages/${id}/events`, { token })).json()) as { events: TrackingEvent[] };
    expect(events.filter((e) => e.kind === 'consent').map((e) => e.consent?.action)).toEqual(['requested', 'expired']);
    expect(events.find((e) => e.consent?.action === 'expired')?.reason).toBe('Consent request expired, not confirmed (organisation-wide): consent unknown → granted');

    // A second run finds nothing more to expire.
    await cronIn(9);
    expect(await ledgerOf(email)).toHaveLength(2);
  });

  it('an opt-out\'s unused way back in expires without a ledger row: nothing was requested', async () => {
    const email = 'sole-expiry@expiry.example.org';
    const { path } = await sendMessage('sole', [email]);
    expect(await submitWithMail(path('unsubscribe'), {})).toHaveLength(1);
    expect(await storedRequests(email)).toBe(1);
    await cronIn(8);
    expect(await storedRequests(email)).toBe(0);
    expect((await ledgerOf(email)).map((r) => [r.action, r.status])).toEqual([['unsubscribe', 'applied']]);
  });
});
