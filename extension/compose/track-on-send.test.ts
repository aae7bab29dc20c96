import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { recipientsOf, type ComposeWindow, type RecipientChip, type Recipients, type TypedRecipient } from '../mail-clients/adapter.ts';
import type { MessageSent, MessageViewing } from '../messages.ts';
import { presignForSend, reportOwnPixel, trackOnSend, type SendPlan } from './track-on-send.ts';
import { gmailSelectors } from '../mail-clients/gmail/selectors.ts';
import { DEFAULT_SETTINGS } from '../storage.ts';

const settings = { ...DEFAULT_SETTINGS, workerUrl: 'https://t.example', apiToken: 'slt_x' };
const account = { email: 'me@example.com', role: 'sender' as const, linkKey: { id: 'kAbC12', secret: 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I' } };

const PLAN: SendPlan = { track: true, mode: 'opens-and-clicks', massMail: false };

/** A compose whose recipients are chips; `typed` and `chips` can change as the webmail's would. */
function compose(recipients: Recipients, ...extra: Node[]): ComposeWindow & { chips: RecipientChip[]; typed: TypedRecipient[] } {
  const root = document.createElement('div');
  const body = document.createElement('div');
  const a = document.createElement('a');
  a.setAttribute('href', 'https://example.org/');
  a.textContent = 'site';
  body.append('Hello ', a, ...extra);
  root.append(body);
  const fields = ['to', 'cc', 'bcc'] as const;
  const window = {
    quoteMarks: gmailSelectors.quotedHistory,
    root,
    chips: fields.flatMap((field) => recipients[field].map((address): RecipientChip => ({ field, address, label: address, element: document.createElement('span') }))),
    typed: [] as TypedRecipient[],
    body: () => body,
    subject: () => 'Hi',
    recipients: () => recipientsOf(window.chips, window.typed),
    recipientChips: () => window.chips,
    typedRecipients: () => window.typed,
    missingLandmarks: () => [],
    removeRecipient: () => false,
    pressSend: () => false,
    placeToolbar: () => false,
  };
  return window;
}

describe('trackOnSend', () => {
  let sent: MessageSent[];
  let viewing: string[];
  beforeEach(() => {
    fakeBrowser.reset();
    sent = [];
    viewing = [];
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async (message: unknown) => {
      const typed = message as MessageSent | MessageViewing;
      if (typed.type === 'message-sent') sent.push(typed);
      else viewing.push(typed.messageId);
    });
  });

  it('adds one pixel, wraps the link and hands the registration over, however often Send is pressed', () => {
    const c = compose({ to: ['ana@example.org'], cc: [], bcc: [] });
    trackOnSend(c, settings, account, PLAN);
    trackOnSend(c, settings, account, PLAN);
    expect(c.body()!.querySelectorAll('img')).toHaveLength(1);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.registration.id).toBe(sent[0]!.registration.id);
    expect(sent[0]!.registration.links).toEqual([{ index: 0, url: 'https://example.org/' }]);
  });

  it('never tracks mail to yourself only', () => {
    const c = compose({ to: ['Me@Example.com'.toLowerCase()], cc: [], bcc: [] });
    trackOnSend(c, settings, account, PLAN);
    expect(c.body()!.querySelector('img')).toBeNull();
    expect(c.body()!.querySelector('a')!.getAttribute('href')).toBe('https://example.org/');
    expect(sent).toEqual([]);
  });

  it('does nothing before the extension is connected', () => {
    const c = compose({ to: ['ana@example.org'], cc: [], bcc: [] });
    trackOnSend(c, { ...settings, apiToken: '' }, null, PLAN);
    expect(c.body()!.querySelector('img')).toBeNull();
    expect(sent).toEqual([]);
  });

  it.each([
    ['opens only: a pixel, links left alone', { mode: 'opens-only' }, 1, false],
    ['clicks only: links wrapped, no pixel', { mode: 'clicks-only' }, 0, true],
  ] as const)('%s', (_case, change, pixels, wrapped) => {
    const c = compose({ to: ['ana@example.org'], cc: [], bcc: [] });
    trackOnSend(c, settings, account, { ...PLAN, ...change });
    expect(c.body()!.querySelectorAll('img')).toHaveLength(pixels);
    expect(c.body()!.querySelector('a')!.getAttribute('href')!.startsWith('https://t.example/c/')).toBe(wrapped);
    expect(sent[0]!.registration.tracked).toBe(true);
  });

  it('sends nothing of ours when tracking is off and there is no Smart Link', () => {
    const c = compose({ to: ['ana@example.org'], cc: [], bcc: [] });
    trackOnSend(c, settings, account, { ...PLAN, track: false });
    expect(c.body()!.querySelector('img')).toBeNull();
    expect(c.body()!.querySelector('a')!.getAttribute('href')).toBe('https://example.org/');
    expect(sent).toEqual([]);
  });

  it('completes Smart Links of an untracked mail-merge message and registers it as untracked', () => {
    const unsubscribe = document.createElement('a');
    unsubscribe.setAttribute('href', 'https://t.example/s/unsubscribe');
    unsubscribe.textContent = 'Unsubscribe';
    const c = compose({ to: ['ana@example.org'], cc: [], bcc: [] }, unsubscribe);
    trackOnSend(c, settings, account, { track: false, mode: 'opens-and-clicks', massMail: true });
    expect(c.body()!.querySelector('img')).toBeNull();
    const id = sent[0]!.registration.id;
    expect(unsubscribe.getAttribute('href')!.startsWith(`https://t.example/s/unsubscribe/${id}/`)).toBe(true);
    expect(sent[0]!.registration).toMatchObject({ tracked: false, massMail: true, links: [] });
  });

  it('adds nothing and registers nothing while there is no recipient (the webmail refuses that send)', () => {
    const c = compose({ to: [], cc: [], bcc: [] });
    trackOnSend(c, settings, account, PLAN);
    expect(c.body()!.querySelector('img')).toBeNull();
    expect(sent).toEqual([]);
  });

  it('registers the address typed when Send comes before the webmail made it a chip', () => {
    const c = compose({ to: [], cc: [], bcc: [] });
    c.typed = [{ field: 'to', text: 'ana@example.org', addresses: ['ana@example.org'] }];
    trackOnSend(c, settings, account, PLAN);
    expect(c.body()!.querySelectorAll('img')).toHaveLength(1);
    expect(sent.map((m) => m.registration.to)).toEqual([['ana@example.org']]);
  });

  it('registers a message none of whose addresses can be read yet, then fills them in once the compose shows them', async () => {
    const c = compose({ to: [], cc: [], bcc: [] });
    c.typed = [{ field: 'to', text: 'Hal', addresses: [] }];
    trackOnSend(c, settings, account, PLAN);
    expect(c.body()!.querySelectorAll('img')).toHaveLength(1);
    expect(sent.map((m) => m.registration.to)).toEqual([[]]);
    // The webmail resolves the name into a chip before it closes the compose.
    c.typed = [];
    c.chips = [{ field: 'to', address: 'hal@example.org', label: 'Hal', element: document.createElement('span') }];
    c.root.append(c.chips[0]!.element);
    await vi.waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[1]!.registration).toEqual({ ...sent[0]!.registration, to: ['hal@example.org'] });
  });

  it('sends with the id its links were signed with while the sender paused, the body unchanged until then', () => {
    const c = compose({ to: ['ana@example.org'], cc: [], bcc: [] });
    presignForSend(c, settings, account);
    expect(c.body()!.querySelector('img')).toBeNull();
    expect(c.body()!.querySelector('a')!.getAttribute('href')).toBe('https://example.org/');
    presignForSend(c, settings, account);
    trackOnSend(c, settings, account, PLAN);
    const id = sent[0]!.registration.id;
    expect(c.body()!.querySelector('a')!.getAttribute('href')).toMatch(new RegExp(`^https://t.example/c/${id}/0/`));
  });

  it('lets the id of a pixel already in the body win over one minted ahead (Undo, a re-opened draft)', () => {
    const first = compose({ to: ['ana@example.org'], cc: [], bcc: [] });
    trackOnSend(first, settings, account, PLAN);
    const sentId = sent[0]!.registration.id;
    // The re-opened draft appears empty and is filled a moment later with the body as it was sent.
    const reopened = compose({ to: ['ana@example.org'], cc: [], bcc: [] });
    reopened.body()!.replaceChildren();
    presignForSend(reopened, settings, account);
    reopened.body()!.replaceChildren(...[...first.body()!.childNodes].map((node) => node.cloneNode(true)));
    trackOnSend(reopened, settings, account, PLAN);
    expect(sent[1]!.registration.id).toBe(sentId);
    expect(reopened.body()!.querySelectorAll('img')).toHaveLength(1);
  });

  it('signs nothing ahead before the extension is connected', () => {
    const c = compose({ to: ['ana@example.org'], cc: [], bcc: [] });
    expect(() => presignForSend(c, { ...settings, apiToken: '' }, null)).not.toThrow();
    expect(c.body()!.querySelector('a')!.getAttribute('href')).toBe('https://example.org/');
  });

  it('tells the Worker once that the pixel now in the compose is loaded by the sender, also in a re-opened draft', () => {
    const c = compose({ to: ['ana@example.org'], cc: [], bcc: [] });
    reportOwnPixel(c, settings, account);
    expect(viewing).toEqual([]);
    trackOnSend(c, settings, account, PLAN);
    trackOnSend(c, settings, account, PLAN);
    const id = sent[0]!.registration.id;
    expect(viewing).toEqual([id]);
    // Undo: the draft comes back with the pixel in it, and the browser loads it again.
    const reopened = compose({ to: ['ana@example.org'], cc: [], bcc: [] });
    reopened.body()!.replaceChildren(...[...c.body()!.childNodes].map((node) => node.cloneNode(true)));
    reportOwnPixel(reopened, settings, account);
    reportOwnPixel(reopened, settings, account);
    expect(viewing).toEqual([id, id]);
    // Clicks only: no pixel, nothing to report.
    const clicksOnly = compose({ to: ['ana@example.org'], cc: [], bcc: [] });
    trackOnSend(clicksOnly, settings, account, { ...PLAN, mode: 'clicks-only' });
    expect(viewing).toHaveLength(2);
  });

  it('tracks a reply in a tracked thread as a message of its own, and reports the quoted pixel as the sender\'s view', () => {
    const first = compose({ to: ['ana@example.org'], cc: [], bcc: [] });
    trackOnSend(first, settings, account, PLAN);
    const firstId = sent[0]!.registration.id;
    // Ana's answer quotes the first message; the sender's reply quotes her answer.
    const quote = document.createElement('div');
    quote.className = 'gmail_quote';
    quote.append(...[...first.body()!.childNodes].map((node) => node.cloneNode(true)));
    const reply = compose({ to: ['ana@example.org'], cc: [], bcc: [] }, quote);
    trackOnSend(reply, settings, account, PLAN);
    const replyId = sent[1]!.registration.id;
    expect(replyId).not.toBe(firstId);
    expect(reply.body()!.querySelectorAll('img')).toHaveLength(2);
    // The quoted link stays the first message's; the reply's own link is the reply's.
    expect(sent[1]!.registration.links).toEqual([{ index: 0, url: 'https://example.org/' }]);
    expect(viewing).toEqual([firstId, replyId, firstId]);
  });

  describe('sending a compose again (Undo, then Send)', () => {
    afterEach(() => vi.useRealTimers());
    const at = (seconds: number) => vi.setSystemTime(new Date(Date.UTC(2026, 11, 7, 9, 0, seconds)));
    // The message id in each pixel and link of the body: `/o/<id>`, `/c/<id>/…`, `/s/<slug>/<id>/…`.
    const idsIn = (body: HTMLElement) =>
      [...body.querySelectorAll('img[src], a[href]')].map((node) => /\/(?:o|c|s\/[a-z-]+)\/([A-Za-z0-9_-]{16,64})/.exec(node.getAttribute('src') ?? node.getAttribute('href')!)?.[1]);

    it('keeps the id while the Worker still takes changes to the message', () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      at(0);
      const c = compose({ to: ['ana@example.org'], cc: [], bcc: [] });
      trackOnSend(c, settings, account, PLAN);
      at(20);
      trackOnSend(c, settings, account, PLAN);
      expect(sent[1]!.registration.id).toBe(sent[0]!.registration.id);
    });

    it('sends under a new id after that, its pixel, links and Smart Links re-made, a quoted message\'s left alone', () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      at(0);
      const earlier = compose({ to: ['bo@example.org'], cc: [], bcc: [] });
      trackOnSend(earlier, settings, account, PLAN);
      const quote = document.createElement('div');
      quote.className = 'gmail_quote';
      quote.append(...[...earlier.body()!.childNodes].map((node) => node.cloneNode(true)));
      const unsubscribe = document.createElement('a');
      unsubscribe.setAttribute('href', 'https://t.example/s/unsubscribe');
      const c = compose({ to: ['ana@example.org'], cc: [], bcc: [] }, unsubscribe, quote);
      trackOnSend(c, settings, account, PLAN);
      const [earlierId, firstId] = [sent[0]!.registration.id, sent[1]!.registration.id];
      expect(idsIn(c.body()!)).toEqual([firstId, firstId, firstId, earlierId, earlierId]);

      at(26);
      trackOnSend(c, settings, account, PLAN);
      const secondId = sent[2]!.registration.id;
      expect(secondId).not.toBe(firstId);
      // The link, the Smart Link and the pixel are this send's; the quote keeps the earlier message's.
      expect(idsIn(c.body()!)).toEqual([secondId, secondId, secondId, earlierId, earlierId]);
      expect(c.body()!.querySelectorAll('img')).toHaveLength(2);
      expect(sent[2]!.registration.links).toEqual([{ index: 0, url: 'https://example.org/' }]);
      // Sent again at once, the new id stays.
      trackOnSend(c, settings, account, PLAN);
      expect(sent[3]!.registration.id).toBe(secondId);
    });
  });
});
