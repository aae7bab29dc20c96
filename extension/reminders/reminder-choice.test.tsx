import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ComposeSession } from '../compose/compose-session.ts';
import type { RecipientStatuses } from '../compose/recipient-status.ts';
import { mountToolbar } from '../compose/toolbar.tsx';
import { trackOnSend } from '../compose/track-on-send.ts';
import type { ComposeWindow } from '../mail-clients/adapter.ts';
import { gmailSelectors } from '../mail-clients/gmail/selectors.ts';
import type { MessageSent } from '../messages.ts';
import { DEFAULT_SETTINGS, settingsItem, type Settings } from '../storage.ts';

const account = { email: 'me@example.com', role: 'sender' as const, linkKey: { id: 'kAbC12', secret: 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I' } };
const noStatuses = { get: () => undefined, request: () => undefined, problem: null } as unknown as RecipientStatuses;

async function setup(settings: Settings) {
  await settingsItem.setValue(settings);
  const root = document.createElement('div');
  const body = document.createElement('div');
  body.textContent = 'Hello';
  root.append(body);
  const compose = { root, body: () => body, subject: () => 'Offer', recipients: () => ({ to: ['ana@example.org'], cc: [], bcc: [] }),
    recipientChips: () => [{ field: 'to', address: 'ana@example.org', label: 'ana@example.org', element: document.createElement('span') }],
    removeRecipient: () => false, placeToolbar: () => true, pressSend: () => true, typedRecipients: () => [], missingLandmarks: () => [], quoteMarks: gmailSelectors.quotedHistory,
  } as unknown as ComposeWindow;
  const session = new ComposeSession(compose, () => settings, noStatuses);
  const host = mountToolbar(document, session, { insertSmartLink: () => undefined });
  document.body.append(host);
  const select = () => host.shadowRoot!.querySelector<HTMLSelectElement>('select[aria-label="Remind me if not opened"]')!;
  await vi.waitFor(() => expect(select().value).toBe(settings.remindAfterDays === null ? '' : String(settings.remindAfterDays)));
  const sent: MessageSent[] = [];
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async (message: unknown) => {
    if ((message as MessageSent).type === 'message-sent') sent.push(message as MessageSent);
  });
  const send = () => trackOnSend(compose, settings, account, { track: session.view().choices.track, mode: 'opens-and-clicks', massMail: false });
  return { session, select, sent, send, host };
}

describe('the compose\'s "Remind me if not opened in N days"', () => {
  const settings: Settings = { ...DEFAULT_SETTINGS, workerUrl: 'https://t.example', apiToken: 'x' };
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => {
    document.body.replaceChildren();
    vi.restoreAllMocks();
  });

  it('is off by default, and a message sent so has no reminder', async () => {
    const { select, sent, send } = await setup(settings);
    expect(select().selectedOptions[0]!.text).toBe('No reminder');
    send();
    expect(sent[0]!.remindAfterDays).toBeUndefined();
  });

  it('starts from the options\' default and goes with the message', async () => {
    const { sent, send } = await setup({ ...settings, remindAfterDays: 3 });
    send();
    expect(sent[0]!.remindAfterDays).toBe(3);
  });

  it('takes this compose\'s choice', async () => {
    const { select, sent, send } = await setup(settings);
    select().value = '7';
    select().dispatchEvent(new Event('change', { bubbles: true }));
    expect(select().selectedOptions[0]!.text).toBe('Remind me if not opened in 7 days');
    send();
    expect(sent[0]!.remindAfterDays).toBe(7);
  });

  it('is off for a message sent untracked: nothing could tell whether it was opened', async () => {
    const { select, session, sent, send, host } = await setup({ ...settings, remindAfterDays: 3 });
    session.choose({ track: false });
    await vi.waitFor(() => expect(select().disabled).toBe(true));
    // An untracked message with no Smart Link is not registered at all; one with them has no reminder.
    send();
    expect(sent.every((message) => message.remindAfterDays === undefined)).toBe(true);
  });
});
