import { browser } from '#imports';
import { WorkerError, workerClient, type WorkerConnection } from '../api/worker-client.ts';
import { accountItem, isConfigured, settingsItem } from '../storage.ts';
import { t } from '../ui/i18n.ts';
import { armReminderAlarm, fireDueReminders, reminderFor, remindersItem, remindMe, type Reminder } from './reminders.ts';
import { isStillNotOpened } from './still-not-opened.ts';

async function stillNotOpened(connection: WorkerConnection, messageId: string): Promise<boolean | null> {
  try {
    return isStillNotOpened(await workerClient.message(connection, messageId));
  } catch (err) {
    // Not registered yet (still queued), or the Worker is away: ask again at the next check.
    if (err instanceof WorkerError) return null;
    throw err;
  }
}

async function showReminder(reminder: Reminder): Promise<void> {
  await browser.notifications.create(`reminder:${reminder.messageId}`, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    title: reminder.subject || t('common.noSubject'),
    message: t('reminder.due', reminder.days, [reminder.days]),
  });
}

/** Shows the due reminders of messages still not opened (background/event-poller.ts says when). */
export async function checkReminders(now = Date.now()): Promise<void> {
  const [settings, account] = await Promise.all([settingsItem.getValue(), accountItem.getValue()]);
  if (!isConfigured(settings, account)) return;
  await fireDueReminders(now, (messageId) => stillNotOpened(settings, messageId), showReminder);
}

/** A message was just sent with "Remind me if not opened in N days" (the compose's choice). */
export function remindAfterSending(messageId: string, subject: string, days: number, sentAt: string): Promise<void> {
  return remindMe(reminderFor(messageId, subject, days, Date.parse(sentAt)));
}

/** Keeps the alarm at the earliest due reminder, now and whenever reminders change. */
export function watchReminders(): void {
  void armReminderAlarm();
  remindersItem.watch(() => void armReminderAlarm());
}
