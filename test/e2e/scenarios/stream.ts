import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LinkKey } from '../../../shared/crypto/mac.ts';
import { mintMessageId } from '../../../shared/tracking/message-id.ts';
import { ExtensionNotifications } from '../pages/extension-notifications.ts';
import { OptionsPage } from '../pages/options-page.ts';
import type { E2EPage } from '../support/browsers.ts';
import { streamGate, type StreamGate } from '../../../scripts/lib/stream-gate.ts';
import { useBrowser } from '../support/use-browser.ts';
import { until } from '../support/wait.ts';

/** A reader's own browser, at home: a reliable open. */
const READER = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 'cf-connecting-ip': '203.0.113.9' };

type Globals = { browser?: { storage: { local: { get(key: string): Promise<Record<string, unknown>> } } }; chrome?: Globals['browser'] };

/** What the extension keeps in its storage under `key`, read from one of its pages. */
function stored<T>(page: E2EPage, key: string): Promise<T | undefined> {
  return page.evaluate(async (name) => {
    const api = ((globalThis as unknown as Globals).browser ?? (globalThis as unknown as Globals).chrome)!;
    return (await api.storage.local.get(name))[name];
  }, key) as Promise<T | undefined>;
}

/**
 * The sender hears of an open through the event stream at once; with the stream cut silently (a
 * dropped NAT entry, a stalled proxy: no close ever reaches the browser), the extension notices
 * by its unanswered ping and the 30 s polling delivers; once the stream is back, nothing that was
 * already told is told again.
 */
export function streamScenario(browserName: 'chromium' | 'firefox') {
  const session = useBrowser(browserName);
  let gate: StreamGate;

  beforeAll(async () => {
    gate = await streamGate(Number(new URL(session.workerUrl).port));
    await (await OptionsPage.open(session.browser)).connect(gate.url, session.token);
  });
  afterAll(async () => {
    await gate?.close();
  });

  async function sentMessage(subject: string): Promise<string> {
    const { linkKey } = (await (await session.api('/api/me')).json()) as { linkKey: LinkKey };
    const id = mintMessageId(linkKey);
    const res = await session.api('/api/messages', {
      method: 'POST',
      body: JSON.stringify({
        id, from: `${browserName}-sender@example.com`, subject, to: ['ana@example.org'], massMail: false, tracked: true, links: [],
        sentAt: new Date(Date.now() - 3_600_000).toISOString(),
      }),
    });
    expect(res.status).toBe(201);
    return id;
  }

  const open = (messageId: string) => fetch(`${session.workerUrl}/o/${messageId}`, { headers: READER });
  const polls = () => gate.requests.filter((request) => request.startsWith('GET /api/events')).length;

  let notifications: ExtensionNotifications;
  let pushed: string;
  let pushedIds: string[];
  const streamUp = async () => (await stored<{ up: boolean }>(notifications.page, 'streamStatus'))?.up === true;

  it('notifies from the stream, without waiting for a poll', async () => {
    notifications = await ExtensionNotifications.open(session.browser);
    await until(streamUp, 'the event stream to be up');
    // The first poll only marks where history ends (notification-rules.ts).
    await notifications.pollNow();

    pushed = await sentMessage(`Pushed (${browserName})`);
    const pollsBeforePush = polls();
    await open(pushed);
    pushedIds = await until(async () => {
      const ids = await notifications.forMessage(pushed);
      return ids.length > 0 && ids;
    }, 'the notification of the pushed open', 20_000);
    expect(pushedIds).toHaveLength(1);
    // No poll carried it: the stream did.
    expect(polls()).toBe(pollsBeforePush);
  }, 120_000);

  it('notifies by polling while the stream is cut, and tells nothing twice once it is back', async () => {
    const page = notifications.page;
    gate.cut('silence');
    // Noticed only by the unanswered ping: up to KEEP_ALIVE_MS + PONG_DEADLINE_MS (30 s).
    await until(async () => !(await streamUp()), 'the extension to notice the silent stream', 60_000);
    const polled = await sentMessage(`Polled (${browserName})`);
    const pollsBeforeFallback = polls();
    await open(polled);
    const polledIds = await until(async () => {
      const ids = await notifications.forMessage(polled);
      return ids.length > 0 && ids;
    }, 'the notification of the open, by polling', 100_000);
    expect(polledIds).toHaveLength(1);
    expect(polls()).toBeGreaterThan(pollsBeforeFallback);

    const before = await stored<{ bursts: Record<string, unknown> }>(page, 'notificationState');
    gate.restore();
    // A reconnection may be waiting out its open deadline and then its backoff.
    await until(streamUp, 'the stream to come back', 90_000);
    // Back: the catch-up poll sees both messages again, and a new open arrives by the stream.
    const afterReconnect = await sentMessage(`After reconnect (${browserName})`);
    await open(afterReconnect);
    await until(async () => (await notifications.forMessage(afterReconnect)).length > 0, 'the notification after the reconnection', 20_000);
    const after = await stored<{ bursts: Record<string, unknown> }>(page, 'notificationState');
    for (const messageId of [pushed, polled]) {
      // A burst that grew or began again would be a message told again.
      expect(after?.bursts[messageId], 'told again').toEqual(before?.bursts[messageId]);
      expect((await notifications.forMessage(messageId)).filter((id) => ![...pushedIds, ...polledIds].includes(id))).toEqual([]);
    }
  }, 360_000);
}
