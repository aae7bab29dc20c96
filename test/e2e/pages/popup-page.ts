import type { E2EBrowser, E2EPage } from '../support/browsers.ts';
import { markByName, pageText, reloadFresh, until } from '../support/wait.ts';

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
      await reloadFresh(this.page, this.url);
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

  /** Presses the Silence button of the message with this subject, and waits until it says Silenced. */
  async silence(subject: string): Promise<void> {
    const mark = `e2e-silence-${Math.random().toString(36).slice(2)}`;
    const found = await this.page.evaluate(({ subject, mark }) => {
      const message = [...document.querySelectorAll('li.message')].find((li) => li.querySelector('.subject')?.textContent === subject);
      const button = [...(message?.querySelectorAll('button') ?? [])].find((b) => b.textContent === 'Silence');
      button?.setAttribute('data-e2e', mark);
      return Boolean(button);
    }, { subject, mark });
    if (!found) throw new Error(`No Silence button for "${subject}"`);
    await this.page.click(`[data-e2e="${mark}"]`);
    await until(() => this.page.evaluate((selector) => document.querySelector(selector)?.textContent === 'Silenced', `[data-e2e="${mark}"]`), 'the message to be silenced');
  }

  /** The event words listed under the message with this subject, as shown. */
  async wordsFor(subject: string): Promise<string[]> {
    return this.page.evaluate((subject) => {
      const message = [...document.querySelectorAll('li.message')].find((li) => li.querySelector('.subject')?.textContent === subject);
      return [...(message?.querySelectorAll('.event-words') ?? [])].map((node) => node.textContent ?? '');
    }, subject);
  }

  /** The verdict the popup gives the message with this subject ("Opened (unreliable: Gmail proxy)"), or null. */
  async verdictFor(subject: string): Promise<string | null> {
    return this.page.evaluate((subject) => {
      const message = [...document.querySelectorAll('li.message')].find((li) => li.querySelector('.subject')?.textContent === subject);
      return message?.querySelector('.verdict')?.textContent ?? null;
    }, subject);
  }

  /** Re-opens the popup until the message with this subject has the verdict `words`. */
  async untilVerdictFor(subject: string, words: string): Promise<string> {
    let last: string | null = null;
    return until(async () => {
      await this.untilShows(subject);
      last = await this.verdictFor(subject);
      return last === words && last;
    }, `the verdict "${words}" for "${subject}" in the popup`, 30_000).catch((err: unknown) => {
      throw new Error(`${String(err)}; it said: ${String(last)}`);
    });
  }

  /** Re-opens the popup until the message with this subject lists `words` (hits arrive through a queue). */
  async untilWordsFor(subject: string, words: string): Promise<string[]> {
    return until(async () => {
      await this.untilShows(subject);
      const listed = await this.wordsFor(subject);
      return listed.includes(words) && listed;
    }, `"${words}" under "${subject}" in the popup`, 30_000);
  }

  /** Unfolds the machine activity with the popup's own toggle. */
  async showMachineActivity(): Promise<void> {
    await this.page.click(await markByName(this.page, 'button', await this.page.evaluate(() => [...document.querySelectorAll('button')].find((b) => b.textContent?.startsWith('Show machine activity'))?.textContent ?? 'Show machine activity', null)));
  }
}
