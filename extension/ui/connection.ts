import { useEffect, useState } from 'preact/hooks';
import { accountItem, isConfigured, settingsItem, type Account, type Settings } from '../storage.ts';
import { WorkerError } from '../api/worker-client.ts';

export type Connection = { kind: 'loading' } | { kind: 'not-configured' } | { kind: 'ready'; settings: Settings; account: Account };

/** The stored connection to the Worker, for the extension's pages. */
export function useConnection(): Connection {
  const [connection, setConnection] = useState<Connection>({ kind: 'loading' });
  useEffect(() => {
    void Promise.all([settingsItem.getValue(), accountItem.getValue()]).then(([settings, account]) =>
      setConnection(isConfigured(settings, account) ? { kind: 'ready', settings, account } : { kind: 'not-configured' }),
    );
  }, []);
  return connection;
}

export function errorText(err: unknown): string {
  return err instanceof WorkerError ? err.message : String(err);
}
