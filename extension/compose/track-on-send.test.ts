import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { ComposeWindow, Recipients } from '../mail-clients/adapter.ts';
import type { MessageSent } from '../messages.ts';
import { trackOnSend } from './track-on-send.ts';
import { DEFAULT_SETTINGS } from '../storage.ts';

const settings = { ...DEFAULT_SETTINGS, workerUrl: 'https://t.example', apiToken: 'slt_x' };
const account = { email: 'me@example.com', role: 'sender' as const, linkKey: { id: 'kAbC12', secret: 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I' } };

function compose(recipients: Recipients): ComposeWindow {
  const root = document.createElement('div');
  const body = document.createElement('div');
  const a = document.createElement('a');
  a.setAttribute('href', 'https://example.org/');
  a.textContent = 'site';
  body.append('Hello ', a);
  root.append(body);
  return { root, body: () => body, subject: () => 'Hi', recipients: () => recipients };
}

describe('trackOnSend', () => {
  let sent: MessageSent[];
  beforeEach(() => {
    fakeBrowser.reset();
    sent = [];
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async (message: unknown) => {
      sent.push(message as MessageSent);
    });
  });

  it('adds one pixel, wraps the link and hands the registration over, however often Send is pressed', () => {
    const c = compose({ to: ['ana@example.org'], cc: [], bcc: [] });
    trackOnSend(c, settings, account);
    trackOnSend(c, settings, account);
    expect(c.body()!.querySelectorAll('img')).toHaveLength(1);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.registration.id).toBe(sent[0]!.registration.id);
    expect(sent[0]!.registration.links).toEqual([{ index: 0, url: 'https://example.org/' }]);
  });

  it('never tracks mail to yourself only', () => {
    const c = compose({ to: ['Me@Example.com'.toLowerCase()], cc: [], bcc: [] });
    trackOnSend(c, settings, account);
    expect(c.body()!.querySelector('img')).toBeNull();
    expect(c.body()!.querySelector('a')!.getAttribute('href')).toBe('https://example.org/');
    expect(sent).toEqual([]);
  });

  it('does nothing before the extension is connected', () => {
    const c = compose({ to: ['ana@example.org'], cc: [], bcc: [] });
    trackOnSend(c, { ...settings, apiToken: '' }, null);
    expect(c.body()!.querySelector('img')).toBeNull();
    expect(sent).toEqual([]);
  });
});
