import { describe, expect, it } from 'vitest';
import { mintMessageId } from '../../shared/tracking/message-id.ts';
import { call, createSender, eventually, hitCount, linkKeyOf, registration } from './helpers.ts';

async function post(token: string, body: unknown) {
  return call('/api/messages', { method: 'POST', token, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

describe('POST /api/messages', () => {
  it('registers a message and answers with its pixel, tracked links and Smart Links', async () => {
    const token = await createSender('reg@example.com');
    const id = mintMessageId(await linkKeyOf(token));
    const res = await post(token, registration(id));
    expect(res.status).toBe(201);
    const body = (await res.json()) as {
      id: string; pixelUrl: string; links: { index: number; url: string; trackedUrl: string }[]; smartLinks: Record<string, string>;
    };
    expect(body.id).toBe(id);
    expect(body.pixelUrl).toBe(`https://tracker.example/o/${id}`);
    expect(body.links).toHaveLength(1);
    expect(body.links[0]!.trackedUrl).toMatch(new RegExp(`^https://tracker\\.example/c/${id}/0/`));
    expect(Object.keys(body.smartLinks).sort()).toEqual(['grantConsent', 'preferences', 'stopTracking', 'unsubscribe', 'withdrawConsent']);
  });

  it('is idempotent: the same registration again answers 200 with the same body', async () => {
    const token = await createSender('idem@example.com');
    const id = mintMessageId(await linkKeyOf(token));
    const first = await post(token, registration(id));
    const second = await post(token, registration(id));
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual(await first.json());
    const view = (await (await call(`/api/messages/${id}`, { token })).json()) as { subject: string };
    expect(view.subject).toBe('Quarterly plan');
  });

  it('registers a message whose recipients could not be read at Send, and takes them later, also after its first hit', async () => {
    const token = await createSender('fill-in@example.com');
    const id = mintMessageId(await linkKeyOf(token));
    const unknown = registration(id, { to: [], cc: [], bcc: [] });
    expect((await post(token, unknown)).status).toBe(201);
    await call(`/o/${id}`, { headers: { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Thunderbird/128.0' } });
    await eventually(async () => (await hitCount(id)) > 0, 'the open');
    const filled = { ...unknown, to: ['ana@example.org'], cc: ['bo@example.org'] };
    expect((await post(token, filled)).status).toBe(200);
    expect((await post(token, filled)).status).toBe(200);
    const view = (await (await call(`/api/messages/${id}`, { token })).json()) as { to: string[]; cc: string[]; subject: string; stats: { hits: number } };
    expect(view).toMatchObject({ to: ['ana@example.org'], cc: ['bo@example.org'], subject: 'Quarterly plan' });
    expect(view.stats.hits).toBe(1);
  });

  it('refuses an id that another sender minted', async () => {
    const owner = await createSender('owner@example.com');
    const thief = await createSender('thief@example.com');
    const id = mintMessageId(await linkKeyOf(owner));
    const res = await post(thief, registration(id));
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe('id');
  });

  it.each([
    ['id', { id: 'short' }],
    ['to.1', { to: ['ana@example.org', 'not-an-address'] }],
    ['links.0.url', { links: [{ index: 0, url: 'javascript:alert(1)' }] }],
    // Found by test/worker/api-fuzz.test.ts: two links with one index were a 500 (primary key).
    ['links', { links: [{ index: 0, url: 'https://example.org/a' }, { index: 0, url: 'https://example.org/b' }] }],
    // A control character was registered, and its redirect then answered 500.
    ['links.1.url', { links: [{ index: 0, url: 'https://example.org/a' }, { index: 1, url: 'https://example.org/a\u0007b' }] }],
    ['sentAt', { sentAt: 'yesterday' }],
    ['massMail', { massMail: 'yes' }],
    ['subject', { subject: 42 }],
  ])('answers 400 naming the field %s', async (field, override) => {
    const token = await createSender(`bad-${field}@example.com`);
    const res = await post(token, registration('A'.repeat(22), override));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; field: string; message: string } };
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.field).toBe(field);
    expect(body.error.message.length).toBeGreaterThan(5);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const token = await createSender('notjson@example.com');
    const res = await post(token, '{"id": ');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('malformed_json');
  });

  it('hides other senders\' messages', async () => {
    const a = await createSender('a-view@example.com');
    const b = await createSender('b-view@example.com');
    const id = mintMessageId(await linkKeyOf(a));
    await post(a, registration(id));
    expect((await call(`/api/messages/${id}`, { token: b })).status).toBe(404);
  });
});
