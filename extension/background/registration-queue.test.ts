import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { RegisterMessage } from '../../shared/schemas/message.ts';
import { verifyMessageId } from '../../shared/tracking/message-id.ts';
import { accountItem, DEFAULT_SETTINGS, registrationQueueItem, settingsItem } from '../storage.ts';
import { enqueueRegistration, flushRegistrations } from './registration-queue.ts';

function message(id: string, subject = 'Hello'): RegisterMessage {
  return { id, from: 'me@example.com', subject, to: ['ana@example.org'], massMail: false, tracked: true, links: [], sentAt: '2026-11-24T10:00:00.000Z' };
}

/** A stand-in Worker: answers with the given statuses in turn and records what it received. */
function workerAnswering(...statuses: (number | 'offline')[]) {
  const received: RegisterMessage[] = [];
  vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
    const status = statuses.length > 1 ? statuses.shift()! : statuses[0]!;
    if (status === 'offline') throw new TypeError('Failed to fetch');
    received.push(JSON.parse(String(init.body)) as RegisterMessage);
    return new Response(JSON.stringify(status < 400 ? {} : { error: { code: 'x', message: 'refused' } }), { status });
  });
  return received;
}

describe('registration queue', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, workerUrl: 'https://t.example', apiToken: 'slt_x' });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('delivers a registration at once and empties the queue', async () => {
    const received = workerAnswering(201);
    await enqueueRegistration(message('m1'));
    expect(received.map((m) => m.id)).toEqual(['m1']);
    expect(await registrationQueueItem.getValue()).toEqual([]);
  });

  it('keeps registrations while the Worker is unreachable and delivers them in order later', async () => {
    workerAnswering('offline');
    await enqueueRegistration(message('m1'));
    await enqueueRegistration(message('m2'));
    expect((await registrationQueueItem.getValue()).map((m) => m.id)).toEqual(['m1', 'm2']);

    const received = workerAnswering(201);
    await flushRegistrations();
    expect(received.map((m) => m.id)).toEqual(['m1', 'm2']);
    expect(await registrationQueueItem.getValue()).toEqual([]);
  });

  it('retries after a 5xx but drops a registration the Worker refuses for good', async () => {
    workerAnswering(503);
    await enqueueRegistration(message('m1'));
    expect(await registrationQueueItem.getValue()).toHaveLength(1);
    workerAnswering(400);
    await flushRegistrations();
    expect(await registrationQueueItem.getValue()).toEqual([]);
  });

  it('replaces a queued registration of the same id (Undo, edit, send again)', async () => {
    workerAnswering('offline');
    await enqueueRegistration(message('m1', 'First'));
    await enqueueRegistration(message('m1', 'Edited'));
    const queued = await registrationQueueItem.getValue();
    expect(queued.map((m) => m.subject)).toEqual(['Edited']);
  });
});

describe('registration queue under concurrent sends', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, workerUrl: 'https://t.example', apiToken: 'slt_x' });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('delivers a message queued while a flush is running, without waiting for the alarm', async () => {
    const received = workerAnswering(201);
    const first = enqueueRegistration(message('m1'));
    const second = enqueueRegistration(message('m2')); // queued while m1's flush is in flight
    await Promise.all([first, second]);
    expect(received.map((m) => m.id)).toEqual(['m1', 'm2']);
    expect(await registrationQueueItem.getValue()).toEqual([]);
  });

  it('still delivers the recipients filled in while the first registration of that id was on its way', async () => {
    const received: RegisterMessage[] = [];
    let release = () => {};
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      received.push(JSON.parse(String(init.body)) as RegisterMessage);
      if (received.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return new Response('{}', { status: 201 });
    });
    const unknown = { ...message('m1'), to: [] };
    const first = enqueueRegistration(unknown);
    await vi.waitFor(() => expect(received).toHaveLength(1));
    const filled = enqueueRegistration(message('m1')); // same id and send time, now with its recipient
    release();
    await Promise.all([first, filled]);
    expect(received.map((m) => m.to)).toEqual([[], ['ana@example.org']]);
    expect(await registrationQueueItem.getValue()).toEqual([]);
  });
});

describe('a message the Worker no longer changes (409 message_sent)', () => {
  const linkKey = { id: 'kAbC12', secret: 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I' };
  /** A stand-in Worker holding m1 as sent: any other content under that id is refused. */
  function workerHoldingSent(sentSubject: string, ...later: ('offline' | 201)[]) {
    const received: RegisterMessage[] = [];
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      const body = JSON.parse(String(init.body)) as RegisterMessage;
      if (body.id === 'm1' && body.subject !== sentSubject) {
        received.push(body);
        return new Response(JSON.stringify({ error: { code: 'message_sent', message: 'This message went out already.', field: 'id' } }), { status: 409 });
      }
      if ((later.length > 1 ? later.shift() : later[0]) === 'offline') throw new TypeError('Failed to fetch');
      received.push(body);
      return new Response('{}', { status: 201 });
    });
    return received;
  }

  beforeEach(async () => {
    fakeBrowser.reset();
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, workerUrl: 'https://t.example', apiToken: 'slt_x' });
    await accountItem.setValue({ email: 'me@example.com', role: 'sender', linkKey });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('registers the new send under a newly minted id, and later registrations of it there too', async () => {
    const received = workerHoldingSent('First', 201);
    await enqueueRegistration(message('m1', 'Edited'));
    const [refused, resent] = received;
    expect(refused!.id).toBe('m1');
    expect(verifyMessageId(resent!.id, linkKey)).toBe(true);
    expect({ ...resent, id: 'm1' }).toEqual(message('m1', 'Edited'));
    expect(await registrationQueueItem.getValue()).toEqual([]);

    // Its recipients filled in later: the same new id, not a third message.
    await enqueueRegistration({ ...message('m1', 'Edited'), to: ['ana@example.org', 'bo@example.org'] });
    expect(received.at(-1)).toEqual({ ...message('m1', 'Edited'), id: resent!.id, to: ['ana@example.org', 'bo@example.org'] });
  });

  it('keeps it queued while the new id cannot be registered yet, and uses the same new id later', async () => {
    workerHoldingSent('First', 'offline');
    await enqueueRegistration(message('m1', 'Edited'));
    expect((await registrationQueueItem.getValue()).map((m) => m.id)).toEqual(['m1']);
    const received = workerHoldingSent('First', 201);
    await flushRegistrations();
    await enqueueRegistration(message('m1', 'Edited again'));
    const resent = received.filter((m) => m.id !== 'm1').map((m) => [m.id, m.subject]);
    expect(resent).toEqual([[resent[0]![0], 'Edited'], [resent[0]![0], 'Edited again']]);
    expect(await registrationQueueItem.getValue()).toEqual([]);
  });

  it('sends the same content as before under its own id, as the Worker takes it (200)', async () => {
    const received = workerHoldingSent('First', 201);
    await enqueueRegistration(message('m1', 'First'));
    expect(received.map((m) => m.id)).toEqual(['m1']);
  });
});
