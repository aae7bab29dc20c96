import { useEffect, useState } from 'preact/hooks';
import { notificationStateItem } from '../background/notification-state.ts';
import { withStateDefaults, type NotifyOn } from '../background/notification-rules.ts';
import { reminderChoiceWords } from '../reminders/reminder-choice.tsx';
import { REMIND_AFTER_DAYS } from '../reminders/reminders.ts';
import type { Settings } from '../storage.ts';
import { t } from '../ui/i18n.ts';

const KINDS: { key: keyof NotifyOn; words: () => string }[] = [
  { key: 'reliableOpens', words: () => t('notification.options.reliableOpens') },
  { key: 'unreliableOpens', words: () => t('notification.options.unreliableOpens') },
  { key: 'clicks', words: () => t('notification.options.clicks') },
  { key: 'consentChanges', words: () => t('notification.options.consentChanges') },
];

/**
 * Which news notifies, do-not-disturb (the same switch as the popup's), and the reminder every
 * compose starts with. Silence for one message is on the popup and the activity page.
 */
export function NotificationOptions({ settings, change }: { settings: Settings; change: (change: (current: Settings) => Settings) => Promise<void> }) {
  const [doNotDisturb, setDoNotDisturb] = useState(false);
  useEffect(() => {
    void notificationStateItem.getValue().then((state) => setDoNotDisturb(withStateDefaults(state).doNotDisturb));
    return notificationStateItem.watch((state) => setDoNotDisturb(withStateDefaults(state).doNotDisturb));
  }, []);

  return (
    <section aria-labelledby="notifications">
      <h2 id="notifications">{t('notification.options.title')}</h2>
      <fieldset>
        <legend>{t('notification.options.kinds')}</legend>
        {KINDS.map(({ key, words }) => (
          <label class="inline" key={key}>
            <input type="checkbox" checked={settings.notifyOn[key]}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                void change((current) => ({ ...current, notifyOn: { ...current.notifyOn, [key]: on } }));
              }} />{' '}
            {words()}
          </label>
        ))}
      </fieldset>
      <p class="muted">{t('notification.options.how')}</p>
      <label class="inline">
        <input type="checkbox" role="switch" checked={doNotDisturb}
          onChange={async (e) => {
            const on = e.currentTarget.checked;
            const state = withStateDefaults(await notificationStateItem.getValue());
            await notificationStateItem.setValue({ ...state, doNotDisturb: on });
          }} />{' '}
        {t('popup.doNotDisturb')}
      </label>
      <label for="remind-after-days">{t('reminder.defaultLabel')}</label>
      <select id="remind-after-days" value={settings.remindAfterDays === null ? '' : String(settings.remindAfterDays)}
        onChange={(e) => {
          const value = e.currentTarget.value;
          void change((current) => ({ ...current, remindAfterDays: value === '' ? null : Number(value) }));
        }}>
        <option value="">{reminderChoiceWords(null)}</option>
        {REMIND_AFTER_DAYS.map((days) => (
          <option key={days} value={String(days)}>{reminderChoiceWords(days)}</option>
        ))}
      </select>
    </section>
  );
}
