import { expect, it } from 'vitest';
import { ExtensionNotifications } from '../pages/extension-notifications.ts';
import { GmailPage } from '../pages/gmail-page.ts';
import { OptionsPage } from '../pages/options-page.ts';
import { pixelUrls, sentMail } from '../support/sent-log.ts';
import { useBrowser } from '../support/use-browser.ts';
import { hit, UA } from '../support/recipient-side.ts';
import { until } from '../support/wait.ts';

interface Reminder {
  messageId: string;
  subject: string;
  days: number;
  dueAt: number;
}

/**
 * What the sender is told after sending from Gmail: a notification per new open visit or click
 * (one per message and minute), a reminder for a message left unopened, and nothing at all for
 * mail only to colleagues, which goes out untracked.
 */
export function notifications(browserName: 'chromium' | 'firefox') {
  const session = useBrowser(browserName, { connected: true });
  const { workerUrl, api } = session;

  /** Sends one message from a fresh Gmail mailbox and waits until the Worker has it. */
  async function send(subject: string, to: string[], options: { remindInDays?: number } = {}) {
    const mailbox = `${browserName}-notify-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
    const gmail = await GmailPage.open(session.browser, mailbox);
    const dialog = await gmail.compose({ to, subject, body: 'Hello, the offer.', link: { text: 'the offer', href: 'https://example.org/offer' } });
    if (options.remindInDays) await gmail.remindIfNotOpened(dialog, options.remindInDays);
    await gmail.clickSend(dialog);
    const [mail] = await sentMail(mailbox);
    const pixel = pixelUrls(mail!.html, workerUrl)[0]!;
    const link = [...mail!.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&')).find((href) => href.startsWith(`${workerUrl}/c/`))!;
    const messageId = pixel.split('/o/')[1]!;
    const registered = await until(async () => {
      const res = await api(`/api/messages/${messageId}`);
      return res.status === 200 && ((await res.json()) as { sentAt: string });
    }, `${subject} to be registered`);
    await gmail.page.close();
    return { messageId, pixel, link, sentAt: Date.parse(registered.sentAt) };
  }

  it('notifies a Gmail proxy open once, as unreliable, then the person\'s click as an open', async () => {
    const notes = await ExtensionNotifications.open(session.browser);
    // The first look only marks where history ends (notification-rules.ts).
    await notes.pollNow();
    const message = await send(`Offer through the Gmail proxy (${browserName})`, ['ana@example.org']);
    // A fetch within 2 s of sending is a scanner's, whatever it claims (classify.ts).
    await until(async () => Date.now() - message.sentAt > 3000, 'the message to be 3 s old');

    // Google's proxy fetches the image twice for one view: one notification.
    await hit(message.pixel, UA.gmailProxy);
    await hit(message.pixel, UA.gmailProxy);
    const first = await until(async () => {
      await notes.pollNow();
      const ids = await notes.forMessage(message.messageId);
      return ids.length > 0 && ids;
    }, 'a notification for the proxy open');
    expect(first).toHaveLength(1);
    expect(await notes.wordsFor(message.messageId)).toBe('Opened (unreliable: Gmail proxy)');
    // The repeat reaches the Worker through its queue too: still that one notification.
    await until(async () => {
      const { events } = (await (await api(`/api/messages/${message.messageId}/events`)).json()) as { events: { class: string }[] };
      return events.filter((event) => event.class === 'google_proxy').length === 2;
    }, 'both proxy fetches recorded');
    await notes.pollNow();
    expect(await notes.forMessage(message.messageId)).toEqual(first);
    expect(await notes.wordsFor(message.messageId)).toBe('Opened (unreliable: Gmail proxy)');

    // Ana clicks: a person opened it. Within a minute of the open, the same notification grows.
    expect((await hit(message.link, UA.browser)).status).toBe(302);
    const words = await until(async () => {
      await notes.pollNow();
      const said = await notes.wordsFor(message.messageId);
      return said !== 'Opened (unreliable: Gmail proxy)' && said;
    }, 'the notification to tell the click');
    const ids = await notes.forMessage(message.messageId);
    // A slow machine may take the click past the minute: then it is a notification of its own.
    // (Firefox shows the grown one under an id of its own, in place of the first: still one.)
    if (ids.length === 1) {
      if (browserName === 'chromium') expect(ids).toEqual(first);
      expect(words).toBe('Opened, 1 click');
    } else {
      expect(ids).toHaveLength(2);
      expect(words).toBe('Clicked https://example.org/offer');
    }
  });

  it('reminds of a message left unopened once its time comes (the clock moved), and not of one opened', async () => {
    const notes = await ExtensionNotifications.open(session.browser);
    await notes.pollNow();
    const unopened = await send(`Offer nobody opened (${browserName})`, ['ben@example.org'], { remindInDays: 1 });
    const opened = await send(`Offer Cara opened (${browserName})`, ['cara@example.org'], { remindInDays: 1 });
    let seen: unknown;
    const reminders = await until(async () => {
      const stored = (seen = await notes.stored('reminders')) as Record<string, Reminder> | undefined;
      return stored && stored[unopened.messageId] && stored[opened.messageId] && stored;
    }, () => `both reminders stored (${unopened.messageId}, ${opened.messageId}; stored: ${JSON.stringify(seen)})`);
    expect(reminders[unopened.messageId]).toEqual(expect.objectContaining({ days: 1, dueAt: unopened.sentAt + 24 * 60 * 60_000 }));
    await notes.pollNow();
    expect(await notes.everShown()).not.toContain(`reminder:${unopened.messageId}`);

    await until(async () => Date.now() - opened.sentAt > 3000, 'the message to be 3 s old');
    await hit(opened.pixel, UA.browser);
    await until(async () => {
      await notes.pollNow();
      return (await notes.forMessage(opened.messageId)).length > 0;
    }, 'the open of the other message');

    // A day later: the reminders' due time moved into the past, in the extension's own storage.
    const now = (await notes.stored('reminders')) as Record<string, Reminder>;
    expect(Object.keys(now)).toEqual([unopened.messageId]);
    await notes.store('reminders', { ...now, [unopened.messageId]: { ...now[unopened.messageId]!, dueAt: Date.now() - 1000 } });
    // The reminders' alarm may show it before the next poll, and Firefox may no longer list it
    // when the test looks: what counts is every notification shown since the page opened.
    const shown = await until(async () => {
      await notes.pollNow();
      const ids = await notes.everShown();
      return ids.includes(`reminder:${unopened.messageId}`) && ids;
    }, 'the reminder');
    expect(shown.filter((id) => id.startsWith('reminder:'))).toEqual([`reminder:${unopened.messageId}`]);
    expect(await notes.stored('reminders')).toEqual({});
  });

  it('sends mail only to colleagues untracked, and says why; mail to colleagues and a customer is tracked', async () => {
    const options = await OptionsPage.open(session.browser);
    await options.neverTrack(['colleagues.example.net']);
    const notes = await ExtensionNotifications.open(session.browser);
    await until(async () => {
      const settings = (await notes.stored('settings')) as { neverTrackDomains?: string[] | null };
      return settings.neverTrackDomains?.join() === 'colleagues.example.net';
    }, 'the domain saved');

    const mailbox = `${browserName}-colleagues-${Date.now()}`;
    const gmail = await GmailPage.open(session.browser, mailbox);
    const internal = await gmail.compose({ to: ['bob@colleagues.example.net'], subject: 'Lunch plans', body: 'See you at noon.', link: { text: 'menu', href: 'https://example.org/menu' } });
    expect(await gmail.toolbarText(internal, 'Not tracked')).toContain('Not tracked: every recipient is a colleague (colleagues.example.net).');
    await gmail.clickSend(internal);
    const [internalMail] = await sentMail(mailbox, 1);
    expect(pixelUrls(internalMail!.html, workerUrl)).toEqual([]);
    expect(internalMail!.html).toContain('href="https://example.org/menu"');

    const mixed = await gmail.compose({ to: ['bob@colleagues.example.net', 'dan@example.org'], subject: 'Proposal', body: 'The proposal.' });
    expect(await gmail.toolbarText(mixed)).not.toContain('Not tracked');
    await gmail.clickSend(mixed);
    const mails = await sentMail(mailbox, 2);
    expect(pixelUrls(mails.find((mail) => mail.subject === 'Proposal')!.html, workerUrl)).toHaveLength(1);
  });
}
