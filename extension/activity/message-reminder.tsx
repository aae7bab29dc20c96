import { useEffect, useState } from 'preact/hooks';
import { reminderChoiceWords } from '../reminders/reminder-choice.tsx';
import { cancelReminders, REMIND_AFTER_DAYS, reminderFor, remindersItem, remindMe, type Reminder } from '../reminders/reminders.ts';
import { t } from '../ui/i18n.ts';

/**
 * "Remind me if not opened in N days" on a message already sent, counted from when it was sent;
 * or the reminder it has, with a way to cancel it.
 */
export function MessageReminder({ messageId, subject, sentAt }: { messageId: string; subject: string; sentAt: string }) {
  const [reminder, setReminder] = useState<Reminder | null>(null);
  const [days, setDays] = useState<number>(REMIND_AFTER_DAYS[2]);
  useEffect(() => {
    void remindersItem.getValue().then((all) => setReminder(all[messageId] ?? null));
    return remindersItem.watch((all) => setReminder(all[messageId] ?? null));
  }, [messageId]);

  if (reminder) {
    return (
      <p class="reminder">
        {t('reminder.set', [reminderChoiceWords(reminder.days)])}{' '}
        <button type="button" class="secondary small" onClick={() => void cancelReminders([messageId])}>{t('reminder.cancel')}</button>
      </p>
    );
  }
  return (
    <p class="reminder">
      <select aria-label={t('reminder.label')} value={String(days)} onChange={(e) => setDays(Number(e.currentTarget.value))}>
        {REMIND_AFTER_DAYS.map((choice) => (
          <option key={choice} value={String(choice)}>{reminderChoiceWords(choice)}</option>
        ))}
      </select>{' '}
      <button type="button" class="secondary small" onClick={() => void remindMe(reminderFor(messageId, subject, days, Date.parse(sentAt)))}>
        {t('reminder.setButton')}
      </button>
    </p>
  );
}
