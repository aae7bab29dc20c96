import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page as PlaywrightPage } from 'playwright-core';
import puppeteer, { type Page as PuppeteerPage } from 'puppeteer-core';
import { inject } from 'vitest';
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
  /** A real click on an element inside the open shadow root of `host` (our compose toolbar). */
  clickInShadow(host: string, inner: string): Promise<void>;
  press(keys: string[]): Promise<void>;
  /** A real mouse click at viewport coordinates: reaches into about:blank child frames, which selectors cannot. */
  clickAt(x: number, y: number): Promise<void>;
  /** Real key presses into whatever has the focus. */
  typeText(text: string): Promise<void>;
  /** Runs `action` and returns the window it opened (Outlook's pop-out compose is one). */
  popup(action: () => Promise<void>): Promise<E2EPage>;
  close(): Promise<void>;
}

export interface E2EBrowser {
  name: 'chromium' | 'firefox';
  newPage(url: string): Promise<E2EPage>;
  extensionUrl(path: string): string;
  close(): Promise<void>;
}

/** `profile`: a profile directory to reuse (and keep), for a browser restart; else a fresh one. */
export async function launchChromium(options: { profile?: string } = {}): Promise<E2EBrowser> {
  const extension = join(ROOT, '.output/chrome-mv3');
  const profile = options.profile ?? mkdtempSync(join(tmpdir(), 'e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: false,
    ignoreHTTPSErrors: true,
    args: [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-quic',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--disable-extensions-except=${extension}`, `--load-extension=${extension}`,
      // The real host names, answered by the local fixture server.
      `--host-resolver-rules=${FIXTURE_HOSTS.map((host) => `MAP ${host} 127.0.0.1:${inject('fixtureAddress').httpsPort}`).join(', ')}`,
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
      return playwrightPage(page);
    },
    extensionUrl: (path) => `chrome-extension://${extensionId}${path}`,
    async close() {
      await context.close();
      if (!options.profile) rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * A window that opens has the focus, as a person sees it. Headless Firefox sometimes does not give
 * it one whatever we ask; then focus events do not fire in it, so the page objects set the caret
 * themselves rather than rely on them.
 */
async function focused(popup: E2EPage, bringToFront: () => Promise<void>): Promise<E2EPage> {
  await bringToFront();
  await popup.evaluate(() => window.focus(), null);
  return popup;
}

function playwrightPage(page: PlaywrightPage): E2EPage {
  return {
    goto: async (next) => void (await page.goto(next)),
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    type: (selector, text) => page.locator(selector).pressSequentially(text),
    click: (selector) => page.locator(selector).click(),
    // Playwright's CSS engine pierces open shadow roots.
    clickInShadow: (host, inner) => page.locator(host).locator(inner).click(),
    press: (keys) => page.keyboard.press(keys.join('+')),
    clickAt: (x, y) => page.mouse.click(x, y),
    typeText: (text) => page.keyboard.type(text),
    async popup(action) {
      const [opened] = await Promise.all([page.waitForEvent('popup'), action()]);
      return focused(playwrightPage(opened), () => opened.bringToFront());
    },
    close: () => page.close(),
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
      // The real host names, tunnelled to the local fixture server by its CONNECT proxy; plain
      // http (the Worker on loopback) stays direct.
      'network.proxy.type': 1,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': inject('fixtureAddress').proxyPort,
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: uuid }),
      // Headless Firefox has no system notification service and closes every notification at
      // once; Firefox's own alert window keeps it, so notifications.getAll() sees it. That window
      // closes itself after alerts.totalOpenTime (20 s by default), which a busy machine outlasts
      // between a notification and the check of it; ten minutes outlasts any test.
      'alerts.useSystemBackend': false,
      'alerts.totalOpenTime': 600_000,
    },
  });
  await browser.installExtension(join(ROOT, '.output/firefox-mv2'));
  return {
    name: 'firefox',
    async newPage(url) {
      const page = puppeteerPage(await browser.newPage());
      await page.goto(url);
      return page;
    },
    extensionUrl: (path) => `moz-extension://${uuid}${path}`,
    close: () => browser.close(),
  };
}

/**
 * A click as a person makes it: at the element once it holds still where the pointer reaches it.
 * Playwright waits for that by itself; Puppeteer clicks the point it measured, so a page that
 * moves in between (our toolbar joining a compose's row, a recipient turning into a chip) takes
 * the click elsewhere, and nothing says so.
 */
async function steadyClick(page: PuppeteerPage, selector: string): Promise<void> {
  const handle = await page.waitForSelector(selector);
  if (!handle) throw new Error(`No element matches ${selector}`);
  try {
    await handle.scrollIntoView();
    const point = await until(
      () =>
        handle.evaluate(async (element) => {
          const before = element.getBoundingClientRect();
          await new Promise((resolve) => setTimeout(resolve, 50));
          const box = element.getBoundingClientRect();
          const still = box.x === before.x && box.y === before.y && box.width === before.width && box.height === before.height;
          if (!still || box.width === 0 || box.height === 0) return null;
          const x = box.left + box.width / 2;
          const y = box.top + box.height / 2;
          const reached = (element.getRootNode() as Document | ShadowRoot).elementFromPoint(x, y);
          return reached && (reached === element || element.contains(reached)) ? { x, y } : null;
        }),
      `${selector} to hold still where a click reaches it`,
    );
    await page.mouse.click(point.x, point.y);
  } finally {
    await handle.dispose();
  }
}

function puppeteerPage(page: PuppeteerPage): E2EPage {
  return {
    // Over BiDi, a navigation to a moz-extension:// page loads but never reports its end, so
    // start it and wait for the document instead.
    async goto(next) {
      if (!next.startsWith('moz-extension:')) return void (await page.goto(next));
      page.goto(next, { timeout: 0 }).catch(() => undefined);
      await until(
        () => page.evaluate((target) => location.href === target && document.readyState === 'complete', next).catch(() => false),
        `${next} to load`,
      );
    },
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    type: (selector, text) => page.type(selector, text),
    click: (selector) => steadyClick(page, selector),
    // Puppeteer's `>>>` combinator pierces shadow roots.
    clickInShadow: (host, inner) => steadyClick(page, `${host} >>> ${inner}`),
    async press(keys) {
      const modifiers = keys.slice(0, -1);
      for (const key of modifiers) await page.keyboard.down(key as never);
      await page.keyboard.press(keys.at(-1) as never);
      for (const key of modifiers.reverse()) await page.keyboard.up(key as never);
    },
    clickAt: (x, y) => page.mouse.click(x, y),
    typeText: (text) => page.keyboard.type(text),
    async popup(action) {
      const [opened] = await Promise.all([new Promise<PuppeteerPage | null>((resolve) => page.once('popup', resolve)), action()]);
      if (!opened) throw new Error('the pop-up window could not be attached');
      return focused(puppeteerPage(opened), () => opened.bringToFront());
    },
    close: () => page.close(),
  };
}

export function launch(name: 'chromium' | 'firefox'): Promise<E2EBrowser> {
  return name === 'chromium' ? launchChromium() : launchFirefox();
}
