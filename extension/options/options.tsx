import { browser } from '#imports';
import { useEffect, useState } from 'preact/hooks';
import { activityUrl } from '../activity/activity-url.ts';
import { WorkerError, workerClient } from '../api/worker-client.ts';
import { accountItem, settingsItem, TRACK_MODES, type Account, type Settings, type TrackMode } from '../storage.ts';
import { t } from '../ui/i18n.ts';
import { OrgRules } from './org-rules.tsx';
import { PrivacyLink } from './privacy-link.tsx';
import { SendingAddresses } from './sending-addresses.tsx';
import { SignatureLinks } from './signature-links.tsx';

type Status = { kind: 'idle' } | { kind: 'checking' } | { kind: 'ok'; email: string } | { kind: 'error'; message: string };

export function normaliseWorkerUrl(input: string): string | null {
  try {
    const url = new URL(input.trim());
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return url.origin + url.pathname.replace(/\/+$/, '');
  } catch {
    return null;
  }
}

const MODE_WORDS: Record<TrackMode, () => string> = {
  'opens-and-clicks': () => t('options.mode.opensAndClicks'),
  'opens-only': () => t('options.mode.opensOnly'),
  'clicks-only': () => t('options.mode.clicksOnly'),
};

let saving: Promise<unknown> = Promise.resolve();

/**
 * Stores one change on top of what is stored now (the connection may have just changed). One
 * change at a time: two quick clicks would otherwise both read the old value and one be lost.
 */
function saveDefaults(change: (current: Settings) => Settings): Promise<void> {
  const next = saving.then(async () => settingsItem.setValue(change(await settingsItem.getValue())));
  saving = next.catch(() => undefined);
  return next;
}

/**
 * The connection to the sender's Worker (checked before it is saved), tracking and notification
 * defaults (saved as they change), the account and team, and what is tracked.
 */
