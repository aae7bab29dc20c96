import { browser, defineBackground } from '#imports';
import { ACCOUNT_ALARM, refreshAccount } from '../background/account-refresh.ts';
import { listenToNotificationActions, POLL_ALARM, pollEvents } from '../background/event-poller.ts';
import { onPollAlarm, startLiveEvents } from '../background/live-events.ts';
import { answerContactsStatus, reportLandmarkFailure, tellSentUntracked } from '../background/compose-requests.ts';
import { enqueueRegistration, FLUSH_ALARM, flushRegistrations } from '../background/registration-queue.ts';
import { isRuntimeMessage } from '../messages.ts';
import { workerClient } from '../api/worker-client.ts';
import { sentMarksFor } from '../sender-view/sent-marks-source.ts';
import { settingsItem } from '../storage.ts';

export default defineBackground(() => {
  // webextension-polyfill: a listener answers by returning a promise, and must return
  // undefined for messages it does not handle so that other listeners can answer them.
  browser.runtime.onMessage.addListener((message: unknown) => {
    if (!isRuntimeMessage(message)) return undefined;
    switch (message.type) {
      case 'message-viewing':
        return reportViewing(message.messageId);
      case 'contacts-status':
        return answerContactsStatus(message.emails);
      case 'sent-untracked':
        return tellSentUntracked(message);
      case 'sent-marks':
        return sentMarksFor(message.since);
      case 'poll-now':
        return pollEvents();
      case 'message-sent':
        return enqueueRegistration(message.registration);
      case 'landmark-failure':
        return reportLandmarkFailure(message.failure);
    }
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === FLUSH_ALARM) void flushRegistrations();
    if (alarm.name === ACCOUNT_ALARM) void refreshAccount().catch((err: unknown) => console.warn('account not refreshed', err));
    if (alarm.name === POLL_ALARM) void onPollAlarm();
  });
  void browser.alarms.create(FLUSH_ALARM, { periodInMinutes: 1 });
  // Events are pushed through a stream; the alarm polls while it is down, at the shortest
  // period Chrome allows (30 s), and restarts it after the browser stopped the background.
  void browser.alarms.create(POLL_ALARM, { periodInMinutes: 0.5 });
  startLiveEvents();
  // The organisation's rules the composes follow: read again every few minutes and at start.
  void browser.alarms.create(ACCOUNT_ALARM, { periodInMinutes: 5 });
  void refreshAccount().catch((err: unknown) => console.warn('account not refreshed', err));
  listenToNotificationActions();
  void flushRegistrations();
});

/** Tells the Worker the sender is looking at their own message (best effort: a missed beacon is a missed label). */
async function reportViewing(messageId: string): Promise<void> {
  const settings = await settingsItem.getValue();
  if (!settings.workerUrl || !settings.apiToken) return;
  await workerClient.viewing(settings, messageId).catch((err: unknown) => console.warn('viewing beacon not sent', err));
}
