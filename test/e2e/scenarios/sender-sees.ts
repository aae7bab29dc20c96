import { expect, it } from 'vitest';
import { ActivityDetailPage } from '../pages/activity-page.ts';
import { ExtensionNotifications } from '../pages/extension-notifications.ts';
import { GmailPage } from '../pages/gmail-page.ts';
import { OutlookPage } from '../pages/outlook-page.ts';
import { PopupPage } from '../pages/popup-page.ts';
import { SentFolderPage } from '../pages/sent-folder-page.ts';
import { pixelUrls, sentMail } from '../support/sent-log.ts';
import { useBrowser } from '../support/use-browser.ts';
import { hit, UA } from '../support/recipient-side.ts';
import { until } from '../support/wait.ts';

interface Sent {
  subject: string;
  messageId: string;
  pixel: string;
  link: string;
}

/**
 * What the sender sees after sending from Gmail: the popup's words for each hit, one notification
 * per message and none for a silenced one, and the marks in Gmail's Sent folder.
 */
export function senderSees(browserName: 'chromium' | 'firefox') {
  const session = useBrowser(browserName, { connected: true });
  const { workerUrl, api } = session;

  it('shows each hit in words, notifies once, stays quiet for a silenced message, and marks the Sent row', async () => {
    const browser = session.browser;
    const notifications = await ExtensionNotifications.open(browser);
    // The first poll only marks where history ends (notification-rules.ts), so start from here.
    await notifications.pollNow();

    const mailbox = `${browserName}-sees-${Date.now()}`;
    const gmail = await GmailPage.open(browser, mailbox);
    const subjects = { read: `Offer read by Ana (${browserName})`, silenced: `Offer silenced (${browserName})`, scanned: `Offer only scanned (${browserName})` };
    for (const [n, subject] of Object.values(subjects).entries()) {
      const dialog = await gmail.compose({ to: ['ana@example.org'], subject, body: 'Hello Ana, the offer.', link: { text: 'the offer', href: `https://example.org/offer/${n}` } });
      await gmail.clickSend(dialog);
      await sentMail(mailbox, n + 1);
    }
    const sent: Record<keyof typeof subjects, Sent> = Object.fromEntries(
      (await sentMail(mailbox, 3)).map((mail) => {
        const pixel = pixelUrls(mail.html, workerUrl)[0]!;
        const link = [...mail.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&')).find((href) => href.startsWith(`${workerUrl}/c/`))!;
        const key = (Object.keys(subjects) as (keyof typeof subjects)[]).find((k) => subjects[k] === mail.subject)!;
        return [key, { subject: mail.subject, messageId: pixel.split('/o/')[1]!, pixel, link }];
      }),
    ) as Record<keyof typeof subjects, Sent>;
    for (const message of Object.values(sent)) {
      await until(async () => (await api(`/api/messages/${message.messageId}`)).status === 200, `${message.subject} to be registered`);
    }
    // A fetch within 2 s of sending is a scanner's whatever it claims; real opens come later.
    const sentAt = Date.parse(((await (await api(`/api/messages/${sent.scanned.messageId}`)).json()) as { sentAt: string }).sentAt);
    await until(async () => Date.now() - sentAt > 3000, 'the messages to be 3 s old');

    // Ana's Gmail fetches the images through Google's proxy, then her browser loads it directly.
    expect((await hit(sent.read.pixel, UA.gmailProxy)).headers.get('content-type')).toBe('image/gif');
    await hit(sent.read.pixel, UA.browser);
    await hit(sent.read.pixel, UA.scanner);
    await hit(sent.silenced.pixel, UA.gmailProxy);
    await hit(sent.scanned.pixel, UA.scanner);

    const popup = await PopupPage.open(browser);
    // Hits reach the Worker through a queue: first wait until all of them are listed, machines unfolded.
    await until(async () => {
      await popup.untilShows(subjects.read);
      await popup.showMachineActivity();
      const read = await popup.wordsFor(subjects.read);
      return ['Scanned by a security filter', 'Opened', 'Opened (unreliable: Gmail proxy)'].every((words) => read.includes(words)) &&
        (await popup.wordsFor(subjects.scanned)).includes('Scanned by a security filter') &&
        (await popup.wordsFor(subjects.silenced)).includes('Opened (unreliable: Gmail proxy)');
    }, 'every hit in the popup', 30_000);

    // Opened afresh, the popup folds the machines away behind a toggle that names how many there
    // are (also the sender's own browser loading each pixel as the compose closed: "Your own view").
    const shown = await popup.untilShows(subjects.silenced);
    // The sender's browser loaded each pixel as it went into the compose: told by the extension,
    // the Worker calls that the sender's own view (loopback IPs here say nothing about the sender).
    const readEvents = ((await (await api(`/api/messages/${sent.read.messageId}/events`)).json()) as { events: { class: string; reason: string }[] }).events;
    expect(readEvents.filter((event) => event.class === 'self')).toEqual([expect.objectContaining({ reason: 'sender is viewing the message' })]);
    expect(await popup.wordsFor(subjects.read)).toEqual(['Opened', 'Opened (unreliable: Gmail proxy)']);
    expect(await popup.wordsFor(subjects.silenced)).toEqual(['Opened (unreliable: Gmail proxy)']);
    expect(shown).not.toContain('Scanned by a security filter');
    // At least the two scanner fetches (other spec files of this browser share its sender).
    expect(Number(/Show machine activity \((\d+)\)/.exec(shown)?.[1])).toBeGreaterThanOrEqual(2);
    // A message only machines opened is folded away whole.
    expect(await popup.wordsFor(subjects.scanned)).toEqual([]);

    // The sender silences one message; then Ana clicks in both. The proxy open may have been told
    // already (the stream brings it within seconds): what was told before the silence stays as it was.
    await notifications.pollNow();
    await popup.silence(subjects.silenced);
    const toldBeforeSilence = { ids: await notifications.forMessage(sent.silenced.messageId), words: await notifications.wordsFor(sent.silenced.messageId) };
    expect((await hit(sent.read.link, UA.browser)).status).toBe(302);
    expect((await hit(sent.silenced.link, UA.browser)).status).toBe(302);
    await popup.untilShows('Clicked https://example.org/offer/1');
    await popup.untilShows('Clicked https://example.org/offer/0');

    await notifications.pollNow();
    const firstRound = await until(async () => {
      const ids = await notifications.forMessage(sent.read.messageId);
      return ids.length > 0 && ids;
    }, 'the notification for the message Ana read');
    expect(firstRound).toHaveLength(1);
    const silencedTold = async () => ({ ids: await notifications.forMessage(sent.silenced.messageId), words: await notifications.wordsFor(sent.silenced.messageId) });
    expect(await silencedTold()).toEqual(toldBeforeSilence);
    // Polling again with nothing new: still that one notification.
    await notifications.pollNow();
    expect(await notifications.forMessage(sent.read.messageId)).toEqual(firstRound);
    // More from Ana in the silenced message: still nothing for it.
    await hit(sent.silenced.pixel, UA.browser);
    await popup.untilWordsFor(subjects.silenced, 'Opened');
    await notifications.pollNow();
    expect(await silencedTold()).toEqual(toldBeforeSilence);

    // Where a click on that notification leads: the message's detail, every hit with its class and reason.
    const detail = await (await ActivityDetailPage.open(browser, sent.read.messageId)).shown();
    expect(detail.subject).toBe(subjects.read);
    expect(detail.events.map(([words, kind]) => `${words} / ${kind}`)).toEqual(expect.arrayContaining([
      'Clicked https://example.org/offer/0 / a person', 'Opened / a person', 'Opened (unreliable: Gmail proxy) / Gmail image proxy', 'Scanned by a security filter / security scanner',
    ]));

    // Gmail's Sent folder: a check mark with the count on the read message (Google's proxy and
    // Ana's browser: 2 opens), grey on the scanned one, none on the decoy.
    await expectSentMarks(new SentFolderPage(gmail.page, 'gmail'), { read: subjects.read, scanned: subjects.scanned }, 2);
  });

  it('marks the opened and the machine-only messages in Outlook\'s Sent Items', async () => {
    const browser = session.browser;
    const mailbox = `${browserName}-sent-items-${Date.now()}`;
    const outlook = await OutlookPage.open(browser, mailbox);
    const subjects = { read: `Proposal read by Bob (${browserName})`, scanned: `Proposal only scanned (${browserName})` };
    for (const [n, subject] of Object.values(subjects).entries()) {
      const compose = await outlook.compose({ to: ['bob@example.org'], subject, body: 'Hello Bob, the proposal.' });
      await outlook.clickSend(compose);
      await sentMail(mailbox, n + 1);
    }
    const pixels = Object.fromEntries((await sentMail(mailbox, 2)).map((mail) => [mail.subject, pixelUrls(mail.html, workerUrl)[0]!]));
    for (const pixel of Object.values(pixels)) {
      await until(async () => (await api(`/api/messages/${pixel.split('/o/')[1]}`)).status === 200, 'the message to be registered');
    }
    const sentAt = Date.parse(((await (await api(`/api/messages/${pixels[subjects.scanned]!.split('/o/')[1]}`)).json()) as { sentAt: string }).sentAt);
    await until(async () => Date.now() - sentAt > 3000, 'the messages to be 3 s old');
    await hit(pixels[subjects.read]!, UA.browser);
    await hit(pixels[subjects.scanned]!, UA.scanner);

    await expectSentMarks(new SentFolderPage(outlook.page, 'outlook'), subjects, 1);
  });

  /** The read message's row carries a filled check and its count, the scanned one a grey check, older mail and decoys none. */
  async function expectSentMarks(folder: SentFolderPage, subjects: { read: string; scanned: string }, opens: number): Promise<void> {
    const opened = `Opened · ${opens} ${opens === 1 ? 'open' : 'opens'}`;
    await folder.open();
    await folder.untilMarked(subjects.scanned, 'Scanned by a security filter');
    const rows = await folder.untilMarked(subjects.read, opened);
    const row = (subject: string, inList: boolean) => rows.find((r) => r.subject === subject && r.inList === inList)!;
    expect(row(subjects.read, true)).toEqual(expect.objectContaining({ mark: opened, markText: `✓${opens}`, markKind: 'opened' }));
    expect(row(subjects.scanned, true)).toEqual(expect.objectContaining({ mark: 'Scanned by a security filter', markKind: 'machine' }));
    const elsewhere = rows.filter((r) => !r.inList);
    expect(elsewhere.length).toBeGreaterThan(0);
    expect(elsewhere.map((r) => r.mark)).toEqual(elsewhere.map(() => null));
    expect(elsewhere.filter((r) => r.subject === subjects.read)).toHaveLength(1);
    expect(row('Lunch on Friday?', true).mark).toBeNull();
  }
}
