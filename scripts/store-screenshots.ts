// The four 1280×800 screenshots the store listings show (docs/store/screenshots/): the popup, the
// compose toolbar with its Smart Links menu open in the Gmail fixture, the activity page and a
// Smart Link page. Called by scripts/screenshots.ts with its sample data.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { FIXTURE_HOSTS, startFixtureServer } from '../test/e2e/support/fixture-server.ts';
import { ROOT } from './lib/wrangler.ts';

const OUT = join(ROOT, 'docs/store/screenshots');
/** Both stores take 1280×800 (Chrome also 640×400; AMO any size). */
const STORE_SIZE = { width: 1280, height: 800 };

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(OUT, `${name}.png`) });
  console.log(`docs/store/screenshots/${name}.png`);
}

/** A view smaller than the store's size (the popup), centred on a plain background with a caption. */
async function staged(page: Page, shot: Buffer, caption: string, name: string): Promise<void> {
  await page.goto('about:blank');
  await page.evaluate(({ src, caption }) => {
    document.body.style.cssText =
      'margin:0;height:100vh;display:flex;flex-direction:column;align-items:center;justify-content:center;gap:28px;background:#e8edf5;font:600 28px system-ui,sans-serif;color:#1a1a1a';
    const title = document.createElement('p');
    title.style.margin = '0';
    title.textContent = caption;
    const image = document.createElement('img');
    image.style.cssText = 'border-radius:12px;border:1px solid #c5ccd8;box-shadow:0 12px 40px rgba(0,0,0,.18)';
    image.src = src;
    document.body.append(title, image);
    return image.decode();
  }, { src: `data:image/png;base64,${shot.toString('base64')}`, caption });
  await shoot(page, name);
}

export async function takeStoreScreenshots(options: { extension: string; worker: { url: string; token: string }; smartLinkUrl: string }): Promise<void> {
  const fixtures = await startFixtureServer();
  const profile = mkdtempSync(join(tmpdir(), 'store-screenshots-'));
  const { extension } = options;
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: false, locale: 'en-US', viewport: STORE_SIZE, ignoreHTTPSErrors: true,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--lang=en-US',
      `--disable-extensions-except=${extension}`, `--load-extension=${extension}`,
      // The webmail fixtures answer for the real host names.
      `--host-resolver-rules=${FIXTURE_HOSTS.map((host) => `MAP ${host} 127.0.0.1:${fixtures.httpsPort}`).join(', ')}`, '--ignore-certificate-errors'],
  });
  try {
    mkdirSync(OUT, { recursive: true });
    const serviceWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const base = `chrome-extension://${new URL(serviceWorker.url()).host}`;
    const page = await context.newPage();
    await page.goto(`${base}/options.html`);
    await page.getByLabel('Worker URL').fill(options.worker.url);
    await page.getByLabel('API token').fill(options.worker.token);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Connection OK').waitFor();

    await page.setViewportSize({ width: 400, height: 520 });
    await page.goto(`${base}/popup.html`);
    await page.getByText('Clicked https://example.org/proposal.pdf').waitFor();
    const popup = await page.screenshot();
    await page.setViewportSize(STORE_SIZE);
    await staged(page, popup, 'Every open and click, and who it really was', 'popup');

    // The fixture imitates Gmail's behaviour, not its looks: the compose alone, enlarged, is the picture.
    await page.goto('https://mail.google.com/mail/u/0/?mbx=store#inbox');
    await page.evaluate(() => document.documentElement.style.setProperty('zoom', '1.5'));
    await page.locator('#compose-button').click();
    const compose = page.locator('[role=dialog]').last();
    await compose.getByLabel('To recipients').fill('dee@example.org');
    await compose.getByLabel('To recipients').press('Enter');
    await compose.locator('input[name=subjectbox]').fill('Our spring newsletter');
    await compose.locator('[g_editable=true]').fill('Hello Dee, here is what is new this spring. If you would rather not hear from us, tell us here.');
    // Playwright's locators reach into the toolbar's open shadow root.
    await compose.locator('[data-smartlinks-toolbar] button[aria-haspopup=menu]').click();
    await compose.locator('[data-smartlinks-toolbar] [role=menu]').waitFor();
    const composeShot = await compose.screenshot();
    await staged(page, composeShot, 'Smart Links and tracking, right next to Send', 'compose-smart-links');

    await page.goto(`${base}/activity.html`);
    await page.getByRole('link', { name: 'Proposal for the Lisbon office' }).waitFor();
    await shoot(page, 'activity');

    await page.goto(options.smartLinkUrl);
    await page.getByRole('button').first().waitFor();
    await shoot(page, 'smart-link-page');
  } finally {
    await context.close();
    await fixtures.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
