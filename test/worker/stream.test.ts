import { evictDurableObject, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { TrackingEvent } from '../../shared/schemas/events.ts';
import { mintMessageId } from '../../shared/tracking/message-id.ts';
import type { SenderStream } from '../../worker/stream/sender-stream.ts';
import { formatTicket } from '../../worker/stream/ticket.ts';
import { BASE, call, createSender, eventually, linkKeyOf, registration } from './helpers.ts';
import { framesOf, openStream, ticketFor, upgrade } from './stream-helpers.ts';

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

async function sentMessage(token: string, subject: string): Promise<string> {
  const id = mintMessageId(await linkKeyOf(token));
  await call('/api/messages', { method: 'POST', token, body: JSON.stringify(registration(id, { subject })) });
  return id;
}

function open(messageId: string): Promise<Response> {
  return call(`/o/${messageId}`, { headers: { 'user-agent': CHROME, 'cf-connecting-ip': '73.12.0.9' } });
}

async function accountIdOf(token: string): Promise<string> {
  const { email } = (await (await call('/api/me', { token })).json()) as { email: string };
  return (await env.DB.prepare('SELECT id FROM accounts WHERE email = ?').bind(email).first<{ id: string }>())!.id;
}

describe('POST /api/stream-tickets', () => {
  it('hands out a WebSocket URL on this Worker with a ticket valid for a minute', async () => {
    const token = await createSender('stream-ticket@example.com');
    const before = Date.now();
    const ticket = await ticketFor(token);
    expect(ticket.url).toMatch(/^wss:\/\/tracker\.example\/api\/stream\?ticket=[0-9a-f]{64}\.[A-Za-z0-9_-]{32}$/);
    const lifetime = Date.parse(ticket.expiresAt) - before;
    expect(lifetime).toBeGreaterThan(55_000);
    expect(lifetime).toBeLessThanOrEqual(61_000);
  });

  it('wants the bearer token', async () => {
    const res = await call('/api/stream-tickets', { method: 'POST' });
    expect(res.status).toBe(401);
  });
});

describe('GET /api/stream', () => {
  it('carries a pixel hit to the connected stream as the entry GET /api/events lists', async () => {
    const token = await createSender('stream-hit@example.com');
    const stream = await openStream(token);
    const messageId = await sentMessage(token, 'Proposal');
    await open(messageId);
    const [frame] = await framesOf(stream, messageId);
    const { events } = (await (await call('/api/events', { token })).json()) as { events: TrackingEvent[] };
    expect(frame).toEqual(events.find((event) => event.id === frame!.id));
    expect(frame).toMatchObject({ messageId, kind: 'open', subject: 'Proposal', reliable: true });
  });

  it('carries it to every stream of the sender, and to no other sender', async () => {
    const token = await createSender('stream-two@example.com');
    const otherToken = await createSender('stream-other@example.com');
    const [first, second, other] = await Promise.all([openStream(token), openStream(token), openStream(otherToken)]);
    const messageId = await sentMessage(token, 'Two browsers');
    await open(messageId);
    expect((await framesOf(first, messageId)).map((frame) => frame.messageId)).toEqual([messageId]);
    expect((await framesOf(second, messageId)).map((frame) => frame.messageId)).toEqual([messageId]);
    // The other sender's own hit, pushed after ours, shows that its stream was passed over, not slow.
    const theirs = await sentMessage(otherToken, 'Theirs');
    await open(theirs);
    expect((await framesOf(other, theirs)).map((frame) => frame.messageId)).toEqual([theirs]);
  });

  it('still delivers after the object was evicted with its sockets hibernated', async () => {
    const token = await createSender('stream-hibernate@example.com');
    const stream = await openStream(token);
    await evictDurableObject(env.SENDER_STREAMS.get(env.SENDER_STREAMS.idFromName(await accountIdOf(token))));
    const messageId = await sentMessage(token, 'After a nap');
    await open(messageId);
    expect((await framesOf(stream, messageId)).map((frame) => frame.messageId)).toEqual([messageId]);
  });

  it('refuses a ticket that was used already, without upgrading', async () => {
    const token = await createSender('stream-reuse@example.com');
    const { url } = await ticketFor(token);
    const first = await upgrade(url);
    expect(first.status).toBe(101);
    first.webSocket!.accept();
    const again = await upgrade(url);
    expect(again.status).toBe(401);
    expect(again.webSocket).toBeNull();
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
  });

  it('refuses an expired ticket, without upgrading', async () => {
    const token = await createSender('stream-expired@example.com');
    const stub = env.SENDER_STREAMS.get(env.SENDER_STREAMS.idFromName(await accountIdOf(token)));
    const { secret } = await runInDurableObject(stub, (object: SenderStream) => object.issueTicket(Date.now() - 61_000));
    const res = await upgrade(`${BASE}/api/stream?ticket=${formatTicket(stub.id.toString(), secret)}`);
    expect(res.status).toBe(401);
    expect(res.webSocket).toBeNull();
  });

  it.each([
    ['no ticket', ''],
    ['a malformed ticket', '?ticket=abc'],
    ['a ticket for no object', `?ticket=${'0'.repeat(64)}.${'A'.repeat(32)}`],
    ['a made-up secret', 'made-up'],
  ])('refuses %s with 401', async (_case, query) => {
    let search = query;
    if (query === 'made-up') {
      const token = await createSender('stream-made-up@example.com');
      const stub = env.SENDER_STREAMS.get(env.SENDER_STREAMS.idFromName(await accountIdOf(token)));
      search = `?ticket=${formatTicket(stub.id.toString(), 'B'.repeat(32))}`;
    }
    const res = await upgrade(`${BASE}/api/stream${search}`);
    expect(res.status).toBe(401);
    expect(res.webSocket).toBeNull();
  });

  it('answers a plain GET with 426 and leaves the ticket unspent', async () => {
    const token = await createSender('stream-plain@example.com');
    const { url } = await ticketFor(token);
    const path = new URL(url);
    const plain = await call(`${path.pathname}${path.search}`);
    expect(plain.status).toBe(426);
    expect((await upgrade(url)).status).toBe(101);
  });
});
