import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { notificationStateItem } from '../background/notification-state.ts';
import { accountItem, DEFAULT_SETTINGS, settingsItem } from '../storage.ts';
import { Options } from './options.tsx';

function labelled(root: HTMLElement, text: string): HTMLInputElement {
  const label = [...root.querySelectorAll('label')].find((node) => node.textContent?.trim() === text);
  if (!label) throw new Error(`no control labelled "${text}"`);
  return (label.control ?? label.querySelector('input')) as HTMLInputElement;
}

async function showOptions(): Promise<HTMLElement> {
  const root = document.createElement('div');
  document.body.append(root);
  await act(() => render(<Options />, root));
  await vi.waitFor(() => expect(root.textContent).toContain('Tracking defaults'));
  return root;
}

describe('the options page', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.replaceChildren();
  });

  it('keeps the contract\'s names: Worker URL, API token, Save', async () => {
    const root = await showOptions();
    expect(labelled(root, 'Worker URL').type).toBe('url');
    expect(labelled(root, 'API token').type).toBe('password');
    expect([...root.querySelectorAll('button')].map((b) => b.textContent)).toContain('Save');
  });

  it('saves tracking and notification defaults as they change, keeping the connection', async () => {
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, workerUrl: 'https://t.example', apiToken: 'slt_x' });
    const root = await showOptions();
    await act(() => labelled(root, 'opens only').click());
    await act(() => labelled(root, 'Track new messages by default').click());
    await act(() => labelled(root, 'Each click on a link').click());
    await vi.waitFor(async () => expect((await settingsItem.getValue()).notifyOn.clicks).toBe(false));
    expect(await settingsItem.getValue()).toEqual({
      workerUrl: 'https://t.example', apiToken: 'slt_x', trackByDefault: false, trackMode: 'opens-only',
      notifyOn: { reliableOpens: true, unreliableOpens: true, clicks: false, consentChanges: true },
      remindAfterDays: null, neverTrackDomains: null,
    });
    expect(root.textContent).toContain('Saved.');
  });

  it('chooses the kinds of notification, do-not-disturb and the reminder every compose starts with', async () => {
    const root = await showOptions();
    await act(() => labelled(root, 'Each new open through a mail provider\'s image proxy (unreliable: Gmail, Yahoo)').click());
    await act(() => labelled(root, 'Do not disturb').click());
    const reminder = root.querySelector<HTMLSelectElement>('#remind-after-days')!;
    expect([...reminder.options].map((o) => o.text)).toContain('Remind me if not opened in 3 days');
    await act(() => {
      reminder.value = '3';
      reminder.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await vi.waitFor(async () => expect((await settingsItem.getValue()).remindAfterDays).toBe(3));
    expect((await settingsItem.getValue()).notifyOn).toEqual({ reliableOpens: true, unreliableOpens: false, clicks: true, consentChanges: true });
    expect((await notificationStateItem.getValue()).doNotDisturb).toBe(true);
  });

  it('keeps the domains never tracked as typed, and says what is not a domain', async () => {
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, neverTrackDomains: ['example.com'] });
    const root = await showOptions();
    const box = labelled(root, 'Domains never tracked (one per line)') as unknown as HTMLTextAreaElement;
    expect(box.value).toBe('example.com');
    await act(() => {
      box.value = 'Example.com\n@eu.example.net, not a domain';
      box.dispatchEvent(new Event('input', { bubbles: true }));
      box.dispatchEvent(new Event('blur'));
    });
    await vi.waitFor(async () => expect((await settingsItem.getValue()).neverTrackDomains).toEqual(['example.com', 'eu.example.net']));
    expect(root.querySelector('[role=alert]')?.textContent).toBe('Not a domain, not saved: not, a, domain');
  });

  it('checks the token against the Worker on Save and shows the account and team', async () => {
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ email: 'ana@example.com', role: 'sender', team: 'Sales', linkKey: { id: 'k1', secret: 'c2VjcmV0' } }), { status: 200 }));
    const root = await showOptions();
    const url = labelled(root, 'Worker URL');
    const token = labelled(root, 'API token');
    await act(() => {
      url.value = 'https://tracker.example.workers.dev/';
      url.dispatchEvent(new Event('input', { bubbles: true }));
      token.value = 'slt_abc';
      token.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(() => root.querySelector('form')!.requestSubmit());
    await vi.waitFor(() => expect(root.textContent).toContain('Connection OK: signed in as ana@example.com.'));
    expect(root.textContent).toContain('Team: Sales');
    expect((await settingsItem.getValue()).workerUrl).toBe('https://tracker.example.workers.dev');
  });

  it('says what is tracked', async () => {
    const root = await showOptions();
    expect(root.textContent).toContain('What is tracked');
    expect(root.textContent).toContain('Stop tracking me');
    expect(root.textContent).toContain('Everything is stored on your own Worker');
  });
});

describe('stored settings from before the defaults existed', () => {
  beforeEach(() => fakeBrowser.reset());

  it('read as whole settings with the default mode and notifications', async () => {
    // Version 1 wrote no version marker; this is what an existing install has in storage.
    await fakeBrowser.storage.local.set({ settings: { workerUrl: 'https://old.example', apiToken: 'slt_old', trackByDefault: false } });
    await settingsItem.migrate();
    expect(await settingsItem.getValue()).toEqual({ ...DEFAULT_SETTINGS, workerUrl: 'https://old.example', apiToken: 'slt_old', trackByDefault: false });
  });
});
