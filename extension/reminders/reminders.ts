import { browser, storage } from '#imports';

/**
 * "Remind me if not opened in N days". Kept in the extension's storage, not with the message on
 * the Worker: a reminder is this sender's note to themselves in this browser (the notification
 * shows here), it changes after sending (set or cancelled on the activity page) where the
 * registration is fixed once sent, and it needs no Worker change. The Worker is asked only when
 * one is due, whether the message is still unopened.
 */
export interface Reminder {
  messageId: string;
  subject: string;
  days: number;
  /** When to remind (ms since the epoch). */
  dueAt: number;
}

/** The choices offered in the compose, on the activity page and in the options. */
export const REMIND_AFTER_DAYS = [1, 2, 3, 5, 7, 14] as const;
const DAY_MS = 24 * 60 * 60_000;

/** Message id → its reminder. */
export const remindersItem = storage.defineItem<Record<string, Reminder>>('local:reminders', { fallback: {} });

/** One alarm, at the earliest due time: re-armed whenever the reminders change and when the background starts. */
export const REMINDER_ALARM = 'reminders';

export function reminderFor(messageId: string, subject: string, days: number, from: number): Reminder {
  return { messageId, subject, days, dueAt: from + days * DAY_MS };
}

export function dueReminders(reminders: Readonly<Record<string, Reminder>>, now: number): Reminder[] {
  return Object.values(reminders).filter((reminder) => reminder.dueAt <= now);
}

export function nextDueAt(reminders: Readonly<Record<string, Reminder>>): number | null {
  const times = Object.values(reminders).map((reminder) => reminder.dueAt);
  return times.length > 0 ? Math.min(...times) : null;
}

// One change at a time: the poller cancelling and the compose adding must not overwrite each other.
let changing: Promise<unknown> = Promise.resolve();
function changeReminders(change: (current: Record<string, Reminder>) => Record<string, Reminder>): Promise<void> {
  const next = changing.then(async () => remindersItem.setValue(change(await remindersItem.getValue())));
  changing = next.catch(() => undefined);
  return next;
}

export function remindMe(reminder: Reminder): Promise<void> {
  return changeReminders((current) => ({ ...current, [reminder.messageId]: reminder }));
}

/** An open or a click (or the sender, by hand) ends these messages' reminders. */
export function cancelReminders(messageIds: readonly string[]): Promise<void> {
  return changeReminders((current) => {
    if (!messageIds.some((id) => Object.hasOwn(current, id))) return current;
    return Object.fromEntries(Object.entries(current).filter(([id]) => !messageIds.includes(id)));
  });
}

export async function armReminderAlarm(): Promise<void> {
  const next = nextDueAt(await remindersItem.getValue());
  await browser.alarms.clear(REMINDER_ALARM);
  if (next !== null) await browser.alarms.create(REMINDER_ALARM, { when: next });
}

/** What the Worker says of a message now: still not opened, opened, or null when it cannot tell yet. */
export type StillNotOpened = (messageId: string) => Promise<boolean | null>;

/**
 * Shows one notification for each due reminder whose message is still not opened, and drops
 * it; an opened message's reminder is dropped silently. One the Worker cannot answer for yet
 * (offline, the registration still queued) waits for the next check.
 */
export async function fireDueReminders(
  now: number,
  stillNotOpened: StillNotOpened,
  show: (reminder: Reminder) => Promise<void>,
): Promise<void> {
  const done: string[] = [];
  for (const reminder of dueReminders(await remindersItem.getValue(), now)) {
    const answer = await stillNotOpened(reminder.messageId).catch(() => null);
    if (answer === null) continue;
    if (answer) await show(reminder);
    done.push(reminder.messageId);
  }
  if (done.length > 0) await cancelReminders(done);
}
