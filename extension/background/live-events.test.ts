import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { TrackingEvent } from '../../shared/schemas/events.ts';
import { notifyAbout } from './event-poller.ts';
import { notificationStateItem } from './notification-state.ts';
import { INITIAL_NOTIFICATION_STATE } from './notification-rules.ts';
import { POLL_WHILE_STREAMING_MS, shouldPoll } from './live-events.ts';

describe('shouldPoll', () => {
  const now = 1_800_000_000_000;
  it.each([
    ['the stream is down', false, now - 1000, true],
    ['the stream is down and nothing was polled yet', false, 0, true],
    ['the stream is up and a poll just ran', true, now - 1000, false],
    ['the stream is up but the last poll is old', true, now - POLL_WHILE_STREAMING_MS, true],
    ['the stream is up and nothing was polled since the background started', true, 0, true],
  ])('%s', (_case, streamUp, lastPollAt, expected) => {
    expect(shouldPoll(streamUp, lastPollAt, now)).toBe(expected);
  });
});

describe('a pushed event, then the poll that catches up after a reconnect', () => {
  it('is told once', async () => {
    fakeBrowser.reset();
    await notificationStateItem.setValue({ ...INITIAL_NOTIFICATION_STATE, seenUntil: '2026-12-07T09:00:00.000Z' });
    const opened: TrackingEvent = {
      id: 'h1', messageId: 'm1', kind: 'open', class: 'human', reason: 'mail client or browser', reliable: true,
      at: '2026-12-07T10:00:00.000Z', linkIndex: null, url: null, subject: 'Offer', to: ['ana@example.org'], consent: null,
    };
    const clicked: TrackingEvent = { ...opened, id: 'h2', messageId: 'm2', kind: 'click', at: '2026-12-07T10:00:01.000Z', linkIndex: 0, url: 'https://example.org/' };
    // Pushed while a poll is planning: the two must not plan from the same stored state.
    await Promise.all([notifyAbout([opened]), notifyAbout([clicked, opened])]);
    await notifyAbout([clicked, opened]);
    const shown = Object.keys(await fakeBrowser.notifications.getAll());
    expect(shown.map((id) => id.split(':')[1]).sort()).toEqual(['m1', 'm2']);
  });
});
