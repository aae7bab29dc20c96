import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TrackingEvent } from '../../shared/schemas/events.ts';
import { mintMessageId } from '../../shared/tracking/message-id.ts';
import { app } from '../../worker/app.ts';
import { BASE, call, createSender, eventually, linkKeyOf, registration } from './helpers.ts';
import { openStream, type OpenStream } from './stream-helpers.ts';

type Action = 'unsubscribe' | 'preferences' | 'grantConsent' | 'withdrawConsent' | 'stopTracking';
const MAIL = { MAIL_API_URL: 'https://mail-api.example/emails', MAIL_FROM: 'preferences@acme.example', MAIL_API_TOKEN: 'mail-secret' };
const HUMAN = { 'user-agent': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)' };

/** A form POST as a recipient's browser sends it (with the mail API on), waiting for its background work. */
async function submit(path: string, fields: Record<string, string>): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await app.fetch(
    new Request(BASE + path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...HUMAN }, body: new URLSearchParams(fields).toString() }),
    { ...env, ...MAIL },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  expect(res.status).toBe(200);
  return res;
}

/** The links the confirmation emails carry, from now on (the mail API answers without sending). */
function captureConfirmationLinks(): string[] {
  const realFetch = globalThis.fetch;
  const links: string[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const request = new Request(input, init);
    if (!request.url.startsWith(MAIL.MAIL_API_URL)) return realFetch(input, init);
    const { text } = (await request.json()) as { text: string };
    links.push(...[...text.matchAll(new RegExp(`${BASE}(/s/confirm/[A-Za-z0-9_-]{43})`, 'g'))].map((match) => match[1]!));
    return new Response('{}', { status: 200 });
  });
  return links;
}

/** The ledger rows recorded for an address, newest last. */
async function ledgerIdsOf(email: string): Promise<string[]> {
  const rows = await env.DB.prepare(
    `SELECT id FROM consent_ledger WHERE contact_key = (SELECT contact_key FROM contact_addresses WHERE email = ?1)
        OR id IN (SELECT ledger_id FROM consent_requests WHERE email = ?1) ORDER BY at, rowid`,
  )
    .bind(email)
    .all<{ id: string }>();
  return rows.results.map((row) => row.id);
}

/** A call to the sender's API that must succeed. */
async function api(path: string, init: Parameters<typeof call>[1]): Promise<Response> {
  const res = await call(path, init);
  expect(res.ok, `${path} answered ${res.status}`).toBe(true);
  return res;
}

async function eventsOf(token: string): Promise<TrackingEvent[]> {
  return ((await (await call('/api/events?limit=200', { token })).json()) as { events: TrackingEvent[] }).events;
}

