import type { E2EBrowser, E2EPage } from '../support/browsers.ts';
import { markByName, untilText } from '../support/wait.ts';

/** The extension's options page, driven by its accessible names (docs/contract.md). */
export class OptionsPage {
  private constructor(readonly page: E2EPage) {}

  static async open(browser: E2EBrowser): Promise<OptionsPage> {
    const page = await browser.newPage(browser.extensionUrl('/options.html'));
    return new OptionsPage(page);
  }

  async connect(workerUrl: string, apiToken: string): Promise<void> {
    await this.page.type(await markByName(this.page, 'textbox', 'Worker URL'), workerUrl);
    await this.page.type(await markByName(this.page, 'textbox', 'API token'), apiToken);
    await this.page.click(await markByName(this.page, 'button', 'Save'));
    await untilText(this.page, 'Connection OK');
  }

  /** Types the domains never tracked, one per line, and leaves the box (which saves it). */
  async neverTrack(domains: string[]): Promise<void> {
    const box = await markByName(this.page, 'textbox', 'Domains never tracked (one per line)');
    await this.page.evaluate((box) => {
      const area = document.querySelector<HTMLTextAreaElement>(box)!;
      area.focus();
      area.select();
    }, box);
    await this.page.typeText(domains.join('\n'));
    await this.page.press(['Tab']);
  }
}
