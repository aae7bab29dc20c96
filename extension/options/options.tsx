import { useEffect, useState } from 'preact/hooks';
import { WorkerError, workerClient } from '../api/worker-client.ts';
import { accountItem, settingsItem, type Settings } from '../storage.ts';

type Status = { kind: 'idle' } | { kind: 'checking' } | { kind: 'ok'; email: string } | { kind: 'error'; message: string };

function normaliseWorkerUrl(input: string): string | null {
  try {
    const url = new URL(input.trim());
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return url.origin + url.pathname.replace(/\/+$/, '');
  } catch {
    return null;
  }
}

/** Worker URL and API token, checked against the Worker before they are saved. */
export function Options() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [workerUrl, setWorkerUrl] = useState('');
  const [apiToken, setApiToken] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  useEffect(() => {
    void settingsItem.getValue().then((value) => {
      setSettings(value);
      setWorkerUrl(value.workerUrl);
      setApiToken(value.apiToken);
    });
  }, []);

  async function save(event: Event) {
    event.preventDefault();
    const url = normaliseWorkerUrl(workerUrl);
    if (!url) return setStatus({ kind: 'error', message: 'Enter the Worker URL, e.g. https://tracker.example.workers.dev' });
    if (!apiToken.trim()) return setStatus({ kind: 'error', message: 'Enter the API token printed by "npm run token".' });
    setStatus({ kind: 'checking' });
    try {
      const connection = { workerUrl: url, apiToken: apiToken.trim() };
      const account = await workerClient.me(connection);
      await settingsItem.setValue({ ...(settings ?? { trackByDefault: true }), ...connection });
      await accountItem.setValue(account);
      setWorkerUrl(url);
      setStatus({ kind: 'ok', email: account.email });
    } catch (err) {
      const message = err instanceof WorkerError ? err.message : String(err);
      setStatus({ kind: 'error', message: `Not saved: ${message}` });
    }
  }

  return (
    <main>
      <h1>Smart Links &amp; Tracking</h1>
      <form onSubmit={save}>
        <label for="worker-url">Worker URL</label>
        <input id="worker-url" type="url" required placeholder="https://tracker.example.workers.dev" value={workerUrl}
          onInput={(e) => setWorkerUrl(e.currentTarget.value)} />
        <label for="api-token">API token</label>
        <input id="api-token" type="password" required autocomplete="off" value={apiToken}
          onInput={(e) => setApiToken(e.currentTarget.value)} />
        <p><button type="submit" disabled={status.kind === 'checking'}>Save</button></p>
      </form>
      <div aria-live="polite">
        {status.kind === 'checking' && <p class="status">Checking the connection…</p>}
        {status.kind === 'ok' && <p class="status ok" role="status">Connection OK: signed in as {status.email}.</p>}
        {status.kind === 'error' && <p class="status error" role="alert">{status.message}</p>}
      </div>
      <p class="muted">
        What is tracked: when a tracked email's images are loaded and its links are followed, with the user agent and
        network of the request, stored on your own Worker. Recipients who chose "Stop tracking me" are never tracked.
      </p>
    </main>
  );
}
