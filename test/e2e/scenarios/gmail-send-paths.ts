import { expect, it } from 'vitest';
import { GmailPage } from '../pages/gmail-page.ts';
import { pixelUrls, sentMail, unregisteredPixels } from '../support/sent-log.ts';
import { useBrowser } from '../support/use-browser.ts';
import { until } from '../support/wait.ts';

function trackedHrefs(html: string, workerUrl: string): string[] {
  return [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&')).filter((href) => href.includes(`${workerUrl}/c/`));
}

/** Every way a Gmail message leaves: one pixel, each link wrapped once, one message id throughout. */
export function gmailSendPaths(browserName: 'chromium' | 'firefox') {
  const session = useBrowser(browserName, { connected: true });
  const { workerUrl, api } = session;
  const mailboxes: string[] = [];
  /** A fresh mailbox for one test, remembered for the check that every pixel sent was registered. */
  const mailboxFor = (test: string) => {
    const mailbox = `${browserName}-${test}-${Date.now()}`;
    mailboxes.push(mailbox);
    return mailbox;
  };

  async function registered(messageId: string) {
    return until(async () => {
      const res = await api(`/api/messages/${messageId}`);
      return res.status === 200 && ((await res.json()) as { subject: string; to: string[] });
    }, 'the registration');
  }

  it('sends with Ctrl+Enter', async () => {
    const mailbox = mailboxFor('keys');
    const gmail = await GmailPage.open(session.browser, mailbox);
    const dialog = await gmail.compose({ to: ['ana@example.org'], subject: 'Keyboard', body: 'Sent with the keyboard.', link: { text: 'site', href: 'https://example.org/k' } });
    await gmail.sendWithKeyboard(dialog);
    const [mail] = await sentMail(mailbox);
    expect(pixelUrls(mail!.html, workerUrl)).toHaveLength(1);
    expect(trackedHrefs(mail!.html, workerUrl)).toHaveLength(1);
  });

  it('tracks a scheduled send: the preset\'s time is the send time, the body Gmail keeps carries pixel and links', async () => {
    const mailbox = mailboxFor('scheduled');
    const gmail = await GmailPage.open(session.browser, mailbox);
    const dialog = await gmail.compose({ to: ['ana@example.org'], subject: 'Tomorrow, first thing', body: 'Scheduled.', link: { text: 'agenda', href: 'https://example.org/agenda' } });
    await gmail.scheduleSend(dialog, { preset: 'Tomorrow morning' });
    const [mail] = await sentMail(mailbox);
    expect(mail!.scheduledFor).toBeDefined();
    const pixels = pixelUrls(mail!.html, workerUrl);
    expect(pixels).toHaveLength(1);
    expect(trackedHrefs(mail!.html, workerUrl)).toHaveLength(1);
    const registration = (await registered(pixels[0]!.split('/o/')[1]!)) as unknown as { sentAt: string; subject: string };
    expect(registration.subject).toBe('Tomorrow, first thing');
    expect(registration.sentAt).toBe(mail!.scheduledFor);
  });

  it('tracks a send scheduled at a picked date and time', async () => {
    const mailbox = mailboxFor('picked');
    const gmail = await GmailPage.open(session.browser, mailbox);
    const dialog = await gmail.compose({ to: ['bob@example.org'], subject: 'New year', body: 'Happy new year.' });
    const year = new Date().getFullYear() + 1;
    await gmail.scheduleSend(dialog, { date: `Jan 1, ${year}`, time: '9:30 AM' });
    const [mail] = await sentMail(mailbox);
    const pixels = pixelUrls(mail!.html, workerUrl);
    expect(pixels).toHaveLength(1);
    const registration = (await registered(pixels[0]!.split('/o/')[1]!)) as unknown as { sentAt: string };
    // 9:30 in the browser's time zone, as Gmail means it; the fixture read the same inputs.
    expect(registration.sentAt).toBe(mail!.scheduledFor);
    expect(new Date(registration.sentAt).getFullYear()).toBe(year);
  });

  it('survives a cancelled send: one pixel, one wrap, one registration', async () => {
    const mailbox = mailboxFor('cancel');
    const gmail = await GmailPage.open(session.browser, mailbox);
    const dialog = await gmail.compose({ to: [], subject: 'Forgot the recipient', body: 'Oops.', link: { text: 'doc', href: 'https://example.org/doc' } });
    await gmail.clickSend(dialog); // Gmail refuses: no recipient. Our hook has already run once.
    await gmail.dismissErrorDialog();
    await gmail.addRecipient(dialog, 'bob@example.org');
    await gmail.clickSend(dialog);
    const [mail] = await sentMail(mailbox);
    const pixels = pixelUrls(mail!.html, workerUrl);
    expect(pixels).toHaveLength(1);
    const hrefs = trackedHrefs(mail!.html, workerUrl);
    expect(hrefs).toHaveLength(1);
    const messageId = pixels[0]!.split('/o/')[1]!;
    expect(hrefs[0]!.startsWith(`${workerUrl}/c/${messageId}/0/`)).toBe(true);
    expect((await registered(messageId)).to).toEqual(['bob@example.org']);
  });

  it('survives Undo then send again: same message id, nothing doubled', async () => {
    const mailbox = mailboxFor('undo');
    const gmail = await GmailPage.open(session.browser, mailbox);
    const dialog = await gmail.compose({ to: ['cleo@example.org'], subject: 'Second thoughts', body: 'First version.', link: { text: 'plan', href: 'https://example.org/plan' } });
    await gmail.clickSend(dialog);
    const reopened = await gmail.undoSend();
    await gmail.clickSend(reopened);
    const [first, second] = await sentMail(mailbox, 2);
    const firstId = pixelUrls(first!.html, workerUrl)[0]!.split('/o/')[1];
    const secondPixels = pixelUrls(second!.html, workerUrl);
    expect(secondPixels).toHaveLength(1);
    expect(secondPixels[0]!.split('/o/')[1]).toBe(firstId);
    expect(trackedHrefs(second!.html, workerUrl)).toEqual(trackedHrefs(first!.html, workerUrl));
    expect((await registered(firstId!)).subject).toBe('Second thoughts');
  });

  it('keeps two open composes apart: each its own message id, pixel and links', async () => {
    const mailbox = mailboxFor('two');
    const gmail = await GmailPage.open(session.browser, mailbox);
    const first = await gmail.compose({ to: ['dan@example.org'], subject: 'First draft', body: 'One.', link: { text: 'a', href: 'https://example.org/a' } });
    const second = await gmail.compose({ to: ['eve@example.org'], subject: 'Second draft', body: 'Two.', link: { text: 'b', href: 'https://example.org/b' } });
    await gmail.clickSend(second); // the later compose goes first
    await sentMail(mailbox, 1);
    await gmail.clickSend(first);
    const mails = await sentMail(mailbox, 2);
    const ids = mails.map((mail) => {
      const pixels = pixelUrls(mail.html, workerUrl);
      expect(pixels).toHaveLength(1);
      expect(trackedHrefs(mail.html, workerUrl)).toHaveLength(1);
      return pixels[0]!.split('/o/')[1]!;
    });
    expect(new Set(ids).size).toBe(2);
    const bySubject = Object.fromEntries(mails.map((mail, i) => [mail.subject, ids[i]!]));
    expect((await registered(bySubject['First draft']!)).to).toEqual(['dan@example.org']);
    expect((await registered(bySubject['Second draft']!)).to).toEqual(['eve@example.org']);
  });

  it('tracks the classic recipient field (chips holding "Name <email>")', async () => {
    const mailbox = mailboxFor('classic');
    const gmail = await GmailPage.open(session.browser, mailbox, 'classic');
    const dialog = await gmail.compose({ to: ['fay@example.org'], subject: 'Classic', body: 'Old field.', link: { text: 'x', href: 'https://example.org/x' } });
    await gmail.clickSend(dialog);
    const [mail] = await sentMail(mailbox);
    const pixels = pixelUrls(mail!.html, workerUrl);
    expect(pixels).toHaveLength(1);
    expect(trackedHrefs(mail!.html, workerUrl)).toHaveLength(1);
    expect((await registered(pixels[0]!.split('/o/')[1]!)).to).toEqual(['fay@example.org']);
  });

  it('tracks a reply in a tracked thread as a message of its own, leaving the quoted one as it was', async () => {
    const mailbox = mailboxFor('thread');
    const first = await GmailPage.open(session.browser, mailbox);
    await first.clickSend(await first.compose({ to: ['quinn@example.org'], subject: 'The plan', body: 'A first draft.' }));
    const [sentFirst] = await sentMail(mailbox);
    const firstPixel = pixelUrls(sentFirst!.html, workerUrl)[0]!;
    const firstId = firstPixel.split('/o/')[1]!;
    expect((await registered(firstId)).subject).toBe('The plan');

    // Quinn answers, quoting it; the sender replies in the thread.
    const gmail = await GmailPage.open(session.browser, mailbox, 'thread', { quotedPixel: firstPixel });
    const reply = await gmail.replyInline('Here is the final plan.');
    await gmail.toolbarText(reply);
    await gmail.clickSend(reply);
    const [, sentReply] = await sentMail(mailbox, 2);
    const replyPixels = pixelUrls(sentReply!.html, workerUrl);
    expect(replyPixels).toHaveLength(1);
    const replyId = replyPixels[0]!.split('/o/')[1]!;
    expect(replyId).not.toBe(firstId);
    // The earlier message is still there in the quote, behind Gmail's proxy, and untouched.
    expect(sentReply!.html).toContain(`#${firstPixel}`);
    expect((await registered(replyId)).subject).toBe('Re: The plan');
    expect(await registered(firstId)).toEqual(expect.objectContaining({ subject: 'The plan', to: ['quinn@example.org'] }));
  });

  it.each([
    ['Ctrl+Enter', (gmail: GmailPage, reply: string) => gmail.sendWithKeyboard(reply)],
    ['Send + archive', (gmail: GmailPage, reply: string) => gmail.sendAndArchive(reply)],
  ])('tracks an inline reply sent with %s: the pixel goes before the quoted history, quoted links wrapped once', async (_, send) => {
    const mailbox = mailboxFor('reply');
    const gmail = await GmailPage.open(session.browser, mailbox, 'thread');
    const reply = await gmail.replyInline('Here it is.');
    await gmail.toolbarText(reply);
    await send(gmail, reply);
    const [mail] = await sentMail(mailbox);
    const pixels = pixelUrls(mail!.html, workerUrl);
    expect(pixels).toHaveLength(1);
    expect(mail!.html.indexOf(pixels[0]!)).toBeLessThan(mail!.html.indexOf('gmail_quote'));
    expect(trackedHrefs(mail!.html, workerUrl)).toHaveLength(1);
    expect((await registered(pixels[0]!.split('/o/')[1]!)).to).toEqual(['quinn@example.org']);
  });

  it('tracks a compose made full screen: the same compose, moved out of its mole', async () => {
    const mailbox = mailboxFor('fullscreen');
    const gmail = await GmailPage.open(session.browser, mailbox);
    const mole = await gmail.compose({ to: ['lia@example.org'], subject: 'Full screen', body: 'More room.', link: { text: 'z', href: 'https://example.org/z' } });
    const compose = await gmail.fullScreen(mole);
    await gmail.clickSend(compose);
    const [mail] = await sentMail(mailbox);
    const pixels = pixelUrls(mail!.html, workerUrl);
    expect(pixels).toHaveLength(1);
    expect(trackedHrefs(mail!.html, workerUrl)).toHaveLength(1);
    expect(await registered(pixels[0]!.split('/o/')[1]!)).toMatchObject({ subject: 'Full screen', to: ['lia@example.org'] });
  });

  it('tracks a forward: the pixel before the forwarded message, whose link is wrapped once', async () => {
    const mailbox = mailboxFor('forward');
    const gmail = await GmailPage.open(session.browser, mailbox, 'thread');
    const forward = await gmail.forwardInline('max@example.org', 'FYI, the plan.');
    await gmail.clickSend(forward);
    const [mail] = await sentMail(mailbox);
    const pixels = pixelUrls(mail!.html, workerUrl);
    expect(pixels).toHaveLength(1);
    expect(mail!.html.indexOf(pixels[0]!)).toBeLessThan(mail!.html.indexOf('gmail_quote'));
    const hrefs = trackedHrefs(mail!.html, workerUrl);
    expect(hrefs).toHaveLength(1);
    expect(Buffer.from(hrefs[0]!.split('/').at(-1)!, 'base64url').toString('utf8')).toBe('https://example.org/quoted-plan');
    expect(await registered(pixels[0]!.split('/o/')[1]!)).toMatchObject({ subject: 'Fwd: The plan', to: ['max@example.org'] });
  });

  it('tracks the pop-out compose window', async () => {
    const mailbox = mailboxFor('popout');
    const gmail = await GmailPage.open(session.browser, mailbox, 'popout');
    const compose = await gmail.popout({ to: ['gil@example.org'], subject: 'From the pop-out', body: 'Big window.', link: { text: 'y', href: 'https://example.org/y' } });
    await gmail.toolbarText(compose);
    await gmail.clickSend(compose);
    const [mail] = await sentMail(mailbox);
    const pixels = pixelUrls(mail!.html, workerUrl);
    expect(pixels).toHaveLength(1);
    expect(trackedHrefs(mail!.html, workerUrl)).toHaveLength(1);
    expect((await registered(pixels[0]!.split('/o/')[1]!)).subject).toBe('From the pop-out');
  });

  it.each([
    ['clicked', 'typed-click', (gmail: GmailPage, dialog: string) => gmail.clickSend(dialog)],
    ['sent with Ctrl+Enter from the To field', 'typed-keys', (gmail: GmailPage, dialog: string) => gmail.sendFromRecipientField(dialog)],
  ])('registers the address typed when Send was %s before Gmail made it a chip', async (_how, test, send) => {
    const mailbox = mailboxFor(test);
    const gmail = await GmailPage.open(session.browser, mailbox);
    const dialog = await gmail.compose({ to: [], subject: 'Typed, not a chip', body: 'Quick one.', link: { text: 'site', href: 'https://example.org/t' } });
    await gmail.typeRecipient(dialog, 'ana@example.org');
    expect(await gmail.chipAddresses(dialog)).toEqual([]);
    await send(gmail, dialog);
    const [mail] = await sentMail(mailbox);
    expect(mail!.to).toEqual(['ana@example.org']);
    const pixels = pixelUrls(mail!.html, workerUrl);
    expect(pixels).toHaveLength(1);
    expect((await registered(pixels[0]!.split('/o/')[1]!)).to).toEqual(['ana@example.org']);
  });

  it('registers a message sent with only a name typed, and fills the address in once Gmail resolves it', async () => {
    const mailbox = mailboxFor('typed-name');
    const gmail = await GmailPage.open(session.browser, mailbox);
    const dialog = await gmail.compose({ to: [], subject: 'To a name', body: 'Hal knows.' });
    await gmail.typeRecipient(dialog, 'Hal');
    await gmail.sendFromRecipientField(dialog);
    const [mail] = await sentMail(mailbox);
    expect(mail!.to).toEqual(['hal@example.org']);
    const messageId = pixelUrls(mail!.html, workerUrl)[0]!.split('/o/')[1]!;
    await until(async () => (await registered(messageId)).to[0] === 'hal@example.org', 'the recipient filled in');
  });

  it('sends untracked, says why in the toolbar and reports it with the build, when Gmail renamed its Send button', async () => {
    const mailbox = mailboxFor('renamed-send');
    const gmail = await GmailPage.open(session.browser, mailbox, 'renamed-send');
    const dialog = await gmail.compose({ to: ['kai@example.org'], subject: 'After a redesign', body: 'Still goes out.', link: { text: 'site', href: 'https://example.org/r' } });
    expect(await gmail.toolbarText(dialog, 'Send button')).toContain('Not tracked');
    await gmail.sendWithKeyboard(dialog);
    const [mail] = await sentMail(mailbox);
    expect(pixelUrls(mail!.html, workerUrl)).toEqual([]);
    expect(trackedHrefs(mail!.html, workerUrl)).toEqual([]);
    const failure = await until(async () => {
      const health = (await (await fetch(`${workerUrl}/health`)).json()) as { landmarkFailures: { gmail: { landmarks: string[]; build: string | null } | null } };
      return health.landmarkFailures.gmail;
    }, 'the landmark failure on /health');
    expect(failure).toMatchObject({ landmarks: ['send'], build: 'gmail_fe_261130.07_p1' });
  });

  it('registered every pixel that went out in these tests', async () => {
    expect(mailboxes.length).toBeGreaterThan(5);
    expect(await unregisteredPixels(mailboxes, workerUrl, api)).toEqual([]);
  });
}
