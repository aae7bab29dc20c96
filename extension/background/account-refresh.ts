import { workerClient } from '../api/worker-client.ts';
import { accountItem, isConfigured, settingsItem } from '../storage.ts';

export const ACCOUNT_ALARM = 'refresh-account';

/**
 * Reads the account again (`GET /api/me`): an admin may have changed the organisation's rules
 * (opt-out enforcement, mail merge), which every compose reads from the stored account.
 * Stored only when something changed, so watchers wake only then.
 */
export async function refreshAccount(): Promise<void> {
  const [settings, stored] = await Promise.all([settingsItem.getValue(), accountItem.getValue()]);
  if (!isConfigured(settings, stored)) return;
  const account = await workerClient.me(settings);
  if (JSON.stringify(account) !== JSON.stringify(stored)) await accountItem.setValue(account);
}
