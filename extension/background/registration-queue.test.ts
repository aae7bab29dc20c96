import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { RegisterMessage } from '../../shared/schemas/message.ts';
import { DEFAULT_SETTINGS, registrationQueueItem, settingsItem } from '../storage.ts';
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
