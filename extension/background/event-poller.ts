import { browser, storage } from '#imports';
import type { TrackingEvent } from '../../shared/schemas/events.ts';
import { activityUrl } from '../activity/activity-url.ts';
import { workerClient } from '../api/worker-client.ts';
import { accountItem, isConfigured, settingsItem } from '../storage.ts';
import { eventInWords, t } from '../ui/i18n.ts';
import { INITIAL_NOTIFICATION_STATE, planNotifications, type NotificationState, type NotificationWords } from './notification-rules.ts';

export const POLL_ALARM = 'poll-events';
const NOTIFICATION_PREFIX = 'message:';

export const notificationStateItem = storage.defineItem<NotificationState>('local:notificationState', { fallback: INITIAL_NOTIFICATION_STATE });

/** Asks the Worker for new events and shows what the rules say deserves a notification. */
export async function pollEvents(now = Date.now()): Promise<void> {
  const [settings, account] = await Promise.all([settingsItem.getValue(), accountItem.getValue()]);
  if (!isConfigured(settings, account)) return;
  const { events } = await workerClient.events(settings, 200);
  await notifyAbout(events, now);
}

let planning: Promise<void> = Promise.resolve();

/**
 * Shows what the rules say deserves a notification among these events, polled or pushed by the
 * stream. One at a time: a push arriving during a poll must not plan from the same stored state.
 */
export function notifyAbout(events: TrackingEvent[], now = Date.now()): Promise<void> {
  const run = planning.then(() => planAndNotify(events, now));
  planning = run.catch(() => undefined);
  return run;
}

async function planAndNotify(events: TrackingEvent[], now: number): Promise<void> {
  const settings = await settingsItem.getValue();
  const words: NotificationWords = {
    describe: eventInWords,
    more: (described, more) => t('notification.more', [described, more]),
    noSubject: t('common.noSubject'),
  };
  const planned = planNotifications(events, await notificationStateItem.getValue(), now, { notifyOn: settings.notifyOn, words });
  await notificationStateItem.setValue(planned.state);
  for (const notification of planned.notifications) {
    await browser.notifications.create(`${NOTIFICATION_PREFIX}${notification.messageId}:${now}`, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon/128.png'),
      title: notification.title,
      message: notification.message,
      // Firefox shows no notification buttons; there, silence from the popup.
      ...(import.meta.env.FIREFOX ? {} : { buttons: [{ title: t('notification.silence') }] }),
    });
  }
}

export function messageIdOfNotification(notificationId: string): string | null {
  if (!notificationId.startsWith(NOTIFICATION_PREFIX)) return null;
  return notificationId.slice(NOTIFICATION_PREFIX.length).split(':')[0] ?? null;
}

export async function setSilenced(messageId: string, silenced: boolean): Promise<void> {
  const state = await notificationStateItem.getValue();
  const others = state.silenced.filter((id) => id !== messageId);
  await notificationStateItem.setValue({ ...state, silenced: silenced ? [...others, messageId] : others });
}

/**
 * What a person can do with one of our notifications: a click opens the message's detail on the
 * activity page (and clears the notification); its "Silence" button (Chromium) silences the
 * message. Other extensions' notifications are theirs.
 */
export function listenToNotificationActions(): void {
  browser.notifications.onClicked.addListener((notificationId) => {
    const messageId = messageIdOfNotification(notificationId);
    if (messageId) void browser.tabs.create({ url: activityUrl(messageId) }).then(() => browser.notifications.clear(notificationId));
  });
  browser.notifications.onButtonClicked?.addListener((notificationId) => {
    const messageId = messageIdOfNotification(notificationId);
    if (messageId) void setSilenced(messageId, true).then(() => browser.notifications.clear(notificationId));
  });
}
