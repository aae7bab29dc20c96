import { expect, it } from 'vitest';
import { OutlookPage, type OutlookOptions } from '../pages/outlook-page.ts';
import type { SentMail } from '../support/fixture-server.ts';
import { pixelUrls, sentMail, unregisteredPixels } from '../support/sent-log.ts';
import { useBrowser } from '../support/use-browser.ts';
import { until } from '../support/wait.ts';

const hrefsOf = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));

const LINK = { text: 'the plan', href: 'https://example.org/plan' };
/** The http(s) links of a new message: the one inserted and the fixture's signature link. */
const NEW_MAIL = [LINK.href, 'https://example.com/about'];

/** Every way an Outlook message leaves: one pixel, each link wrapped once, one message id throughout. */
export function outlookSendPaths(browserName: 'chromium' | 'firefox') {
  const session = useBrowser(browserName, { connected: true });
  const { workerUrl, api } = session;

  async function registered(messageId: string) {
    return until(async () => {
      const res = await api(`/api/messages/${messageId}`);
      return res.status === 200 && ((await res.json()) as { subject: string; to: string[]; cc: string[]; bcc: string[] });
    }, 'the registration');
  }

  /** One pixel; every http(s) link wrapped exactly once with this message's id; mailto untouched. */
  function expectTrackedOnce(mail: SentMail, destinations: string[]): string {
    const pixels = pixelUrls(mail.html, workerUrl);
    expect(pixels).toHaveLength(1);
    const messageId = pixels[0]!.split('/o/')[1]!;
    const hrefs = hrefsOf(mail.html);
    const tracked = hrefs.filter((href) => href.startsWith(`${workerUrl}/c/${messageId}/`));
    // Wrapped once: each tracked link leads straight to its destination, never to another tracked link.
    const wrapped = tracked.map((href) => Buffer.from(href.split('/').at(-1)!, 'base64url').toString('utf8'));
    expect(wrapped.sort()).toEqual([...destinations].sort());
    expect(hrefs.filter((href) => href.startsWith('http') && !tracked.includes(href))).toEqual([]);
    expect(hrefs.filter((href) => href.startsWith('mailto:'))).toEqual(['mailto:sam@example.com']);
    return messageId;
  }

  const mailboxes: string[] = [];
  async function open(test: string, options: OutlookOptions = {}) {
    const mailbox = `${browserName}-outlook-${test}-${Date.now()}`;
    mailboxes.push(mailbox);
    return { mailbox, outlook: await OutlookPage.open(session.browser, mailbox, options) };
  }

  it('tracks a docked compose sent with Send, and registers the address typed for a name-only chip', async () => {
    const { mailbox, outlook } = await open('docked');
    const compose = await outlook.compose({ to: ['ana@example.org'], subject: 'Plan for Ana', body: 'Hello Ana, here it is.', link: LINK });
    await outlook.clickSend(compose);
    const [mail] = await sentMail(mailbox);
    expect(mail!.to).toEqual(['ana@example.org']);
    const messageId = expectTrackedOnce(mail!, NEW_MAIL);
    const registration = await registered(messageId);
    expect(registration.subject).toBe('Plan for Ana');
    expect(registration.to).toEqual(['ana@example.org']);
    await outlook.close();
  });

  it('sends with Ctrl+Enter', async () => {
    const { mailbox, outlook } = await open('keys', { host: 'outlook.live.com' });
    const compose = await outlook.compose({ to: ['bob@example.org'], subject: 'Keyboard', body: 'Sent with the keyboard.', link: LINK });
    await outlook.sendWithKeyboard(compose);
    const [mail] = await sentMail(mailbox);
    expect((await registered(expectTrackedOnce(mail!, NEW_MAIL))).to).toEqual(['bob@example.org']);
    await outlook.close();
  });

  it('sends with Alt+S', async () => {
    const { mailbox, outlook } = await open('alt-s');
    const compose = await outlook.compose({ to: ['dan@example.org'], subject: 'Alt+S', body: 'The other shortcut.', link: LINK });
    await outlook.sendWithAltS(compose);
    const [mail] = await sentMail(mailbox);
    expect((await registered(expectTrackedOnce(mail!, NEW_MAIL))).to).toEqual(['dan@example.org']);
    await outlook.close();
  });

  it('tracks a scheduled send: the preset\'s time is the send time', async () => {
    const { mailbox, outlook } = await open('scheduled');
    const compose = await outlook.compose({ to: ['ana@example.org'], subject: 'Tomorrow, first thing', body: 'Scheduled.', link: LINK });
    await outlook.scheduleSend(compose, { preset: 'Tomorrow morning' });
    const [mail] = await sentMail(mailbox);
    expect(mail!.scheduledFor).toBeDefined();
    const registration = (await registered(expectTrackedOnce(mail!, NEW_MAIL))) as unknown as { sentAt: string; to: string[] };
    expect(registration.to).toEqual(['ana@example.org']);
    expect(registration.sentAt).toBe(mail!.scheduledFor);
    await outlook.close();
  });

  it('tracks a send scheduled for a custom date and time', async () => {
    const { mailbox, outlook } = await open('custom-time');
    const compose = await outlook.compose({ to: ['bob@example.org'], subject: 'New year', body: 'Happy new year.', link: LINK });
    const year = new Date().getFullYear() + 1;
    await outlook.scheduleSend(compose, { date: `1/1/${year}`, time: '9:30 AM' });
    const [mail] = await sentMail(mailbox);
    const registration = (await registered(expectTrackedOnce(mail!, NEW_MAIL))) as unknown as { sentAt: string };
    // 9:30 in the browser's time zone, as Outlook means it; the fixture read the same inputs.
    expect(registration.sentAt).toBe(mail!.scheduledFor);
    expect(new Date(registration.sentAt).getFullYear()).toBe(year);
    await outlook.close();
  });

  it('sends with Enter on the focused Send button', async () => {
    const { mailbox, outlook } = await open('enter');
    const compose = await outlook.compose({ to: ['cleo@example.org'], subject: 'Enter on Send', body: 'No mouse.', link: LINK });
    await outlook.sendWithEnterOnSend(compose);
    const [mail] = await sentMail(mailbox);
    expect((await registered(expectTrackedOnce(mail!, NEW_MAIL))).to).toEqual(['cleo@example.org']);
    await outlook.close();
  });

  it('survives a cancelled send: one pixel, one wrap, one message', async () => {
    const { mailbox, outlook } = await open('cancel');
    const compose = await outlook.compose({ to: [], subject: 'Forgot the recipient', body: 'Oops.', link: LINK });
    await outlook.clickSend(compose); // OWA refuses: no recipient. Our hook has already run once.
    await outlook.dismissErrorDialog();
    await outlook.addRecipient(compose, 'cleo@example.org');
    await outlook.clickSend(compose);
    const [mail] = await sentMail(mailbox);
    const messageId = expectTrackedOnce(mail!, NEW_MAIL);
    expect((await registered(messageId)).to).toEqual(['cleo@example.org']);
    await outlook.close();
  });

  it('survives Undo then send again: same message id, nothing doubled', async () => {
    const { mailbox, outlook } = await open('undo');
    const compose = await outlook.compose({ to: ['dan@example.org'], subject: 'Second thoughts', body: 'First version.', link: LINK });
    await outlook.clickSend(compose);
    await sentMail(mailbox, 1);
    const reopened = await outlook.undoSend();
    await outlook.clickSend(reopened);
    const [first, second] = await sentMail(mailbox, 2);
    const firstId = expectTrackedOnce(first!, NEW_MAIL);
    expect(expectTrackedOnce(second!, NEW_MAIL)).toBe(firstId);
    expect(hrefsOf(second!.html)).toEqual(hrefsOf(first!.html));
    expect(second!.to).toEqual(['dan@example.org']);
    expect((await registered(firstId)).subject).toBe('Second thoughts');
    await outlook.close();
  });

  it('tracks the body the editor re-rendered into a new node before send', async () => {
    const { mailbox, outlook } = await open('rerender');
    const compose = await outlook.compose({ to: ['ana@example.org'], subject: 'Re-rendered', body: 'Typed, then the editor re-rendered.', link: LINK });
    await outlook.leaveBody(compose);
    await outlook.clickSend(compose);
    const [mail] = await sentMail(mailbox);
    expect(mail!.bodyRenders).toBeGreaterThanOrEqual(1);
    expectTrackedOnce(mail!, NEW_MAIL);
    await outlook.close();
  });

  it('puts the pixel before the quoted history of a reply', async () => {
    const { mailbox, outlook } = await open('reply');
    const compose = await outlook.compose({ to: [], subject: '', body: 'Thursday works.', reply: true });
    await outlook.clickSend(compose);
    // The reply's recipient shows by name only: it could not be checked, which holds the first Send.
    await outlook.toolbarText(compose, 'could not be checked (');
    await outlook.clickSend(compose);
    const [mail] = await sentMail(mailbox);
    expect(mail!.to).toEqual(['cleo@example.org']);
    // The signature's link and the quoted message's link.
    expectTrackedOnce(mail!, ['https://example.com/about', 'https://example.net/agenda']);
    expect(mail!.html.indexOf(`src="${workerUrl}/o/`)).toBeLessThan(mail!.html.indexOf('id="appendonsend"'));
    await outlook.close();
  });

  it('tracks a full-page compose', async () => {
    const { mailbox, outlook } = await open('fullpage', { host: 'outlook.office365.com', view: 'fullpage' });
    const compose = await outlook.compose({ to: ['bob@example.org'], subject: 'Full page', body: 'Written on the whole page.', link: LINK });
    await outlook.clickSend(compose);
    const [mail] = await sentMail(mailbox);
    expect((await registered(expectTrackedOnce(mail!, NEW_MAIL))).to).toEqual(['bob@example.org']);
    await outlook.close();
  });

  it('tracks a pop-out compose in an about:blank frame', async () => {
    const { mailbox, outlook } = await open('popout', { host: 'outlook.cloud.microsoft', view: 'popout' });
    const compose = await outlook.compose({ to: ['ana@example.org'], subject: 'Popped out', body: 'From the pop-out.', link: LINK });
    await outlook.clickSend(compose);
    const [mail] = await sentMail(mailbox);
    expect(mail!.documentUrl).toBe('about:blank');
    const registration = await registered(expectTrackedOnce(mail!, NEW_MAIL));
    expect(registration.to).toEqual(['ana@example.org']);
    await outlook.close();
  });

  it('tracks a pop-out compose in a window of its own, sent with Ctrl+Enter', async () => {
    const { mailbox, outlook } = await open('window', { host: 'outlook.office365.com', view: 'window' });
    const compose = await outlook.compose({ to: ['bob@example.org'], subject: 'Own window', body: 'From the pop-out window.', link: LINK });
    await outlook.sendWithKeyboard(compose);
    const [mail] = await sentMail(mailbox);
    expect(mail!.documentUrl).toBe('about:blank');
    const registration = await registered(expectTrackedOnce(mail!, NEW_MAIL));
    expect(registration.to).toEqual(['bob@example.org']);
    await outlook.close();
  });

  it('tracks a compose with German labels', async () => {
    const { mailbox, outlook } = await open('german', { lang: 'de' });
    const compose = await outlook.compose({ to: ['cleo@example.org'], subject: 'Auf Deutsch', body: 'Hallo Cleo.', link: LINK });
    await outlook.clickSend(compose);
    const [mail] = await sentMail(mailbox);
    expect((await registered(expectTrackedOnce(mail!, NEW_MAIL))).to).toEqual(['cleo@example.org']);
    await outlook.close();
  });

  it('tracks a compose of an older build (name=Send, "Add a subject")', async () => {
    const { mailbox, outlook } = await open('older', { build: 'older', lang: 'zh' });
    const compose = await outlook.compose({ to: ['dan@example.org'], subject: 'Older build', body: 'Still tracked.', link: LINK });
    await outlook.clickSend(compose);
    const [mail] = await sentMail(mailbox);
    const registration = await registered(expectTrackedOnce(mail!, NEW_MAIL));
    expect(registration.subject).toBe('Older build');
    expect(registration.to).toEqual(['dan@example.org']);
    await outlook.close();
  });

  it('registers the address typed when Ctrl+Enter came before Outlook made it a chip', async () => {
    const { mailbox, outlook } = await open('typed');
    const compose = await outlook.compose({ to: [], subject: 'Typed, not a chip', body: 'Quick one.', link: LINK });
    await outlook.typeRecipient(compose, 'bob@example.org');
    expect(await outlook.chipTexts(compose)).toEqual([]);
    await outlook.sendFromRecipientField(compose);
    const [mail] = await sentMail(mailbox);
    expect(mail!.to).toEqual(['bob@example.org']);
    expect((await registered(expectTrackedOnce(mail!, NEW_MAIL))).to).toEqual(['bob@example.org']);
    await outlook.close();
  });

  it('registered every pixel that went out in these tests', async () => {
    expect(mailboxes.length).toBeGreaterThan(5);
    expect(await unregisteredPixels(mailboxes, workerUrl, api)).toEqual([]);
  });
}
