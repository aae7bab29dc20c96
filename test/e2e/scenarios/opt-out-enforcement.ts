import { afterAll, beforeAll, expect, it } from 'vitest';
import { GmailPage } from '../pages/gmail-page.ts';
import { OptionsPage } from '../pages/options-page.ts';
import { OptOutsPage } from '../pages/opt-outs-page.ts';
import { ownWorker, type OwnWorker } from '../support/own-worker.ts';
import { pixelUrls, sentMail } from '../support/sent-log.ts';
import { switchableProxy } from '../support/switchable-proxy.ts';
import { useBrowser } from '../support/use-browser.ts';
import { pageText, until } from '../support/wait.ts';

const SIGNATURE_SLUGS = ['unsubscribe', 'preferences', 'grant-consent', 'withdraw-consent', 'stop-tracking'];

/**
 * Opt-outs that hold, on a Worker of its own (the organisation's rules reach every sender): the
 * block rule, a recipient that could not be checked, a mail merge's unsubscribe line, the
 * signature links on the options page; then, connected as an admin, the lawful-basis rule with a
 * basis recorded by hand, and whose each opt-out is on the opt-out list.
 */
export function optOutEnforcement(browserName: 'chromium' | 'firefox') {
  const session = useBrowser(browserName);
  let worker: OwnWorker;
  let proxy: Awaited<ReturnType<typeof switchableProxy>>;
  const asAdmin = (path: string, init: RequestInit = {}) =>
    fetch(`${worker.url}${path}`, { ...init, headers: { authorization: `Bearer ${worker.adminToken}`, 'content-type': 'application/json' } });

  beforeAll(async () => {
    worker = await ownWorker(browserName);
    // The extension reaches the Worker through a relay that one test switches off.
    proxy = await switchableProxy(Number(new URL(worker.url).port));
    expect((await asAdmin('/api/settings', { method: 'PUT', body: JSON.stringify({ optOutEnforcement: 'block' }) })).status).toBe(204);
    // Connecting reads the account, with the organisation's rules.
    await (await OptionsPage.open(session.browser)).connect(proxy.url, worker.senderToken);
  });
  afterAll(async () => {
    await proxy?.stop();
    await worker?.close();
  });

  it('under the block rule refuses Send while an opted-out recipient remains, and "Remove them and send" sends to the rest', async () => {
    const gone = `blocked-${browserName}-${Date.now()}@example.org`;
    expect((await asAdmin('/api/suppressions', { method: 'POST', body: JSON.stringify({ email: gone, doNotContact: 'no_email' }) })).status).toBe(201);
    const mailbox = `${browserName}-block-${Date.now()}`;
    const gmail = await GmailPage.open(session.browser, mailbox);
    const dialog = await gmail.compose({ to: ['dora@example.org', gone], subject: 'Update', body: 'News.' });
    expect(await gmail.toolbarText(dialog, 'Opted out')).toContain('Remove them and send');
    for (const press of [1, 2]) {
      await gmail.clickSend(dialog);
      expect(await gmail.toolbarText(dialog, 'Not sent')).toContain(`your organisation does not email contacts who opted out: ${gone}`);
      // Refused: the compose is still open, which the site closes at once when it sends.
      expect(await gmail.page.evaluate((s) => document.querySelector(s) !== null, dialog), `press ${press}`).toBe(true);
    }
    await gmail.removeOptedOut(dialog);
    const [mail] = await sentMail(mailbox);
    expect(mail!.to).toEqual(['dora@example.org']);
    expect(pixelUrls(mail!.html, proxy.url)).toHaveLength(1);
  });

  it('holds the first Send while the Worker cannot be reached, and sends on the second', async () => {
    await proxy.stop();
    try {
      const mailbox = `${browserName}-unreachable-${Date.now()}`;
      const gmail = await GmailPage.open(session.browser, mailbox);
      const dialog = await gmail.compose({ to: ['eve@example.org', 'finn@example.org'], subject: 'Offline', body: 'Hello.' });
      await gmail.toolbarText(dialog, 'Opt-outs could not be checked');
      await gmail.clickSend(dialog);
      expect(await gmail.toolbarText(dialog, 'could not be checked (')).toContain('2 recipients could not be checked (eve@example.org, finn@example.org)');
      expect(await gmail.page.evaluate((s) => document.querySelector(s) !== null, dialog)).toBe(true);
      await gmail.clickSend(dialog);
      const [mail] = await sentMail(mailbox);
      expect(mail!.to).toEqual(['eve@example.org', 'finn@example.org']);
    } finally {
      await proxy.start();
    }
  });

  it('appends an unsubscribe line, as this message\'s Smart Link, to a mail merge without one', async () => {
    const mailbox = `${browserName}-merge-line-${Date.now()}`;
    const gmail = await GmailPage.open(session.browser, mailbox);
    const dialog = await gmail.compose({ to: ['gus@example.org'], subject: 'Spring offer', body: 'Our spring offer.' });
    await gmail.toggleMailMerge(dialog);
    expect(await gmail.toolbarText(dialog, 'Mail merge without an Unsubscribe link')).toContain('a line to unsubscribe is added at the end when you send');
    await gmail.clickSend(dialog);
    const [mail] = await sentMail(mailbox);
    const messageId = pixelUrls(mail!.html, proxy.url)[0]!.split('/o/')[1]!;
    const line = /Don’t want these emails\? <a href="([^"]+)"[^>]*>Unsubscribe<\/a>/.exec(mail!.html);
    expect(line, mail!.html).not.toBeNull();
    expect(line![1]!.startsWith(`${proxy.url}/s/unsubscribe/${messageId}/`)).toBe(true);
    // The link works for the recipient: its page answers (GET changes nothing).
    expect((await fetch(line![1]!.replaceAll('&amp;', '&'))).status).toBe(200);
  });

  it('shows the five signature links on the options page', async () => {
    const options = await OptionsPage.open(session.browser);
    const text = await until(async () => {
      const body = await pageText(options.page);
      return body.includes('Signature links') && body.includes(`${proxy.url}/s/stop-tracking`) && body;
    }, 'the signature links');
    for (const slug of SIGNATURE_SLUGS) expect(text).toContain(`${proxy.url}/s/${slug}`);
    expect(text).toMatch(/Gmail: Settings/);
    expect(text).toMatch(/Outlook: Settings/);
    await options.page.close();
  });

  // The opt-out list as an admin: the browser connects with the admin's token from here on.
  const connectAsAdmin = async () => {
    const options = await OptionsPage.open(session.browser);
    await options.connect(proxy.url, worker.adminToken);
    return options;
  };

  it('lets an admin require a lawful basis: compose names the rule, and a basis recorded by hand lets the mail through', async () => {
    const client = `client-${browserName}-${Date.now()}@example.org`;
    const options = await connectAsAdmin();
    await options.toggleOrganisationRule('Treat contacts without a lawful basis as Do Not Contact');
    try {
      const mailbox = `${browserName}-no-basis-${Date.now()}`;
      const gmail = await GmailPage.open(session.browser, mailbox);
      const dialog = await gmail.compose({ to: [client], subject: 'Renewal', body: 'Your contract.' });
      expect(await gmail.toolbarText(dialog, 'Opted out')).toContain(`${client} No lawful basis recorded (EU rule of your organisation)`);
      await gmail.clickSend(dialog);
      expect(await gmail.toolbarText(dialog, 'Not sent')).toContain(`${client} (No lawful basis recorded (EU rule of your organisation))`);

      const optOuts = await OptOutsPage.open(session.browser);
      expect(await optOuts.recordLawfulBasis({ email: client, basis: 'Contract', note: 'Service contract 2026-114' })).toBe(`${client}: Contract recorded (Organisation-wide).`);

      const recorded = `${browserName}-basis-${Date.now()}`;
      const after = await GmailPage.open(session.browser, recorded);
      const again = await after.compose({ to: [client], subject: 'Renewal', body: 'Your contract.' });
      await after.clickSend(again);
      const [mail] = await sentMail(recorded);
      expect(mail!.to).toEqual([client]);
    } finally {
      await asAdmin('/api/settings', { method: 'PUT', body: JSON.stringify({ requireLawfulBasis: false }) });
    }
  });
  it('shows an admin whose each opt-out is, in the owner\'s words, and filters by owner', async () => {
    const stamp = `owner${Date.now()}`;
    const optOut = (token: string, email: string, scope: string) =>
      fetch(`${worker.url}/api/suppressions`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ email, doNotContact: 'no_email', scope }) });
    const [senders, admins, everyones] = [`${stamp}-a@example.org`, `${stamp}-b@example.org`, `${stamp}-c@example.org`];
    expect((await optOut(worker.senderToken, senders, 'sender')).status).toBe(201);
    expect((await optOut(worker.adminToken, admins, 'sender')).status).toBe(201);
    expect((await optOut(worker.adminToken, everyones, 'organisation')).status).toBe(201);

    await connectAsAdmin();
    const optOuts = await OptOutsPage.open(session.browser);
    await optOuts.page.type('input[type=search]', stamp);
    const rows = await optOuts.untilAddresses([senders, admins, everyones]);
    expect(Object.fromEntries(rows.map((row) => [row.Address, row.Whose]))).toEqual({
      // Another sender's opt-out names them, never "You only".
      [senders]: `sender-${browserName}@example.com`,
      [admins]: `You (admin-${browserName}@example.com)`,
      [everyones]: 'Whole organisation',
    });
    const choices = await optOuts.choose('Show the opt-outs of', `sender-${browserName}@example.com`);
    expect(choices.slice(0, 3)).toEqual(['Everyone you may see', 'You', 'Whole organisation']);
    await optOuts.untilAddresses([senders]);
    await optOuts.choose('Show the opt-outs of', 'You');
    await optOuts.untilAddresses([admins]);
    await optOuts.choose('Show the opt-outs of', 'Whole organisation');
    await optOuts.untilAddresses([everyones]);
  });
}