describe('a consent change reaches its sender\'s stream, whichever way it was recorded', { timeout: 30_000 }, () => {
  let token: string;
  let stream: OpenStream;
  /** A message to one recipient (its links know the address) and one to two (the address is typed). */
  let sole: (action: Action) => string;
  let shared: (action: Action) => string;

  async function sent(to: string[]): Promise<(action: Action) => string> {
    const id = mintMessageId(await linkKeyOf(token));
    const res = await call('/api/messages', { method: 'POST', token, body: JSON.stringify(registration(id, { to, subject: 'Newsletter' })) });
    const { smartLinks } = (await res.json()) as { smartLinks: Record<Action, string> };
    return (action) => smartLinks[action].slice(BASE.length);
  }

  beforeAll(async () => {
    token = await createSender('stream-consent@example.com');
    stream = await openStream(token);
    sole = await sent(['sole@example.org']);
    shared = await sent(['co-a@example.org', 'co-b@example.org']);
  });
  /** The links of the confirmation emails sent during a test. */
  let mailedLinks: string[];
  beforeEach(() => {
    mailedLinks = captureConfirmationLinks();
  });
  afterEach(() => vi.restoreAllMocks());

  /** Each ledger row the change recorded arrives as a frame, equal to its entry in `GET /api/events`. */
  async function expectPushed(email: string, before: string[]): Promise<TrackingEvent[]> {
    const recorded = (await ledgerIdsOf(email)).filter((id) => !before.includes(id));
    expect(recorded.length).toBeGreaterThan(0);
    const frames = await eventually(async () => {
      const found = recorded.map((id) => stream.frames.find((frame) => frame.id === id));
      return found.every(Boolean) && (found as TrackingEvent[]);
    }, `the frames of ${email}'s change`);
    const events = await eventsOf(token);
    for (const frame of frames) expect(frame).toEqual(events.find((event) => event.id === frame.id));
    return frames;
  }

  it.each<[string, string, () => Promise<unknown>, Partial<TrackingEvent['consent'] & object>[]]>([
    ['one-click unsubscribe from a mail client', 'sole@example.org', () => submit(sole('unsubscribe'), { 'List-Unsubscribe': 'One-Click' }), [{ action: 'unsubscribe' }]],
    ['a Smart Link page', 'sole@example.org', () => submit(sole('stopTracking'), {}), [{ action: 'stopTracking' }]],
    [
      'the page\'s undo',
      'sole@example.org',
      async () => submit(sole('withdrawConsent'), { undo: (await ledgerIdsOf('sole@example.org')).at(-1)! }),
      [{ action: 'undo' }],
    ],
    ['a permissive change typed on a shared link (pending)', 'co-b@example.org', () => submit(shared('grantConsent'), { email: 'co-b@example.org' }), [{ action: 'requested' }]],
    [
      'the mailbox\'s confirmation',
      'co-a@example.org',
      async () => {
        await submit(shared('grantConsent'), { email: 'co-a@example.org' });
        expect(mailedLinks).toHaveLength(1);
        await submit(mailedLinks[0]!, {});
      },
      [{ action: 'requested' }, { action: 'grantConsent' }],
    ],
    [
      'the opt-out list, by hand (POST /api/suppressions)',
      'by-hand@example.org',
      () => api('/api/suppressions', { method: 'POST', token, body: JSON.stringify({ email: 'by-hand@example.org', doNotContact: 'no_email' }) }),
      [{ action: 'manual' }],
    ],
    [
      'a lawful basis recorded by hand',
      'basis@example.org',
      () => api('/api/suppressions', { method: 'POST', token, body: JSON.stringify({ email: 'basis@example.org', doNotContact: 'none', lawfulBasis: 'contract', note: 'Signed contract 2026-11', scope: 'sender' }) }),
      [{ action: 'lawfulBasis' }],
    ],
    [
      'a CSV import, with a lawful basis',
      'imported@example.org',
      () => api('/api/suppressions/import', { method: 'POST', token, headers: { 'content-type': 'text/csv' }, body: 'email,doNotContact,lawfulBasis,note,scope\nimported@example.org,no_email,legitimate_interests,Supplier,sender\n' }),
      [{ action: 'manual' }, { action: 'lawfulBasis' }],
    ],
  ])('through %s', async (_path, email, change, expected) => {
    const before = await ledgerIdsOf(email);
    await change();
    const frames = await expectPushed(email, before);
    expect(frames.map((frame) => frame.consent)).toEqual(expected.map((consent) => expect.objectContaining(consent)));
  });

  it('not for a signature link\'s change, which belongs to no sender', async () => {
    const admin = await createSender('stream-consent-admin@example.com', 'admin');
    const adminStream = await openStream(admin);
    await submit('/s/unsubscribe', { email: 'signature@example.org' });
    expect((await ledgerIdsOf('signature@example.org')).length).toBe(1);
    // The admin's own change, pushed after it, shows the signature link's was passed over, not slow.
    await call('/api/suppressions', { method: 'POST', token: admin, body: JSON.stringify({ email: 'after-signature@example.org', doNotContact: 'no_email' }) });
    const [marker] = await ledgerIdsOf('after-signature@example.org');
    await eventually(async () => adminStream.frames.some((frame) => frame.id === marker), 'the admin\'s own change');
    expect(adminStream.frames.map((frame) => frame.id)).toEqual([marker]);
    expect(stream.frames.map((frame) => frame.id)).not.toContain((await ledgerIdsOf('signature@example.org'))[0]);
  });
});
