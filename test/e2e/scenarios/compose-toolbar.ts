import { expect, it } from 'vitest';
import { GmailPage } from '../pages/gmail-page.ts';
import { pixelUrls, sentMail } from '../support/sent-log.ts';
import { useBrowser } from '../support/use-browser.ts';
import { until } from '../support/wait.ts';

/** The anchors of a sent body, as the recipient gets them. */
function anchors(html: string): { href: string; text: string }[] {
  return [...html.matchAll(/<a [^>]*href="([^"]+)"[^>]*>(.*?)<\/a>/g)].map((m) => ({ href: m[1]!.replaceAll('&amp;', '&'), text: m[2]! }));
}

/** The compose toolbar in Gmail: Smart Links, the tracking switch, mail merge, opt-out warnings. */
export function composeToolbar(browserName: 'chromium' | 'firefox') {
  const session = useBrowser(browserName, { connected: true });
  const { workerUrl, api } = session;

  async function registered(messageId: string) {
    return until(async () => {
      const res = await api(`/api/messages/${messageId}`);
      return res.status === 200 && ((await res.json()) as { to: string[]; massMail: boolean; tracked: boolean });
    }, 'the registration');
  }

  async function optOut(email: string, change: { doNotContact: string; tracking?: string }) {
    const res = await api('/api/suppressions', { method: 'POST', body: JSON.stringify({ email, scope: 'sender', ...change }) });
    expect(res.status).toBe(201);
  }

  it('turns the selected words into a Smart Link, and inserts one at the caret when nothing is selected', async () => {
    const mailbox = `${browserName}-smart-${Date.now()}`;
    const gmail = await GmailPage.open(session.browser, mailbox);
    const dialog = await gmail.compose({ to: ['ana@example.org'], subject: 'Newsletter', body: 'To stop these, click here. ' });
    await gmail.smartLinkOnSelection(dialog, 'here', 0); // Unsubscribe
    await gmail.pickSmartLink(dialog, 1); // Update preferences, at the caret
    await gmail.clickSend(dialog);
    const [mail] = await sentMail(mailbox);
    const messageId = pixelUrls(mail!.html, workerUrl)[0]!.split('/o/')[1]!;
    const links = anchors(mail!.html);
    expect(links.map((a) => a.text)).toEqual(['here', 'Update preferences']);
    expect(links[0]!.href.startsWith(`${workerUrl}/s/unsubscribe/${messageId}/`)).toBe(true);
    expect(links[1]!.href.startsWith(`${workerUrl}/s/preferences/${messageId}/`)).toBe(true);
    // The recipient's page answers (GET only shows it; nothing changes until the form is posted).
    const page = await fetch(links[0]!.href);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post"');
  });

  it('sends the message untracked when "Track this message" is switched off', async () => {
    const mailbox = `${browserName}-off-${Date.now()}`;
    const gmail = await GmailPage.open(session.browser, mailbox);
    const dialog = await gmail.compose({ to: ['ben@example.org'], subject: 'Private', body: 'Not tracked.', link: { text: 'site', href: 'https://example.org/private' } });
    await gmail.toggleTracking(dialog);
    await gmail.clickSend(dialog);
    const [mail] = await sentMail(mailbox);
    expect(pixelUrls(mail!.html, workerUrl)).toEqual([]);
    expect(anchors(mail!.html)).toEqual([{ href: 'https://example.org/private', text: 'site' }]);
  });

  it('registers a mail merge as mass mail', async () => {
    const mailbox = `${browserName}-merge-${Date.now()}`;
    const gmail = await GmailPage.open(session.browser, mailbox);
    const dialog = await gmail.compose({ to: ['cara@example.org'], subject: 'Spring offer', body: 'Hello. ' });
    await gmail.toggleMailMerge(dialog);
    await gmail.pickSmartLink(dialog, 0);
    await gmail.clickSend(dialog);
    const [mail] = await sentMail(mailbox);
    const messageId = pixelUrls(mail!.html, workerUrl)[0]!.split('/o/')[1]!;
    expect(await registered(messageId)).toMatchObject({ massMail: true, tracked: true, to: ['cara@example.org'] });
  });

  it('strikes an opted-out recipient through, holds the first Send, and removes them on request', async () => {
    const gone = `gone-${browserName}-${Date.now()}@example.org`;
    await optOut(gone, { doNotContact: 'no_email' });
    const mailbox = `${browserName}-optout-${Date.now()}`;
    const gmail = await GmailPage.open(session.browser, mailbox);
    const dialog = await gmail.compose({ to: ['dora@example.org', gone], subject: 'Update', body: 'News.' });
    expect(await gmail.toolbarText(dialog, 'Opted out')).toContain(`${gone} Unsubscribed from all email (for you)`);
    expect(await gmail.struckChips(dialog)).toEqual([gone]);
    await gmail.clickSend(dialog);
    expect(await gmail.toolbarText(dialog, 'Not sent yet')).toContain('press Send again to send anyway');
    // Held: the compose is still open, which the site closes at once when it sends.
    expect(await gmail.page.evaluate((s) => document.querySelector(s) !== null, dialog)).toBe(true);
    await gmail.removeOptedOut(dialog);
    await until(async () => (await gmail.chipAddresses(dialog)).length === 1, 'the opted-out chip to go');
    await gmail.clickSend(dialog);
    const [mail] = await sentMail(mailbox);
    expect(mail!.to).toEqual(['dora@example.org']);
  });

  it('keeps Send where it is while a warning appears and goes', async () => {
    const gone = `moved-${browserName}-${Date.now()}@example.org`;
    await optOut(gone, { doNotContact: 'no_email' });
    const mailbox = `${browserName}-steady-${Date.now()}`;
    const gmail = await GmailPage.open(session.browser, mailbox);
    const dialog = await gmail.compose({ to: ['dora@example.org'], subject: 'Steady', body: 'News.' });
    const before = await gmail.sendButtonBox(dialog);
    await gmail.addRecipient(dialog, gone);
    await gmail.toolbarText(dialog, 'Opted out');
    expect(await gmail.sendButtonBox(dialog)).toEqual(before);
    await gmail.clickSend(dialog);
    await gmail.toolbarText(dialog, 'Not sent yet');
    expect(await gmail.sendButtonBox(dialog)).toEqual(before);
    await gmail.removeOptedOut(dialog);
    await until(async () => (await gmail.chipAddresses(dialog)).length === 1, 'the opted-out chip to go');
    expect(await gmail.sendButtonBox(dialog)).toEqual(before);
  });

  it('sends to an opted-out recipient when Send is pressed again', async () => {
    const gone = `again-${browserName}-${Date.now()}@example.org`;
    await optOut(gone, { doNotContact: 'no_contact' });
    const mailbox = `${browserName}-again-${Date.now()}`;
    const gmail = await GmailPage.open(session.browser, mailbox);
    const dialog = await gmail.compose({ to: [gone], subject: 'Invoice', body: 'Your invoice.' });
    await gmail.toolbarText(dialog, 'Do not contact');
    await gmail.clickSend(dialog);
    await gmail.toolbarText(dialog, 'Not sent yet');
    await gmail.clickSend(dialog);
    const [mail] = await sentMail(mailbox);
    expect(mail!.to).toEqual([gone]);
  });

  it('sends untracked, and says why, when a recipient asked not to be tracked', async () => {
    const privateAddress = `private-${browserName}-${Date.now()}@example.org`;
    await optOut(privateAddress, { doNotContact: 'none', tracking: 'refused' });
    const mailbox = `${browserName}-refused-${Date.now()}`;
    const gmail = await GmailPage.open(session.browser, mailbox);
    const dialog = await gmail.compose({ to: ['eli@example.org', privateAddress], subject: 'Hi', body: 'Hello.', link: { text: 'doc', href: 'https://example.org/doc' } });
    expect(await gmail.toolbarText(dialog, 'asked not to be tracked')).toContain(`Not tracked: ${privateAddress}`);
    await gmail.clickSend(dialog);
    const [mail] = await sentMail(mailbox);
    expect(pixelUrls(mail!.html, workerUrl)).toEqual([]);
    expect(anchors(mail!.html)).toEqual([{ href: 'https://example.org/doc', text: 'doc' }]);
  });
}
