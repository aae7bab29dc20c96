import { browser, type Browser } from '#imports';
import type { TrackingEvent } from '../../shared/schemas/events.ts';
import { activityUrl } from '../activity/activity-url.ts';
import { workerClient } from '../api/worker-client.ts';
import { cancelReminders } from '../reminders/reminders.ts';
import { checkReminders } from '../reminders/reminder-notifications.ts';
import { accountItem, isConfigured, settingsItem } from '../storage.ts';
import { eventInWords, t, tKey } from '../ui/i18n.ts';
import { notificationStateItem, setSilenced } from './notification-state.ts';
import { planNotifications, withStateDefaults, type NotificationWords } from './notification-rules.ts';

export const POLL_ALARM = 'poll-events';
const NOTIFICATION_PREFIXES = ['message:', 'reminder:'];

function notificationWords(): NotificationWords {
  return {
    describe: eventInWords,
    opens: (count) => t('notification.opens', count, [count]),
    // One is the event's own words: "Opened (unreliable: Gmail proxy)".
    unreliableOpens: (count, by) => (count === 1 ? tKey(`events.open.${by}`) : tKey(`notification.unreliableOpens.${by}`, [count])),
    clicks: (count) => t('notification.clicks', count, [count]),
    noSubject: t('common.noSubject'),
  };
}

// One batch at a time: the poll and the stream may bring events together, and each batch reads
// and writes the state.
let handling: Promise<unknown> = Promise.resolve();

/**
 * The one way new events become notifications, whoever brought them (the minute poll, the
 * stream): plans them with the rules, shows them, ends the reminders of opened messages.
 */
export function notifyAbout(events: readonly TrackingEvent[]): Promise<void> {
  const next = handling.then(async () => {
    const settings = await settingsItem.getValue();
    const planned = planNotifications(events, withStateDefaults(await notificationStateItem.getValue()), { notifyOn: settings.notifyOn, words: notificationWords() });
    // The popup may have changed these meanwhile; they are the sender's, not the rules'.
    const { silenced, doNotDisturb } = withStateDefaults(await notificationStateItem.getValue());
    await notificationStateItem.setValue({ ...planned.state, silenced, doNotDisturb });
    if (planned.opened.length > 0) await cancelReminders(planned.opened);
    for (const notification of planned.notifications) {
      // The same id again replaces the notification: a burst shows as one that grows.
      await showNotification(notification.notificationId, {
        type: 'basic',
        iconUrl: browser.runtime.getURL('/icon/128.png'),
        title: notification.title,
        message: notification.message,
        // Firefox shows no notification buttons; there, silence from the popup.
        ...(import.meta.env.FIREFOX ? {} : { buttons: [{ title: t('notification.silence') }] }),
      });
    }
  });
  handling = next.catch(() => undefined);
  return next;
}

let showings = 0;

/**
 * Shows a notification in place of the one shown under the same id. Chromium replaces in place.
 * Firefox loses a notification created again under the id of one it still shows: the old one's
 * close, reported a moment later, takes the new one off the extension's list, so it is neither
 * listed nor cleared any more (its ext-notifications forgets by id). There each showing has an id
 * of its own (`<id>~<n>`, which messageIdOfNotification still reads) and the one before is cleared.
 */
async function showNotification(notificationId: string, options: Browser.notifications.NotificationCreateOptions): Promise<void> {
  if (!import.meta.env.FIREFOX) {
    await browser.notifications.create(notificationId, options);
    return;
  }
  const before = Object.keys(await browser.notifications.getAll()).filter((id) => id === notificationId || id.startsWith(`${notificationId}~`));
  await browser.notifications.create(`${notificationId}~${Date.now().toString(36)}${(showings++).toString(36)}`, options);
  for (const id of before) await browser.notifications.clear(id);
}

/** Asks the Worker for new events and notifies; then reminds of what is due. */
export async function pollEvents(now = Date.now()): Promise<void> {
  const [settings, account] = await Promise.all([settingsItem.getValue(), accountItem.getValue()]);
  if (!isConfigured(settings, account)) return;
  const { events } = await workerClient.events(settings, 200);
  await notifyAbout(events);
  // After the events: an open that just arrived ends its reminder before it could fire.
  await remindOfDue(now);
}

/**
 * Reminds of what is due: at the reminders' alarm, and after each poll (an alarm is lost when
 * Firefox restarts). Waits while do-not-disturb is on: a reminder is kept, not skipped.
 */
export async function remindOfDue(now = Date.now()): Promise<void> {
  if (withStateDefaults(await notificationStateItem.getValue()).doNotDisturb) return;
  await checkReminders(now);
}

export function messageIdOfNotification(notificationId: string): string | null {
  const prefix = NOTIFICATION_PREFIXES.find((p) => notificationId.startsWith(p));
  if (!prefix) return null;
  return notificationId.slice(prefix.length).split(':')[0] ?? null;
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
