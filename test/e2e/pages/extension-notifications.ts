import type { E2EBrowser, E2EPage } from '../support/browsers.ts';

/** The part of the extension API used here: `browser` in Firefox, `chrome` (promise-based in MV3) in Chromium. */
interface ExtensionApi {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  notifications: { getAll(): Promise<Record<string, unknown>> };
}
type Globals = { browser?: ExtensionApi; chrome?: ExtensionApi };

/**
 * The extension's notifications as the browser holds them, read with notifications.getAll() in
 * an extension page: the same call in Chromium and Firefox, and no OS notification centre needed.
 * The same page asks the background to poll now, instead of waiting for the minute alarm.
 */
export class ExtensionNotifications {
  private constructor(readonly page: E2EPage) {}

  static async open(browser: E2EBrowser): Promise<ExtensionNotifications> {
    // Any extension page has the API; the options page is light and has no side effects of its own.
    return new ExtensionNotifications(await browser.newPage(browser.extensionUrl('/options.html')));
  }

  /** Asks the background to fetch new events and notify, and waits until it has. */
  async pollNow(): Promise<void> {
    await this.page.evaluate(async () => {
      const api = ((globalThis as unknown as Globals).browser ?? (globalThis as unknown as Globals).chrome)!;
      await api.runtime.sendMessage({ type: 'poll-now' });
    }, null);
  }

  /** The ids of the notifications shown now, e.g. `message:<id>:<time>`. */
  async ids(): Promise<string[]> {
    return this.page.evaluate(async () => {
      const api = ((globalThis as unknown as Globals).browser ?? (globalThis as unknown as Globals).chrome)!;
      return Object.keys(await api.notifications.getAll());
    }, null);
  }

  async forMessage(messageId: string): Promise<string[]> {
    return (await this.ids()).filter((id) => id.startsWith(`message:${messageId}:`));
  }
}
