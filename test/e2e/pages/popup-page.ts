import type { E2EBrowser, E2EPage } from '../support/browsers.ts';
import { pageText, until } from '../support/wait.ts';

/** The toolbar popup, opened as a tab (same document, same code). */
export class PopupPage {
  private constructor(
    readonly page: E2EPage,
    private readonly url: string,
  ) {}

  static async open(browser: E2EBrowser): Promise<PopupPage> {
    const url = browser.extensionUrl('/popup.html');
    return new PopupPage(await browser.newPage(url), url);
  }

  /** Re-opens the popup until it lists `text`: hits reach the Worker asynchronously. */
  async untilShows(text: string): Promise<string> {
    let last = '';
    return until(async () => {
      await this.page.goto(this.url);
      const shown = await until(async () => {
        const body = await pageText(this.page);
        return !body.includes('Loading') && body;
      }, 'the popup to load');
      last = shown;
      return shown.includes(text) && shown;
    }, `the popup to show "${text}"`, 30_000).catch((err: unknown) => {
      throw new Error(`${String(err)}; it showed: ${last.slice(0, 500)}`);
    });
  }
}
