// npm run screenshots (node scripts/screenshots.ts): the popup, the activity page and the opt-out
// list as a person sees them, with realistic data on a fresh local Worker, saved in
// docs/screenshots/. Headless Chromium with the built extension, as the E2E drive it
// (test/e2e/support/browsers.ts). Then the store listings' screenshots (scripts/store-screenshots.ts).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import type { LinkKey } from '../shared/crypto/mac.ts';
import { mintMessageId } from '../shared/tracking/message-id.ts';
import { startLocalWorker } from './bench/_local-worker.ts';
import { buildEnv, ROOT } from './lib/wrangler.ts';
import { takeStoreScreenshots } from './store-screenshots.ts';

const OUT = join(ROOT, 'docs/screenshots');
const WHO = {
  reader: { 'user-agent': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15', 'cf-connecting-ip': '203.0.113.9' },
  gmailProxy: { 'user-agent': 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)', 'cf-connecting-ip': '66.249.93.84' },
  appleMail: { 'user-agent': 'Mozilla/5.0', 'cf-connecting-ip': '104.28.28.10' },
  scanner: { 'user-agent': 'Barracuda Sentinel (EE)', 'cf-connecting-ip': '198.51.100.20' },
};

const worker = await startLocalWorker();
const out = mkdtempSync(join(tmpdir(), 'screenshots-build-'));
const profile = mkdtempSync(join(tmpdir(), 'screenshots-profile-'));
try {
  const auth = { authorization: `Bearer ${worker.token}`, 'content-type': 'application/json' };
  const account = (await (await fetch(`${worker.url}/api/me`, { headers: auth })).json()) as { email: string; role: string; linkKey: LinkKey };
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
  const register = async (subject: string, to: string[], sentMinutesAgo: number, links: string[] = []) => {
    const id = mintMessageId(account.linkKey);
    const res = await fetch(`${worker.url}/api/messages`, {
      method: 'POST', headers: auth,
      body: JSON.stringify({ id, from: account.email, subject, to, massMail: false, tracked: true, links: links.map((url, index) => ({ index, url })), sentAt: minutesAgo(sentMinutesAgo) }),
    });
    return (await res.json()) as { id: string; pixelUrl: string; links: { trackedUrl: string }[]; smartLinks: { unsubscribe: string; preferences: string } };
  };
  const hit = (url: string, who: Record<string, string>) => fetch(url, { headers: who, redirect: 'manual' });

  const proposal = await register('Proposal for the Lisbon office', ['ana.silva@example.org'], 180, ['https://example.org/proposal.pdf']);
  const invoice = await register('Invoice 2026-114', ['accounts@example.net'], 600);
  const offsite = await register('Team offsite: dates', ['bo@example.com', 'cy@example.com'], 1500);
  const lunch = await register('Lunch next week?', ['dee@example.org'], 5000);
  // Opened in Gmail: only Google's image proxy was seen, so the open is counted, flagged unreliable.
  const pricing = await register('Pricing questions', ['gus@example.com'], 90);
  await hit(pricing.pixelUrl, WHO.gmailProxy);
  await hit(pricing.smartLinks.unsubscribe, WHO.scanner);
  await hit(proposal.pixelUrl, WHO.gmailProxy);
  await hit(proposal.pixelUrl, WHO.reader);
  await hit(proposal.links[0]!.trackedUrl, WHO.reader);
  await hit(invoice.pixelUrl, WHO.scanner);
  await hit(offsite.pixelUrl, WHO.appleMail);
  await hit(offsite.pixelUrl, WHO.reader);
  // One-click unsubscribe (RFC 8058) needs a message with one recipient.
  await fetch(proposal.smartLinks.unsubscribe, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
  void lunch;
  for (const [email, doNotContact, scope] of [['eve@example.org', 'no_email', 'organisation'], ['frank@example.net', 'no_mass_email', 'sender'], ['gina@example.com', 'no_contact', 'organisation']] as const) {
    await fetch(`${worker.url}/api/suppressions`, { method: 'POST', headers: auth, body: JSON.stringify({ email, doNotContact, scope }) });
  }
  // The queue consumer writes hits a moment later.
  for (let i = 0; i < 100; i++) {
    const { events } = (await (await fetch(`${worker.url}/api/events`, { headers: auth })).json()) as { events: unknown[] };
    if (events.length >= 10) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const built = spawnSync(`${ROOT}node_modules/.bin/wxt`, ['build'], { cwd: ROOT, env: { ...buildEnv, WXT_OUT_DIR: out }, stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) throw new Error('wxt build failed');
  const extension = join(out, 'chrome-mv3');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: false, locale: 'en-US',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--lang=en-US',
      `--disable-extensions-except=${extension}`, `--load-extension=${extension}`],
  });
  const serviceWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const base = `chrome-extension://${new URL(serviceWorker.url()).host}`;
  const page = await context.newPage();
  await page.goto(`${base}/options.html`);
  await page.getByLabel('Worker URL').fill(worker.url);
  await page.getByLabel('API token').fill(worker.token);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Connection OK').waitFor();
  mkdirSync(OUT, { recursive: true });
  const shoot = async (target: Page, name: string, fullPage = true) => {
    await target.screenshot({ path: join(OUT, `${name}.png`), fullPage });
    console.log(`docs/screenshots/${name}.png`);
  };
  await page.setViewportSize({ width: 900, height: 900 });
  await shoot(page, 'options');

  // The popup as a 400 px wide page: the same document the toolbar shows.
  await page.setViewportSize({ width: 400, height: 560 });
  await page.goto(`${base}/popup.html`);
  await page.getByText('Recent activity').waitFor();
  await page.getByText('Clicked https://example.org/proposal.pdf').waitFor();
  await shoot(page, 'popup', false);
  await page.getByRole('button', { name: /Show machine activity/ }).click();
  await page.getByText('Security scanner looked at the Unsubscribe page (nothing changed)').waitFor();
  await shoot(page, 'popup-machines', false);

  await page.setViewportSize({ width: 1200, height: 720 });
  await page.goto(`${base}/activity.html`);
  await page.getByRole('link', { name: 'Proposal for the Lisbon office' }).waitFor();
  await shoot(page, 'activity');
  await page.getByRole('link', { name: 'Proposal for the Lisbon office' }).click();
  await page.getByText("Recipients' choices").waitFor();
  await page.getByRole('button', { name: 'Show ledger of ana.silva@example.org' }).click();
  await page.getByText('One-click unsubscribe (mail app)').first().waitFor();
  await shoot(page, 'activity-detail');

  // Gmail's Sent folder with the marks: the E2E fixture page, served here on its real host name,
  // listing the messages registered above (subject, recipients, send time) as sent.
  const fixtures = join(ROOT, 'test/e2e/fixtures/gmail');
  const sentLog = [
    { subject: 'Proposal for the Lisbon office', to: ['ana.silva@example.org'], at: minutesAgo(180) },
    { subject: 'Invoice 2026-114', to: ['accounts@example.net'], at: minutesAgo(600) },
    { subject: 'Team offsite: dates', to: ['bo@example.com', 'cy@example.com'], at: minutesAgo(1500) },
    { subject: 'Lunch next week?', to: ['dee@example.org'], at: minutesAgo(5000) },
    { subject: 'Pricing questions', to: ['gus@example.com'], at: minutesAgo(90) },
  ].sort((a, b) => a.at.localeCompare(b.at));
  await context.route('https://mail.google.com/**', (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/__fixture/sent') return route.fulfill({ json: sentLog });
    const file = url.pathname.startsWith('/__fixture/gmail/') ? url.pathname.slice('/__fixture/gmail/'.length) : 'index.html';
    const type = { html: 'text/html; charset=utf-8', js: 'text/javascript', css: 'text/css' }[file.split('.').pop()!] ?? 'text/plain';
    return route.fulfill({ body: readFileSync(join(fixtures, file)), contentType: type });
  });
  const gmail = await context.newPage();
  await gmail.setViewportSize({ width: 560, height: 215 });
  await gmail.goto('https://mail.google.com/mail/u/0/?mbx=screenshots#sent');
  await gmail.locator('div[role=main] [data-smart-links-mark=opened_unreliable]').waitFor();
  await gmail.locator('div[role=main] [data-smart-links-mark=machine]').waitFor();
  await shoot(gmail, 'sent-marks', false);
  await gmail.close();

  await page.setViewportSize({ width: 1200, height: 900 });
  await page.goto(`${base}/opt-outs.html`);
  await page.getByText('eve@example.org').waitFor();
  const csv = join(profile, 'opt-outs.csv');
  writeFileSync(csv, 'email,doNotContact,scope\nhal@example.org,no_email,\nnot-an-address,no_email,\nivy@example.org,maybe,\njon@example.org,no_contact,sender\n');
  await page.getByLabel('CSV file').setInputFiles(csv);
  await page.getByRole('button', { name: 'Import' }).click();
  await page.getByText('Rejected rows').waitFor();
  await shoot(page, 'opt-outs');
  await context.close();

  // The same popup in German: the browser's UI language picks the extension's (@wxt-dev/i18n).
  const germanProfile = join(profile, 'de');
  const german = await chromium.launchPersistentContext(germanProfile, {
    executablePath: '/usr/bin/chromium', headless: false, locale: 'de-DE', env: { ...process.env, LANGUAGE: 'de', LANG: 'de_DE.UTF-8' },
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--lang=de',
      `--disable-extensions-except=${extension}`, `--load-extension=${extension}`],
  });
  const germanWorker = german.serviceWorkers()[0] ?? (await german.waitForEvent('serviceworker'));
  const germanBase = `chrome-extension://${new URL(germanWorker.url()).host}`;
  const germanPage = await german.newPage();
  await germanPage.goto(`${germanBase}/options.html`);
  await germanPage.getByLabel('Worker-URL').fill(worker.url);
  await germanPage.getByLabel('API-Token').fill(worker.token);
  await germanPage.getByRole('button', { name: 'Speichern' }).click();
  await germanPage.getByText('Verbindung OK').waitFor();
  await germanPage.setViewportSize({ width: 400, height: 560 });
  await germanPage.goto(`${germanBase}/popup.html`);
  await germanPage.getByText('Letzte Aktivitäten').waitFor();
  await shoot(germanPage, 'popup-de', false);
  await german.close();

  await takeStoreScreenshots({ extension, worker, smartLinkUrl: proposal.smartLinks.preferences });
} finally {
  worker.stop();
  rmSync(out, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
}
