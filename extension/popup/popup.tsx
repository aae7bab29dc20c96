import { browser } from '#imports';
import { useEffect, useState } from 'preact/hooks';
import type { TrackingEvent } from '../../shared/schemas/events.ts';
import { describeEvent, isMachineEvent } from '../../shared/tracking/event-words.ts';
import { WorkerError, workerClient } from '../api/worker-client.ts';
import { notificationStateItem, setSilenced } from '../background/event-poller.ts';
import { INITIAL_NOTIFICATION_STATE, type NotificationState } from '../background/notification-rules.ts';
import { accountItem, isConfigured, settingsItem } from '../storage.ts';
import { groupByMessage, timeAgo } from './group-events.ts';

type State =
  | { kind: 'loading' }
  | { kind: 'not-configured' }
  | { kind: 'offline'; message: string }
  | { kind: 'ready'; events: TrackingEvent[] };

/** Recent opens, clicks and consent changes, grouped by message, each in words. */
export function Popup() {
  const [state, setState] = useState<State>({ kind: 'loading' });
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

  useEffect(() => {
    void (async () => {
      const [settings, account] = await Promise.all([settingsItem.getValue(), accountItem.getValue()]);
      if (!isConfigured(settings, account)) return setState({ kind: 'not-configured' });
      try {
        setState({ kind: 'ready', events: (await workerClient.events(settings, 200)).events });
      } catch (err) {
        setState({ kind: 'offline', message: err instanceof WorkerError ? err.message : String(err) });
      }
    })();
  }, []);

  if (state.kind === 'loading') return <main aria-busy="true"><p>Loading recent activity…</p></main>;
  if (state.kind === 'not-configured') {
    return (
      <main>
        <h1>Not connected yet</h1>
        <p>Open the options and enter your Worker URL and API token.</p>
        <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>Open options</button>
      </main>
    );
  }
  if (state.kind === 'offline') {
    return (
      <main>
        <h1>Cannot reach your Worker</h1>
        <p role="alert">{state.message}</p>
      </main>
    );
  }
  const machineCount = state.events.filter(isMachineEvent).length;
  const visible = showMachines ? state.events : state.events.filter((event) => !isMachineEvent(event));
  const groups = groupByMessage(visible);
  return (
    <main>
      <h1>Recent activity</h1>
      <label>
        <input type="checkbox" role="switch" checked={notifying.doNotDisturb} onChange={() => void toggleDoNotDisturb()} /> Do not disturb
      </label>
      {groups.length === 0 && <p class="muted">No opens or clicks yet. Send a tracked email from Gmail or Outlook.</p>}
      <ul class="plain">
        {groups.map((group) => (
          <li key={group.messageId} class="message">
            <strong>{group.subject || '(no subject)'}</strong>
            <span class="muted"> to {group.to.join(', ') || 'unknown recipients'}</span>{' '}
            <button
              type="button"
              class="secondary"
              aria-pressed={notifying.silenced.includes(group.messageId)}
              onClick={() => void setSilenced(group.messageId, !notifying.silenced.includes(group.messageId))}
            >
              {notifying.silenced.includes(group.messageId) ? 'Silenced' : 'Silence'}
            </button>
            <ul class="plain events">
              {group.events.map((event) => (
                <li key={event.id} title={event.reason}>
                  <span class="event-words">{describeEvent(event)}</span>{' '}
                  <span class="muted">{timeAgo(event.at)}</span>
                  {showMachines && isMachineEvent(event) && <span class="muted"> · {event.reason}</span>}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      {machineCount > 0 && (
        <button type="button" class="secondary" aria-pressed={showMachines} onClick={() => setShowMachines(!showMachines)}>
          {showMachines ? 'Hide machine activity' : `Show machine activity (${machineCount})`}
        </button>
      )}
    </main>
  );
}
