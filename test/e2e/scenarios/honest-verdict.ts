import { expect, it } from 'vitest';
import { ActivityListPage } from '../pages/activity-page.ts';
import { GmailPage } from '../pages/gmail-page.ts';
import { PopupPage } from '../pages/popup-page.ts';
import { SentFolderPage } from '../pages/sent-folder-page.ts';
import { pixelUrls, sentMail } from '../support/sent-log.ts';
import { useBrowser } from '../support/use-browser.ts';
import { until } from '../support/wait.ts';

/**
 * Who fetches on the recipient's side (see sender-sees.ts): Google's image proxy from Google's
 * network, and the recipient's own browser at home.
 */
const FROM = {
  gmailProxy: { 'user-agent': 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)', 'cf-connecting-ip': '66.249.93.84' },
  browser: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 'cf-connecting-ip': '203.0.113.9' },
};

/**
 * A message opened through Gmail's image proxy reads "opened, unreliably" on every screen; once
 * the recipient clicks, every screen says opened.
 */
export function honestVerdict(browserName: 'chromium' | 'firefox') {
  const session = useBrowser(browserName, { connected: true });

  it('says opened-unreliable after a Gmail-proxy open and opened after a click, in the popup, the activity list and the Sent mark', async () => {
    const { browser, workerUrl, api } = session;
    const mailbox = `${browserName}-verdict-${Date.now()}`;
    const subject = `Offer seen through Gmail (${browserName})`;
    const gmail = await GmailPage.open(browser, mailbox);
    const dialog = await gmail.compose({ to: ['ana@example.org'], subject, body: 'Hello Ana, the offer.', link: { text: 'the offer', href: 'https://example.org/offer' } });
    await gmail.clickSend(dialog);
    const [mail] = await sentMail(mailbox, 1);
    const pixel = pixelUrls(mail!.html, workerUrl)[0]!;
    const link = [...mail!.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&')).find((href) => href.startsWith(`${workerUrl}/c/`))!;
    const messageId = pixel.split('/o/')[1]!;
    await until(async () => (await api(`/api/messages/${messageId}`)).status === 200, 'the message to be registered');
    // A fetch within 2 s of sending is a scanner's whatever it claims; real opens come later.
    const sentAt = Date.parse(((await (await api(`/api/messages/${messageId}`)).json()) as { sentAt: string }).sentAt);
    await until(async () => Date.now() - sentAt > 3000, 'the message to be 3 s old');

    // Ana opens it in Gmail: Google's proxy fetches the pixel.
    expect((await fetch(pixel, { headers: FROM.gmailProxy })).headers.get('content-type')).toBe('image/gif');
    const unreliable = 'Opened (unreliable: Gmail proxy)';
    const popup = await PopupPage.open(browser);
    await popup.untilVerdictFor(subject, unreliable);
    expect(await popup.wordsFor(subject)).toEqual([unreliable]);
    const activity = await ActivityListPage.open(browser);
    expect(await activity.untilStatus(subject, unreliable)).toEqual({ subject, opens: '1 (1 unreliable)', clicks: '0', status: unreliable, statusKind: 'opened_unreliable' });
    const folder = new SentFolderPage(gmail.page, 'gmail');
    await folder.open();
    const markedUnreliable = (await folder.untilMarked(subject, `${unreliable} · 1 open`)).find((row) => row.inList && row.subject === subject)!;
    expect(markedUnreliable).toEqual(expect.objectContaining({ markKind: 'opened_unreliable', markText: '✓1' }));
    expect(markedUnreliable.markTitle).toContain('Gmail proxy');
    const listed = ((await (await api('/api/messages?filter=opened')).json()) as { messages: { id: string; status: string; opens: number; reliableOpens: number }[] }).messages.find((m) => m.id === messageId);
    expect(listed).toEqual(expect.objectContaining({ status: 'opened_unreliable', opens: 1, reliableOpens: 0 }));

    // Then she clicks the link in her browser: a person, so every screen says opened.
    expect((await fetch(link, { headers: FROM.browser, redirect: 'manual' })).status).toBe(302);
    await popup.untilVerdictFor(subject, 'Opened');
    expect(await popup.wordsFor(subject)).toEqual(['Clicked https://example.org/offer', unreliable]);
    expect(await activity.untilStatus(subject, 'Opened')).toEqual({ subject, opens: '1', clicks: '1', status: 'Opened', statusKind: 'opened' });
    const marked = (await folder.untilMarked(subject, 'Opened · 1 open')).find((row) => row.inList && row.subject === subject)!;
    expect(marked).toEqual(expect.objectContaining({ markKind: 'opened', markText: '✓1' }));
    const after = ((await (await api('/api/messages?filter=clicked')).json()) as { messages: { id: string; status: string }[] }).messages.find((m) => m.id === messageId);
    expect(after?.status).toBe('opened');
  });
}
