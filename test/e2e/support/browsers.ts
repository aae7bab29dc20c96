import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { GECKO_ID } from '../../../wxt.config.ts';
import { ROOT } from '../../../scripts/lib/wrangler.ts';
import { FIXTURE_HOSTS } from './fixture-server.ts';
import { until } from './wait.ts';

/** The few page primitives the tests need, the same in Playwright and Puppeteer. */
export interface E2EPage {
  goto(url: string): Promise<void>;
  evaluate<R, A>(fn: (arg: A) => R, arg: A): Promise<Awaited<R>>;
  type(selector: string, text: string): Promise<void>;
  click(selector: string): Promise<void>;
  press(keys: string[]): Promise<void>;
  close(): Promise<void>;
}

export interface E2EBrowser {
  name: 'chromium' | 'firefox';
  newPage(url: string): Promise<E2EPage>;
  extensionUrl(path: string): string;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<E2EBrowser> {
  const extension = join(ROOT, '.output/chrome-mv3');
  const profile = mkdtempSync(join(tmpdir(), 'e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: false,
    ignoreHTTPSErrors: true,
    args: [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-quic',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--disable-extensions-except=${extension}`, `--load-extension=${extension}`,
      // The real host names, answered by the local fixture server.
      `--host-resolver-rules=${FIXTURE_HOSTS.map((host) => `MAP ${host} 127.0.0.1:443`).join(', ')}`,
      '--ignore-certificate-errors',
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  return {
    name: 'chromium',
    async newPage(url) {
      const page = await context.newPage();
      await page.goto(url);
      return {
        goto: async (next) => void (await page.goto(next)),
        evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
        type: (selector, text) => page.locator(selector).pressSequentially(text),
        click: (selector) => page.locator(selector).click(),
        press: (keys) => page.keyboard.press(keys.join('+')),
        close: () => page.close(),
      };
    },
    extensionUrl: (path) => `chrome-extension://${extensionId}${path}`,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function launchFirefox(): Promise<E2EBrowser> {
  // Pinning the add-on's internal UUID gives its pages a known moz-extension:// origin.
  const uuid = crypto.randomUUID();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: '/usr/bin/firefox-esr',
    headless: true,
    acceptInsecureCerts: true,
    // WebDriver BiDi refuses to navigate to moz-extension:// pages without it.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'network.dns.localDomains': FIXTURE_HOSTS.join(','),
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: uuid }),
      // Headless Firefox has no system notification service and closes every notification at
      // once; Firefox's own alert window keeps it (about 20 s), so notifications.getAll() sees it.
      'alerts.useSystemBackend': false,
    },
  });
  await browser.installExtension(join(ROOT, '.output/firefox-mv2'));
  return {
    name: 'firefox',
    async newPage(url) {
      const page = await browser.newPage();
      // Over BiDi, a navigation to a moz-extension:// page loads but never reports its end, so
      // start it and wait for the document instead.
      const goto = async (next: string) => {
        if (!next.startsWith('moz-extension:')) return void (await page.goto(next));
        page.goto(next, { timeout: 0 }).catch(() => undefined);
        await until(
          () => page.evaluate((target) => location.href === target && document.readyState === 'complete', next).catch(() => false),
          `${next} to load`,
        );
      };
      await goto(url);
      return {
        goto,
        evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
        type: (selector, text) => page.type(selector, text),
        click: (selector) => page.click(selector),
        async press(keys) {
          const modifiers = keys.slice(0, -1);
          for (const key of modifiers) await page.keyboard.down(key as never);
          await page.keyboard.press(keys.at(-1) as never);
          for (const key of modifiers.reverse()) await page.keyboard.up(key as never);
        },
        close: () => page.close(),
      };
    },
    extensionUrl: (path) => `moz-extension://${uuid}${path}`,
    close: () => browser.close(),
  };
}

export function launch(name: 'chromium' | 'firefox'): Promise<E2EBrowser> {
  return name === 'chromium' ? launchChromium() : launchFirefox();
}
