import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { GmailPage } from './pages/gmail-page.ts';
import { OptionsPage } from './pages/options-page.ts';
import { launchChromium, type E2EBrowser } from './support/browsers.ts';
import { pixelUrls, sentMail } from './support/sent-log.ts';
import { switchableProxy } from './support/switchable-proxy.ts';
import { senderToken } from './support/use-browser.ts';
import { until } from './support/wait.ts';

/** The registrations the extension still holds, read from its own storage in one of its pages. */
async function queuedIds(browser: E2EBrowser): Promise<string[]> {
  const page = await browser.newPage(browser.extensionUrl('/options.html'));
  try {
    return await page.evaluate(async () => {
      type Storage = { local: { get(key: string): Promise<{ registrationQueue?: { id: string }[] }> } };
      const stored = await (globalThis as unknown as { chrome: { storage: Storage } }).chrome.storage.local.get('registrationQueue');
      return (stored.registrationQueue ?? []).map((registration) => registration.id);
    }, null);
  } finally {
    await page.close();
  }
}

// Chromium only: a Firefox temporary add-on does not keep its storage across a restart.
describe('Chromium: the registration queue', () => {
  const profile = mkdtempSync(join(tmpdir(), 'e2e-restart-'));
  afterAll(() => rmSync(profile, { recursive: true, force: true }));

  it('keeps a registration through an unreachable Worker and a browser restart, and delivers it once', async () => {
    const workerUrl = inject('workerUrl');
    const token = senderToken('chromium');
    const apiToken = senderToken('chromium', 'observer');
    const proxy = await switchableProxy(Number(new URL(workerUrl).port));
    const registration = async () => {
      const res = await fetch(`${workerUrl}/api/messages/${messageId}`, { headers: { authorization: `Bearer ${apiToken}` } });
      return res.status;
    };
    let browser = await launchChromium({ profile });
    let messageId = '';
    try {
      await (await OptionsPage.open(browser)).connect(proxy.url, token);
      await proxy.stop(); // the Worker is unreachable from now on
      const mailbox = `chromium-restart-${Date.now()}`;
      const gmail = await GmailPage.open(browser, mailbox);
      const dialog = await gmail.compose({ to: ['ivy@example.org'], subject: 'Sent offline', body: 'Queued.', link: { text: 'z', href: 'https://example.org/z' } });
      await gmail.clickSend(dialog);
      // A recipient that could not be checked holds the first Send; the second one goes.
      await gmail.toolbarText(dialog, 'could not be checked (');
      await gmail.clickSend(dialog);
      const [mail] = await sentMail(mailbox);
      messageId = pixelUrls(mail!.html, proxy.url)[0]!.split('/o/')[1]!;
      await until(async () => (await queuedIds(browser)).includes(messageId), 'the registration to be queued');
      expect(await registration()).toBe(404);
    } finally {
      await browser.close();
    }

    await proxy.start();
    browser = await launchChromium({ profile });
    try {
      await until(async () => (await registration()) === 200, 'the queued registration to reach the Worker after the restart');
      await until(async () => (await queuedIds(browser)).length === 0, 'the queue to empty');
      const res = await fetch(`${workerUrl}/api/messages/${messageId}`, { headers: { authorization: `Bearer ${apiToken}` } });
      expect(await res.json()).toMatchObject({ subject: 'Sent offline', to: ['ivy@example.org'], stats: { hits: 0 } });
    } finally {
      await browser.close();
      await proxy.stop();
    }
  });
});
