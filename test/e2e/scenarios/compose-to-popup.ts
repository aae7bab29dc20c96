import { expect, it } from 'vitest';
import { GmailPage } from '../pages/gmail-page.ts';
import { OptionsPage } from '../pages/options-page.ts';
import { PopupPage } from '../pages/popup-page.ts';
import { pixelUrls, sentMail } from '../support/sent-log.ts';
import { useBrowser } from '../support/use-browser.ts';
import { until } from '../support/wait.ts';

const HOME_CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/** The thinnest whole path: options → compose in Gmail → send → pixel fetched → popup shows the open. */
export function composeToPopup(browserName: 'chromium' | 'firefox') {
  const session = useBrowser(browserName);
  const { workerUrl, token, api } = session;

  it('tracks a message sent from Gmail and shows its open in the popup', async () => {
    const browser = session.browser;
    const options = await OptionsPage.open(browser);
    await options.connect(workerUrl, token);

    const mailbox = `${browserName}-${Date.now()}`;
    const subject = `Proposal for ${browserName}`;
    const gmail = await GmailPage.open(browser, mailbox);
    const destination = `https://example.org/proposal?for=${browserName}`;
    const dialog = await gmail.compose({ to: ['ana@example.org'], subject, body: 'Hello Ana, here is the proposal.', link: { text: 'the proposal', href: destination } });
    await gmail.clickSend(dialog);

    const [mail] = await sentMail(mailbox);
    expect(mail!.to).toEqual(['ana@example.org']);
    expect(mail!.subject).toBe(subject);
    const pixels = pixelUrls(mail!.html, workerUrl);
    expect(pixels).toHaveLength(1);
    const messageId = pixels[0]!.split('/o/')[1]!;
    // The link went out rewritten once, its text untouched.
    const hrefs = [...mail!.html.matchAll(/<a[^>]+href="([^"]+)"[^>]*>([^<]*)<\/a>/g)].map((m) => ({ href: m[1]!.replaceAll('&amp;', '&'), text: m[2] }));
    expect(hrefs).toHaveLength(1);
    expect(hrefs[0]!.text).toBe('the proposal');
    expect(hrefs[0]!.href.startsWith(`${workerUrl}/c/${messageId}/0/`)).toBe(true);

    // The background registers the message with the real Worker.
    const registered = await until(async () => {
      const res = await api(`/api/messages/${messageId}`);
      return res.status === 200 && ((await res.json()) as { subject: string; to: string[]; sentAt: string });
    }, 'the registration to reach the Worker');
    expect(registered.subject).toBe(subject);
    expect(registered.to).toEqual(['ana@example.org']);

    // The recipient opens it a little later: a fetch within 2 s of sending is a scanner's.
    await until(async () => Date.now() - Date.parse(registered.sentAt) > 3000, 'the message to be 3 s old');
    // The recipient's mail client loads the pixel.
    const pixel = await fetch(pixels[0]!, { headers: { 'user-agent': HOME_CHROME } });
    expect(pixel.headers.get('content-type')).toBe('image/gif');

    // The recipient clicks the link: the Worker sends them where the sender meant.
    const click = await fetch(hrefs[0]!.href, { headers: { 'user-agent': HOME_CHROME }, redirect: 'manual' });
    expect(click.status).toBe(302);
    expect(click.headers.get('location')).toBe(destination);

    const popup = await PopupPage.open(browser);
    await popup.untilShows(`Clicked ${destination}`);
    const shown = await popup.untilShows('Opened');
    expect(shown).toContain(subject);
    expect(shown).toContain('ana@example.org');
  });
}
