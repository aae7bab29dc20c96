import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_ORG_SETTINGS } from '../../shared/schemas/org-settings.ts';
import { accountItem, DEFAULT_SETTINGS, settingsItem, type Account } from '../storage.ts';
import { Options } from './options.tsx';

const WORKER = 'https://tracker.example';
const account = (change: Partial<Account>): Account => ({
  email: 'ana@example.com', role: 'sender', linkKey: { id: 'k1', secret: 'c2VjcmV0' } as Account['linkKey'], team: null, settings: DEFAULT_ORG_SETTINGS, ...change,
});

async function showOptions(stored: Account): Promise<HTMLElement> {
  await settingsItem.setValue({ ...DEFAULT_SETTINGS, workerUrl: WORKER, apiToken: 'slt_x' });
  await accountItem.setValue(stored);
  const root = document.createElement('div');
  document.body.append(root);
  await act(() => render(<Options />, root));
  await vi.waitFor(() => expect(root.textContent).toContain('Signature links'));
  return root;
}

describe('the options page: signature links, sending addresses, the organisation\'s rules', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.replaceChildren();
  });

  it('shows the five signature links of this Worker, with how to add them to a Gmail and an Outlook signature', async () => {
    const root = await showOptions(account({}));
    expect([...root.querySelectorAll('#signature-links ~ table code')].map((code) => code.textContent)).toEqual([
      `${WORKER}/s/unsubscribe`, `${WORKER}/s/preferences`, `${WORKER}/s/grant-consent`, `${WORKER}/s/withdraw-consent`, `${WORKER}/s/stop-tracking`,
    ]);
    expect(root.textContent).toContain('Gmail: Settings');
    expect(root.textContent).toContain('Outlook: Settings');
  });

  it('copies a signature link', async () => {
    const copied: string[] = [];
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText: async (text: string) => void copied.push(text) } });
    const root = await showOptions(account({}));
    await act(() => root.querySelector<HTMLButtonElement>('button[aria-label="Copy: Grant consent"]')!.click());
    await vi.waitFor(() => expect(copied).toEqual([`${WORKER}/s/grant-consent`]));
    expect(root.querySelector('button[aria-label="Copy: Grant consent"]')!.textContent).toBe('Copied');
  });

  it('lists the account\'s aliases once the Worker tells them, and nothing before', async () => {
    const before = await showOptions(account({}));
    expect(before.textContent).not.toContain('Your sending addresses');
    document.body.replaceChildren();
    const root = await showOptions(account({ aliases: ['sales@example.com'] }));
    expect([...root.querySelectorAll('#sending-addresses ~ ul li')].map((li) => li.textContent)).toEqual(['ana@example.com', 'sales@example.com']);
  });

  it('shows the organisation\'s rules to admins only', async () => {
    expect((await showOptions(account({}))).textContent).not.toContain('Rules for the whole organisation');
    document.body.replaceChildren();
    const root = await showOptions(account({ role: 'admin', settings: { ...DEFAULT_ORG_SETTINGS, optOutEnforcement: 'block' } }));
    expect(root.textContent).toContain('Rules for the whole organisation');
    const checked = [...root.querySelectorAll<HTMLInputElement>('#org-rules ~ fieldset input:checked')].map((input) => input.value).sort();
    expect(checked).toEqual(['append', 'block']);
  });

  it('saves an admin\'s change at once with PUT /api/settings, and reads the account again', async () => {
    const calls: { method: string; path: string; body: string }[] = [];
    let settings = { ...DEFAULT_ORG_SETTINGS };
    vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
      const call = { method: init.method ?? 'GET', path: new URL(url).pathname, body: String(init.body ?? '') };
      calls.push(call);
      if (call.method === 'PUT') {
        settings = { ...settings, ...(JSON.parse(call.body) as object) };
        return new Response(null, { status: 204 });
      }
      return new Response(JSON.stringify(account({ role: 'admin', settings })), { status: 200 });
    });
    const root = await showOptions(account({ role: 'admin' }));
    const label = [...root.querySelectorAll('label')].find((node) => node.textContent?.includes('Hold Send until the sender adds one'))!;
    await act(() => label.querySelector('input')!.click());
    await vi.waitFor(() => expect(root.textContent).toContain('Saved for the whole organisation.'));
    expect(calls).toEqual([
      { method: 'PUT', path: '/api/settings', body: JSON.stringify({ mailMergeOptOut: 'hold' }) },
      { method: 'GET', path: '/api/me', body: '' },
    ]);
    expect((await accountItem.getValue())?.settings?.mailMergeOptOut).toBe('hold');
    expect([...root.querySelectorAll<HTMLInputElement>('#org-rules ~ fieldset input:checked')].map((input) => input.value)).toEqual(['warn', 'hold']);
  });

  it('says why a change was not saved', async () => {
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ error: { code: 'forbidden', message: 'Only an admin can change the organisation\'s settings.' } }), { status: 403 }));
    const root = await showOptions(account({ role: 'admin' }));
    const label = [...root.querySelectorAll('label')].find((node) => node.textContent?.includes('Treat contacts without a lawful basis'))!;
    await act(() => label.querySelector('input')!.click());
    await vi.waitFor(() => expect(root.textContent).toContain('Not saved: Only an admin can change the organisation\'s settings.'));
  });
});
