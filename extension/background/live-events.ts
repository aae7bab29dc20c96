import { browser, storage } from '#imports';
import type { TrackingEvent } from '../../shared/schemas/events.ts';
import type { LiveEventMessage } from '../messages.ts';
import { workerClient } from '../api/worker-client.ts';
import { accountItem, isConfigured, settingsItem } from '../storage.ts';
import { EventStream } from './event-stream.ts';
import { notifyAbout, pollEvents } from './event-poller.ts';

/** While the stream is up, a poll still runs this often, in case a push was lost on the Worker's side. */
export const POLL_WHILE_STREAMING_MS = 5 * 60_000;

/** Whether an alarm should poll: always while the stream is down, rarely while it is up. */
export function shouldPoll(streamUp: boolean, lastPollAt: number, now: number): boolean {
  return !streamUp || now - lastPollAt >= POLL_WHILE_STREAMING_MS;
}

export interface StreamStatus {
  up: boolean;
  /** When it last came up or went down (ISO). */
  since: string;
}

export const streamStatusItem = storage.defineItem<StreamStatus>('local:streamStatus', { fallback: { up: false, since: '' } });

let lastPollAt = 0;

async function poll(): Promise<void> {
  lastPollAt = Date.now();
  await pollEvents(lastPollAt).catch((err: unknown) => console.warn('event poll failed', err));
}

const stream = new EventStream({
  async ticketUrl() {
    const [settings, account] = await Promise.all([settingsItem.getValue(), accountItem.getValue()]);
    return isConfigured(settings, account) ? (await workerClient.streamTicket(settings)).url : null;
  },
  onEvent(event) {
    void notifyAbout([event]).catch((err: unknown) => console.warn('pushed event not shown', err));
    // Pages that are not open have no listener, and say so by rejecting.
    browser.runtime.sendMessage({ type: 'live-event', event } satisfies LiveEventMessage).catch(() => undefined);
  },
  onOpen() {
    void streamStatusItem.setValue({ up: true, since: new Date().toISOString() });
    // Catches up on what happened while the stream was down; seen events are not told twice.
    void poll();
  },
  onDown() {
    void streamStatusItem.setValue({ up: false, since: new Date().toISOString() });
  },
});

/**
 * Events reach the background through the stream as they happen; the poll alarm (every 30 s,
 * the shortest Chrome allows) polls while the stream is down and reconnects it if the browser
 * stopped the background in between.
 */
export function startLiveEvents(): void {
  void streamStatusItem.setValue({ up: false, since: new Date().toISOString() });
  stream.ensure();
  // A new Worker URL or token (the options page saves the account after checking it).
  settingsItem.watch((next, previous) => {
    if (next.workerUrl !== previous?.workerUrl || next.apiToken !== previous?.apiToken) stream.restart();
  });
  accountItem.watch((next, previous) => {
    if (next?.email !== previous?.email) stream.restart();
  });
}

export async function onPollAlarm(now = Date.now()): Promise<void> {
  stream.ensure();
  if (shouldPoll(stream.isUp, lastPollAt, now)) await poll();
}
