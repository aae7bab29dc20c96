import { browser } from '#imports';
import { useEffect, useState } from 'preact/hooks';
import type { TrackingEvent } from '../../shared/schemas/events.ts';
import { isMachineEvent } from '../../shared/tracking/event-words.ts';
import { activityUrl } from '../activity/activity-url.ts';
import { WorkerError, workerClient } from '../api/worker-client.ts';
import { notificationStateItem, setSilenced } from '../background/notification-state.ts';
import { INITIAL_NOTIFICATION_STATE, isAboutAMessage, type NotificationState } from '../background/notification-rules.ts';
import { accountItem, isConfigured, settingsItem } from '../storage.ts';
import { eventInWords, t, uiLanguage, verdictInWords } from '../ui/i18n.ts';
import { groupByMessage, timeAgo } from './group-events.ts';
import { ReadingNow, useLiveEvents } from './reading-now.tsx';

type State =
  | { kind: 'loading' }
  | { kind: 'not-configured' }
  | { kind: 'offline'; message: string }
  | { kind: 'ready'; events: TrackingEvent[] };

/** Opens an extension page in a tab and closes the popup, as a person expects of a link there. */
function openPage(url: string) {
  void browser.tabs.create({ url }).then(() => window.close());
}

/** Recent opens, clicks and consent changes, grouped by message, each in words. */
export function Popup({ initial }: { initial?: State } = {}) {
  const [state, setState] = useState<State>(initial ?? { kind: 'loading' });
  const [showMachines, setShowMachines] = useState(false);
  const [notifying, setNotifying] = useState<NotificationState>(INITIAL_NOTIFICATION_STATE);

  useEffect(() => {
    void notificationStateItem.getValue().then(setNotifying);
    return notificationStateItem.watch((value) => setNotifying(value));
  }, []);

  async function toggleDoNotDisturb() {
    const current = await notificationStateItem.getValue();
    await notificationStateItem.setValue({ ...current, doNotDisturb: !current.doNotDisturb });
  }

  // Events pushed while the popup is open join the list at the top.
  useLiveEvents((event) => {
    if (!isAboutAMessage(event)) return;
    setState((current) => (current.kind === 'ready' && !current.events.some((known) => known.id === event.id) ? { ...current, events: [event, ...current.events] } : current));
  });

  useEffect(() => {
    if (initial) return;
    void (async () => {
      const [settings, account] = await Promise.all([settingsItem.getValue(), accountItem.getValue()]);
      if (!isConfigured(settings, account)) return setState({ kind: 'not-configured' });
      try {
        setState({ kind: 'ready', events: (await workerClient.events(settings, 200)).events.filter(isAboutAMessage) });
      } catch (err) {
        setState({ kind: 'offline', message: err instanceof WorkerError ? err.message : String(err) });
      }
    })();
  }, []);

  if (state.kind === 'loading') return <main aria-busy="true"><p>{t('popup.loading')}</p></main>;
  if (state.kind === 'not-configured') {
    return (
      <main>
        <h1>{t('common.notConfigured.title')}</h1>
        <p>{t('common.notConfigured.body')}</p>
        <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>{t('common.notConfigured.button')}</button>
      </main>
    );
  }
  if (state.kind === 'offline') {
    return (
      <main>
        <h1>{t('common.offline')}</h1>
        <p role="alert">{state.message}</p>
      </main>
    );
  }
  const machineCount = state.events.filter(isMachineEvent).length;
  // The verdict reads every event of a message; the list shows machines only on request, and a
  // message only machines fetched not at all until then.
  const groups = groupByMessage(state.events)
    .map((group) => ({ ...group, events: showMachines ? group.events : group.events.filter((event) => !isMachineEvent(event)) }))
    .filter((group) => group.events.length > 0);
  const language = uiLanguage();
  return (
    <main class="popup">
      <h1>{t('popup.title')}</h1>
      <nav class="links">
        <a href={activityUrl()} onClick={(e) => { e.preventDefault(); openPage(activityUrl()); }}>{t('common.activity')}</a>
        <a href={browser.runtime.getURL('/opt-outs.html')} onClick={(e) => { e.preventDefault(); openPage(browser.runtime.getURL('/opt-outs.html')); }}>{t('common.optOuts')}</a>
      </nav>
      <label class="inline">
        <input type="checkbox" role="switch" checked={notifying.doNotDisturb} onChange={() => void toggleDoNotDisturb()} /> {t('popup.doNotDisturb')}
      </label>
      {groups.length === 0 && <p class="muted">{t('popup.empty')}</p>}
      <ul class="plain">
        {groups.map((group) => {
          const silenced = notifying.silenced.includes(group.messageId);
          return (
            <li key={group.messageId} class="message">
              <a class="subject" href={activityUrl(group.messageId)} onClick={(e) => { e.preventDefault(); openPage(activityUrl(group.messageId)); }}>
                {group.subject || t('common.noSubject')}
              </a>
              <span class="muted"> {t('common.to', [group.to.join(', ') || t('common.unknownRecipients')])}</span>{' '}
              <button type="button" class="secondary small" aria-pressed={silenced} onClick={() => void setSilenced(group.messageId, !silenced)}>
                {silenced ? t('common.silenced') : t('common.silence')}
              </button>{' '}
              <ReadingNow events={group.events} />
              <div><span class={`badge verdict ${group.verdict.status}`}>{verdictInWords(group.verdict, group.recipientCount)}</span></div>
              <ul class="plain events">
                {group.events.map((event) => (
                  <li key={event.id} title={event.reason}>
                    <span class={isMachineEvent(event) ? 'event-words machine' : 'event-words'}>{eventInWords(event)}</span>{' '}
                    <span class="muted">{timeAgo(event.at, Date.now(), language)}</span>
                    {showMachines && isMachineEvent(event) && <span class="muted"> · {event.reason}</span>}
                  </li>
                ))}
              </ul>
            </li>
          );
        })}
      </ul>
      {machineCount > 0 && (
        <button type="button" class="secondary" aria-pressed={showMachines} onClick={() => setShowMachines(!showMachines)}>
          {showMachines ? t('popup.hideMachines') : t('popup.showMachines', [machineCount])}
        </button>
      )}
    </main>
  );
}
