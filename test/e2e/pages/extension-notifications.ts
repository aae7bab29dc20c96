import type { E2EBrowser, E2EPage } from '../support/browsers.ts';

/** The part of the extension API used here: `browser` in Firefox, `chrome` (promise-based in MV3) in Chromium. */
interface ExtensionApi {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  notifications: { getAll(): Promise<Record<string, unknown>>; onClosed: { addListener(listener: (id: string) => void): void } };
  storage: { local: { get(key: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> } };
}
type Globals = { browser?: ExtensionApi; chrome?: ExtensionApi; e2eSeenNotifications?: Set<string> };

/**
 * The extension's notifications as the browser holds them, read with notifications.getAll() in
 * an extension page: the same call in Chromium and Firefox, and no OS notification centre needed.
 * The same page asks the background to poll now, instead of waiting for the minute alarm.
 */
export class ExtensionNotifications {
  private constructor(readonly page: E2EPage) {}

  static async open(browser: E2EBrowser): Promise<ExtensionNotifications> {
    // Any extension page has the API; the options page is light and has no side effects of its own.
    const page = await browser.newPage(browser.extensionUrl('/options.html'));
    // Every notification shown from now on, also one gone before the test looked (Firefox has
    // listed one and not a moment later, in whole-suite runs): what getAll() lists, looked at
    // often, and every id the browser reports closed.
    await page.evaluate(() => {
      const globals = globalThis as unknown as Globals;
      const api = (globals.browser ?? globals.chrome)!;
      const seen = (globals.e2eSeenNotifications = new Set<string>());
      api.notifications.onClosed.addListener((id) => seen.add(id));
      setInterval(() => void api.notifications.getAll().then((shown) => Object.keys(shown).forEach((id) => seen.add(id))), 50);
    }, null);
    return new ExtensionNotifications(page);
  }

  /** The ids of every notification shown since this page opened, whether or not it still shows. */
  async everShown(): Promise<string[]> {
    return this.page.evaluate(async () => {
      const globals = globalThis as unknown as Globals;
      const api = (globals.browser ?? globals.chrome)!;
      return [...new Set([...globals.e2eSeenNotifications!, ...Object.keys(await api.notifications.getAll())])];
    }, null);
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

  /**
   * What the message's latest notification says, as the extension keeps it with the burst it
   * shows (Chromium's getAll() gives ids only).
   */
  async wordsFor(messageId: string): Promise<string | null> {
    const state = (await this.stored('notificationState')) as { bursts?: Record<string, { message?: string }> } | undefined;
    return state?.bursts?.[messageId]?.message ?? null;
  }

  /** One value of the extension's own storage (WXT's `local:<key>` items). */
  async stored(key: string): Promise<unknown> {
    return this.page.evaluate(async (key) => {
      const api = ((globalThis as unknown as Globals).browser ?? (globalThis as unknown as Globals).chrome)!;
      return (await api.storage.local.get(key))[key];
    }, key);
  }

  async store(key: string, value: unknown): Promise<void> {
    await this.page.evaluate(async ({ key, value }) => {
      const api = ((globalThis as unknown as Globals).browser ?? (globalThis as unknown as Globals).chrome)!;
      await api.storage.local.set({ [key]: value });
    }, { key, value });
  }
}
