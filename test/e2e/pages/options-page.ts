import type { E2EBrowser, E2EPage } from '../support/browsers.ts';
import { markByName, until, untilText } from '../support/wait.ts';

/** The extension's options page, driven by its accessible names (docs/contract.md). */
export class OptionsPage {
  private constructor(readonly page: E2EPage) {}

  static async open(browser: E2EBrowser): Promise<OptionsPage> {
    const page = await browser.newPage(browser.extensionUrl('/options.html'));
    return new OptionsPage(page);
  }

  /** Enters the connection (replacing one saved before) and saves it. */
  async connect(workerUrl: string, apiToken: string): Promise<void> {
    // The page fills in a saved connection once storage answers (the defaults show then): typing
    // starts after that, into fields emptied as a person does, so the page's state is empty too
    // (it would put the saved value back on its next render).
    await untilText(this.page, 'Tracking defaults');
    const fields = [await markByName(this.page, 'textbox', 'Worker URL'), await markByName(this.page, 'textbox', 'API token')] as const;
    await this.page.evaluate((selectors) => selectors.forEach((selector) => {
      const input = document.querySelector<HTMLInputElement>(selector)!;
      input.value = '';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }), [...fields]);
    await this.page.type(fields[0], workerUrl);
    await this.page.type(fields[1], apiToken);
    await this.page.click(await markByName(this.page, 'button', 'Save'));
    const outcome = await until(
      () => this.page.evaluate((fields) => {
        const status = document.querySelector('form + [aria-live] > [role=status], form + [aria-live] > [role=alert]')?.textContent ?? '';
        return status && `${status} (${fields.map((f) => document.querySelector<HTMLInputElement>(f)!.value.length).join(' and ')} characters typed)`;
      }, [...fields]),
      'the connection to be checked',
    );
    if (!outcome.startsWith('Connection OK')) throw new Error(`Not connected: ${outcome}`);
  }

  /** Types the domains never tracked, one per line, and leaves the box (which saves it). */
  async neverTrack(domains: string[]): Promise<void> {
    // Typed once the saved settings show (see connect): else their arrival would replace it.
    await untilText(this.page, 'Tracking defaults');
    const box = await markByName(this.page, 'textbox', 'Domains never tracked (one per line)');
    await this.page.evaluate((box) => {
      const area = document.querySelector<HTMLTextAreaElement>(box)!;
      area.focus();
      area.select();
    }, box);
    await this.page.typeText(domains.join('\n'));
    await this.page.press(['Tab']);
  }

  /** Turns an admin's switch of the organisation's rules (its label's words) and waits until it is saved. */
  async toggleOrganisationRule(label: string): Promise<void> {
    await untilText(this.page, label);
    const mark = await this.page.evaluate((label) => {
      const input = [...document.querySelectorAll('label')].find((node) => node.textContent?.trim() === label)!.querySelector('input')!;
      input.setAttribute('data-e2e', 'organisation-rule');
      return '[data-e2e="organisation-rule"]';
    }, label);
    await this.page.click(mark);
    await untilText(this.page, 'Saved for the whole organisation.');
  }
}
