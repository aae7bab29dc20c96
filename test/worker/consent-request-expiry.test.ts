import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mintMessageId } from '../../shared/tracking/message-id.ts';
import { app } from '../../worker/app.ts';
import { contactKey } from '../../worker/consent/contacts.ts';
import worker from '../../worker/index.ts';
import { BASE, call, createSender, linkKeyOf, registration } from './helpers.ts';

const MAIL = { MAIL_API_URL: 'https://mail-api.example/emails', MAIL_FROM: 'preferences@acme.example', MAIL_API_TOKEN: 'mail-secret' };
const DAY = 86_400_000;

/** A co-recipient's Grant consent on a shared link: pending, with its confirmation link mailed (and caught here). */
async function pendingGrant(email: string): Promise<string> {
  const token = await createSender(`expiry-${email}`);
  const id = mintMessageId(await linkKeyOf(token));
  const registered = await call('/api/messages', { method: 'POST', token, body: JSON.stringify(registration(id, { to: ['someone@expiry.example.org', email] })) });
  const grant = ((await registered.json()) as { smartLinks: { grantConsent: string } }).smartLinks.grantConsent.slice(BASE.length);
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
    new Request(BASE + grant, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ email }).toString() }),
    { ...env, ...MAIL },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  expect(res.status).toBe(200);
  vi.restoreAllMocks();
  return new RegExp(`${BASE}(/s/confirm/[A-Za-z0-9_-]{43})`).exec(mailed[0]!)![1]!;
}

/** The every-15-minutes cron, run as if it were `days` from now. */
async function cronIn(days: number): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: '*/15 * * * *', scheduledTime: Date.now() + days * DAY }), env, ctx);
  await waitOnExecutionContext(ctx);
}

const storedRequests = async (email: string) =>
  (await env.DB.prepare('SELECT COUNT(*) AS n FROM consent_requests WHERE email = ?').bind(email).first<{ n: number }>())!.n;

const ledgerRows = async (email: string, status: 'pending' | 'applied') =>
  (await env.DB.prepare('SELECT COUNT(*) AS n FROM consent_ledger WHERE status = ? AND contact_key = ?').bind(status, contactKey(email)).first<{ n: number }>())!.n;

describe('pending consent requests expire', { timeout: 30_000 }, () => {
  afterEach(() => vi.restoreAllMocks());

  it('the cron deletes an expired request and the address it kept; its link is dead, the ledger keeps the pending row', async () => {
    const email = 'expired@expiry.example.org';
    const link = await pendingGrant(email);
    expect(await storedRequests(email)).toBe(1);
    expect(await ledgerRows(email, 'pending')).toBe(1);

    // Within the week the request stays.
    await cronIn(6);
    expect(await storedRequests(email)).toBe(1);

    await cronIn(8);
    expect(await storedRequests(email)).toBe(0);
    expect((await call(link)).status).toBe(404);
    expect((await call(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' })).status).toBe(404);
    // The ledger is append-only: the request it recorded stays, pending, and nothing was applied.
    expect(await ledgerRows(email, 'pending')).toBe(1);
    expect(await ledgerRows(email, 'applied')).toBe(0);
  });
});
