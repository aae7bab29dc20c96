import { afterAll, beforeAll, inject } from 'vitest';
import { OptionsPage } from '../pages/options-page.ts';
import { launch, type E2EBrowser } from './browsers.ts';

export interface BrowserSession {
  readonly browser: E2EBrowser;
  workerUrl: string;
  /** The token the extension is connected with. */
  token: string;
  /**
   * The test's own request to the Worker's API, as the sender (JSON bodies), with another token
   * of that sender than the extension's: its polling while it waits spends its own rate limit.
   */
  api(path: string, init?: RequestInit): Promise<Response>;
}

/**
 * This test worker's tokens of the browser's sender: files running side by side never share one,
 * and the test's own polling (`observer`) never spends the rate limit of the extension it watches.
 */
export function senderToken(browserName: 'chromium' | 'firefox', role: 'extension' | 'observer' = 'extension'): string {
  const tokens = inject('senderTokens')[browserName];
  return tokens[((Number(process.env.VITEST_POOL_ID ?? 1) - 1) * 2 + (role === 'observer' ? 1 : 0)) % tokens.length]!;
}

/**
 * One browser for a whole spec file (launched before its tests, closed after), with the real
 * Worker's URL and this browser's sender token; `connected` also saves them in the options page.
 */
export function useBrowser(browserName: 'chromium' | 'firefox', options: { connected?: boolean } = {}): BrowserSession {
  let browser: E2EBrowser | undefined;
  const workerUrl = inject('workerUrl');
  const apiToken = senderToken(browserName, 'observer');
  const session = {
    get browser(): E2EBrowser {
      if (!browser) throw new Error('the browser is not launched yet');
      return browser;
    },
    workerUrl,
    token: senderToken(browserName),
    api: (path: string, init: RequestInit = {}) =>
      fetch(`${workerUrl}${path}`, { ...init, headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' } }),
  };
  beforeAll(async () => {
    browser = await launch(browserName);
    if (options.connected) await (await OptionsPage.open(browser)).connect(session.workerUrl, session.token);
  });
  afterAll(async () => {
    await browser?.close();
  });
  return session;
}
