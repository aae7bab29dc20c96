import { expect, it } from 'vitest';
import { OutlookPage } from '../pages/outlook-page.ts';
import { pixelUrls, sentMail } from '../support/sent-log.ts';
import { useBrowser } from '../support/use-browser.ts';
import { until } from '../support/wait.ts';

/** The anchors of a sent body, as the recipient gets them. */
function anchors(html: string): { href: string; text: string }[] {
  return [...html.matchAll(/<a [^>]*href="([^"]+)"[^>]*>(.*?)<\/a>/g)].map((m) => ({ href: m[1]!.replaceAll('&amp;', '&'), text: m[2]! }));
}

/**
 * The compose toolbar's features on Outlook, through the Outlook adapter: where the toolbar goes,
 * name-only chips (struck through, removed with their own button, or "cannot check").
 */
export function outlookComposeToolbar(browserName: 'chromium' | 'firefox') {
  const session = useBrowser(browserName, { connected: true });
  const { workerUrl, api } = session;

  async function optOut(email: string) {
    const res = await api('/api/suppressions', { method: 'POST', body: JSON.stringify({ email, scope: 'sender', doNotContact: 'no_email' }) });
    expect(res.status).toBe(201);
  }

  const mailboxFor = (test: string) => `${browserName}-outlook-toolbar-${test}-${Date.now()}`;

  it('turns the selected words into a Smart Link, and inserts one at the caret', async () => {
    const mailbox = mailboxFor('smart');
    const outlook = await OutlookPage.open(session.browser, mailbox);
    const compose = await outlook.compose({ to: ['ana@example.org'], subject: 'Newsletter', body: 'To stop these, click here. ' });
    await outlook.smartLinkOnSelection(compose, 'here', 0); // Unsubscribe
    await outlook.pickSmartLink(compose, 1); // Update preferences, at the caret
    await outlook.clickSend(compose);
    const [mail] = await sentMail(mailbox);
    const messageId = pixelUrls(mail!.html, workerUrl)[0]!.split('/o/')[1]!;
    const smartLinks = anchors(mail!.html).filter((a) => a.href.startsWith(`${workerUrl}/s/`));
    expect(smartLinks.map((a) => a.text)).toEqual(['here', 'Update preferences']);
    expect(smartLinks[0]!.href.startsWith(`${workerUrl}/s/unsubscribe/${messageId}/`)).toBe(true);
    expect(smartLinks[1]!.href.startsWith(`${workerUrl}/s/preferences/${messageId}/`)).toBe(true);
    await outlook.close();
  });

  it('sends untracked when "Track this message" is switched off', async () => {
    const mailbox = mailboxFor('off');
    const outlook = await OutlookPage.open(session.browser, mailbox);
    const compose = await outlook.compose({ to: ['bob@example.org'], subject: 'Private', body: 'Not tracked.', link: { text: 'site', href: 'https://example.org/private' } });
    await outlook.toggleTracking(compose);
    await outlook.clickSend(compose);
    const [mail] = await sentMail(mailbox);
    expect(pixelUrls(mail!.html, workerUrl)).toEqual([]);
    expect(anchors(mail!.html).map((a) => a.href)).toEqual(['https://example.org/private', 'https://example.com/about', 'mailto:sam@example.com']);
    await outlook.close();
  });

  it('strikes through an opted-out recipient shown by name only, holds the first Send, and removes the chip', async () => {
    const gone = `gone-${browserName}-${Date.now()}@people.example`;
    const goneName = gone.split('@')[0]!.split('-').map((part) => part[0]!.toUpperCase() + part.slice(1)).join(' ');
    await optOut(gone);
    const mailbox = mailboxFor('optout');
    const outlook = await OutlookPage.open(session.browser, mailbox);
    const compose = await outlook.compose({ to: ['dan@example.org', gone], subject: 'Update', body: 'News.' });
    // OWA shows the name only; the address we saw typed is what the check used.
    expect(await outlook.chipTexts(compose)).toEqual(['Dan Moreau', goneName]);
    expect(await outlook.toolbarText(compose, 'Opted out')).toContain(`${gone} Unsubscribed from all email (for you)`);
    expect(await outlook.struckChips(compose)).toEqual([goneName]);
    await outlook.clickSend(compose);
    expect(await outlook.toolbarText(compose, 'Not sent yet')).toContain('press Send again to send anyway');
    await outlook.removeOptedOut(compose);
    await until(async () => (await outlook.chipTexts(compose)).length === 1, 'the opted-out chip to go');
    await outlook.clickSend(compose);
    const [mail] = await sentMail(mailbox);
    expect(mail!.to).toEqual(['dan@example.org']);
    await outlook.close();
  });

  it('says it cannot check a recipient whose address it never saw', async () => {
    const outlook = await OutlookPage.open(session.browser, mailboxFor('unknown'), { draft: true });
    const draft = await outlook.draft();
    expect(await outlook.toolbarText(draft, 'Cannot check')).toContain('Cannot check: Ana Example (address not known)');
    await outlook.close();
  });

  it('puts the toolbar in a pop-out window, where switching tracking off works too', async () => {
    const mailbox = mailboxFor('popout');
    const outlook = await OutlookPage.open(session.browser, mailbox, { view: 'window' });
    const compose = await outlook.compose({ to: ['cleo@example.org'], subject: 'Popped out', body: 'Hi.', link: { text: 'site', href: 'https://example.org/popped' } });
    expect(await outlook.toolbarText(compose)).toContain('Track this message');
    await outlook.toggleTracking(compose);
    await outlook.clickSend(compose);
    const [mail] = await sentMail(mailbox);
    expect(mail!.documentUrl).toBe('about:blank');
    expect(pixelUrls(mail!.html, workerUrl)).toEqual([]);
    expect(anchors(mail!.html).map((a) => a.href)).toEqual(['https://example.org/popped', 'https://example.com/about', 'mailto:sam@example.com']);
    await outlook.close();
  });
}
