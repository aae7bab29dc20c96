import { useEffect, useState } from 'preact/hooks';
import { settingsItem } from '../storage.ts';
import { t } from '../ui/i18n.ts';
import { chooseReminder, reminderDaysFor } from './compose-reminder.ts';
import { REMIND_AFTER_DAYS } from './reminders.ts';

/** The days in words for a choice list: "No reminder", "in 1 day", "in 3 days". */
export function reminderChoiceWords(days: number | null): string {
  if (days === null) return t('reminder.none');
  return t('reminder.inDays', days, [days]);
}

/**
 * The compose toolbar's "Remind me if not opened in N days": starts at the options' default and
 * is read at Send (track-on-send.ts). Off while the message is not tracked: nothing could tell.
 */
export function ReminderChoice({ root, tracked }: { root: HTMLElement; tracked: boolean }) {
  const [days, setDays] = useState<number | null>(null);
  useEffect(() => {
    void settingsItem.getValue().then((settings) => setDays(reminderDaysFor(root, settings)));
    return settingsItem.watch((settings) => setDays(reminderDaysFor(root, settings)));
  }, [root]);
  return (
    <select
      aria-label={t('reminder.label')}
      title={t('reminder.label')}
      disabled={!tracked}
      value={days === null ? '' : String(days)}
      onChange={(event) => {
        const value = event.currentTarget.value;
        const next = value === '' ? null : Number(value);
        chooseReminder(root, next);
        setDays(next);
      }}
    >
      <option value="">{reminderChoiceWords(null)}</option>
      {REMIND_AFTER_DAYS.map((choice) => (
        <option key={choice} value={String(choice)}>
          {reminderChoiceWords(choice)}
        </option>
      ))}
    </select>
  );
}
