import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { accountItem, DEFAULT_SETTINGS, settingsItem } from '../storage.ts';
import { settleColleagueDomains } from './settle-default.ts';

const account = (email: string) => ({ email, role: 'sender' as const, linkKey: { id: 'k', secret: 'c2VjcmV0' } });

describe('settling the domains never tracked', () => {
  beforeEach(() => fakeBrowser.reset());

  it('waits for the account', async () => {
    await settleColleagueDomains();
    expect((await settingsItem.getValue()).neverTrackDomains).toBeNull();
  });

  it.each([
    ['ana@acme-widgets.com', ['acme-widgets.com']],
    ['ana@gmail.com', []],
  ])('%s starts with %j', async (email, expected) => {
    await accountItem.setValue(account(email));
    await settleColleagueDomains();
    expect((await settingsItem.getValue()).neverTrackDomains).toEqual(expected);
  });

  it('leaves a list the sender saves while it looks the account up', async () => {
    await accountItem.setValue(account('ana@acme-widgets.com'));
    const settling = settleColleagueDomains();
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, neverTrackDomains: ['colleagues.example.net'] });
    await settling;
    expect((await settingsItem.getValue()).neverTrackDomains).toEqual(['colleagues.example.net']);
  });

  it('leaves a list the sender chose', async () => {
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, neverTrackDomains: [] });
    await accountItem.setValue(account('ana@acme-widgets.com'));
    await settleColleagueDomains();
    expect((await settingsItem.getValue()).neverTrackDomains).toEqual([]);
  });
});