export function Options() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [account, setAccount] = useState<Account | null>(null);
  const [workerUrl, setWorkerUrl] = useState('');
  const [apiToken, setApiToken] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [defaultsSaved, setDefaultsSaved] = useState(false);

  useEffect(() => {
    void Promise.all([settingsItem.getValue(), accountItem.getValue()]).then(([value, stored]) => {
      setSettings(value);
      setAccount(stored);
      setWorkerUrl(value.workerUrl);
      setApiToken(value.apiToken);
    });
    const unwatch = [settingsItem.watch((value) => setSettings(value)), accountItem.watch((value) => setAccount(value))];
    return () => unwatch.forEach((stop) => stop());
  }, []);

  async function save(event: Event) {
    event.preventDefault();
    const url = normaliseWorkerUrl(workerUrl);
    if (!url) return setStatus({ kind: 'error', message: t('options.workerUrlInvalid') });
    if (!apiToken.trim()) return setStatus({ kind: 'error', message: t('options.apiTokenMissing') });
    setStatus({ kind: 'checking' });
    try {
      const connection = { workerUrl: url, apiToken: apiToken.trim() };
      const checked = await workerClient.me(connection);
      await saveDefaults((current) => ({ ...current, ...connection }));
      await accountItem.setValue(checked);
      setWorkerUrl(url);
      setStatus({ kind: 'ok', email: checked.email });
    } catch (err) {
      const message = err instanceof WorkerError ? err.message : String(err);
      setStatus({ kind: 'error', message: t('options.notSaved', [message]) });
    }
  }

  async function changeDefaults(change: (current: Settings) => Settings) {
    await saveDefaults(change);
    setDefaultsSaved(true);
  }

  return (
    <main class="page">
      <h1>{t('options.title')}</h1>
      <section aria-labelledby="connection">
        <h2 id="connection">{t('options.connection')}</h2>
        <form onSubmit={save}>
          <label for="worker-url">{t('options.workerUrl')}</label>
          <input id="worker-url" type="url" required placeholder="https://tracker.example.workers.dev" value={workerUrl}
            onInput={(e) => setWorkerUrl(e.currentTarget.value)} />
          <label for="api-token">{t('options.apiToken')}</label>
          <input id="api-token" type="password" required autocomplete="off" value={apiToken}
            onInput={(e) => setApiToken(e.currentTarget.value)} />
          <p><button type="submit" disabled={status.kind === 'checking'}>{t('options.save')}</button></p>
        </form>
        <div aria-live="polite">
          {status.kind === 'checking' && <p class="status">{t('options.checking')}</p>}
          {status.kind === 'ok' && <p class="status ok" role="status">{t('options.connected', [status.email])}</p>}
          {status.kind === 'error' && <p class="status error" role="alert">{status.message}</p>}
        </div>
      </section>

      <section aria-labelledby="account">
        <h2 id="account">{t('options.account')}</h2>
        {account ? (
          <ul class="plain facts">
            <li>{t('options.signedInAs', [account.email])}</li>
            <li>{account.role === 'admin' ? t('options.role.admin') : t('options.role.sender')}</li>
            <li>{account.team ? t('options.team', [account.team]) : t('options.noTeam')}</li>
          </ul>
        ) : (
          <p class="muted">{t('options.notConnected')}</p>
        )}
      </section>

      {settings && (
        <section aria-labelledby="tracking">
          <h2 id="tracking">{t('options.trackingDefaults')}</h2>
          <label class="inline">
            <input type="checkbox" role="switch" checked={settings.trackByDefault}
              onChange={(e) => {
                const trackByDefault = e.currentTarget.checked;
                void changeDefaults((current) => ({ ...current, trackByDefault }));
              }} />{' '}
            {t('options.trackByDefault')}
          </label>
          <fieldset>
            <legend>{t('options.trackMode')}</legend>
            {TRACK_MODES.map((mode) => (
              <label class="inline" key={mode}>
                <input type="radio" name="track-mode" value={mode} checked={settings.trackMode === mode}
                  onChange={() => void changeDefaults((current) => ({ ...current, trackMode: mode }))} />{' '}
                {MODE_WORDS[mode]()}
              </label>
            ))}
          </fieldset>
        </section>
      )}

      {settings && (
        <section aria-labelledby="notifications">
          <h2 id="notifications">{t('options.notifications')}</h2>
          {(
            [
              ['firstOpen', t('options.notifyFirstOpen')],
              ['clicks', t('options.notifyClicks')],
              ['consentChanges', t('options.notifyConsent')],
            ] as const
          ).map(([key, words]) => (
            <label class="inline" key={key}>
              <input type="checkbox" checked={settings.notifyOn[key]}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  void changeDefaults((current) => ({ ...current, notifyOn: { ...current.notifyOn, [key]: on } }));
                }} />{' '}
              {words}
            </label>
          ))}
          <p class="muted" role="status">{defaultsSaved ? t('options.defaultsSaved') : ''}</p>
        </section>
      )}

      <section aria-labelledby="what-is-tracked">
        <h2 id="what-is-tracked">{t('options.whatIsTracked')}</h2>
        <p>{t('options.trackedOpens')}</p>
        <p>{t('options.trackedClicks')}</p>
        <p>{t('options.trackedNever')}</p>
        <p class="muted">{t('options.trackedWhere')}</p>
      </section>

      {account && settings?.workerUrl && <SignatureLinks workerUrl={settings.workerUrl} />}
      {account && <SendingAddresses email={account.email} aliases={account.aliases} />}
      {account?.role === 'admin' && account.settings && settings && <OrgRules worker={settings} settings={account.settings} />}

      <nav class="links">
        <a href={activityUrl()}>{t('common.activity')}</a>
        <a href={browser.runtime.getURL('/opt-outs.html')}>{t('common.optOuts')}</a>
        <PrivacyLink workerUrl={settings?.workerUrl} />
      </nav>
    </main>
  );
}
