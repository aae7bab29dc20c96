import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_ORG_SETTINGS } from '../../shared/schemas/org-settings.ts';
import { accountItem, DEFAULT_SETTINGS, settingsItem, type Account } from '../storage.ts';
import { refreshAccount } from './account-refresh.ts';

const account: Account = { email: 'ana@example.com', role: 'sender', linkKey: { id: 'k1', secret: 'c2VjcmV0' } as Account['linkKey'], team: null, settings: DEFAULT_ORG_SETTINGS };

describe('refreshAccount: the organisation\'s rules reach every compose', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => vi.unstubAllGlobals());

  it('stores the account again when an admin changed a rule', async () => {
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, workerUrl: 'https://t.example', apiToken: 'slt_x' });
    await accountItem.setValue(account);
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ ...account, settings: { ...DEFAULT_ORG_SETTINGS, optOutEnforcement: 'block' } }), { status: 200 }));
    await refreshAccount();
    expect((await accountItem.getValue())?.settings?.optOutEnforcement).toBe('block');
  });

  it('writes nothing when nothing changed, and asks nothing before the extension is connected', async () => {
    const fetched: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => (fetched.push(url), new Response(JSON.stringify(account), { status: 200 })));
    await refreshAccount();
    expect(fetched).toEqual([]);
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, workerUrl: 'https://t.example', apiToken: 'slt_x' });
    await accountItem.setValue(account);
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    await refreshAccount();
    expect(fetched).toEqual(['https://t.example/api/me']);
    expect(set).not.toHaveBeenCalled();
  });
});
