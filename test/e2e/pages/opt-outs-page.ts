import type { E2EBrowser, E2EPage } from '../support/browsers.ts';
import { markByName, until, untilText } from '../support/wait.ts';

/** The extension's opt-out list (`opt-outs.html`), driven by its labels. */
export class OptOutsPage {
  private constructor(readonly page: E2EPage) {}

  static async open(browser: E2EBrowser): Promise<OptOutsPage> {
    const page = await browser.newPage(browser.extensionUrl('/opt-outs.html'));
    await untilText(page, /\d+ contacts?/);
    return new OptOutsPage(page);
  }

  /** The list's rows, each as its cells' text by column heading. */
  rows(): Promise<Record<string, string>[]> {
    return this.page.evaluate(() => {
      const table = document.querySelector('table.grid')!;
      const headings = [...table.querySelectorAll('thead th')].map((th) => th.textContent!.trim());
      return [...table.querySelectorAll('tbody tr')].map((tr) =>
        Object.fromEntries([...tr.querySelectorAll('td')].map((td, i) => [headings[i]!, td.textContent!.trim()])),
      );
    }, null);
  }

  /** Waits until the list shows exactly these addresses (in any order), then returns its rows. */
  async untilAddresses(addresses: string[]): Promise<Record<string, string>[]> {
    const wanted = [...addresses].sort().join();
    return until(async () => {
      const rows = await this.rows().catch(() => []);
      return rows.map((row) => row.Address).sort().join() === wanted && rows;
    }, `the list to show ${wanted}`);
  }

  /** Picks a choice of a labelled select by its words; returns every choice's words. */
  async choose(label: string, words: string): Promise<string[]> {
    return this.page.evaluate(({ label, words }) => {
      const select = [...document.querySelectorAll('label')].find((node) => node.textContent?.trim() === label)!.control as HTMLSelectElement;
      const option = [...select.options].find((o) => o.textContent === words);
      if (!option) throw new Error(`no choice "${words}" in ${label}`);
      select.value = option.value;
      select.dispatchEvent(new Event('change', { bubbles: true }));
      return [...select.options].map((o) => o.textContent ?? '');
    }, { label, words });
  }

  /** Fills "Record a lawful basis" as a person does and submits it; returns what the form says. */
  async recordLawfulBasis(change: { email: string; basis: string; note: string }): Promise<string> {
    const form = 'form:has(#basis-email)';
    await this.page.type(`${form} #basis-email`, change.email);
    await this.choose('Lawful basis', change.basis);
    await this.page.type(`${form} #basis-note`, change.note);
    await this.page.click(await markByName(this.page, 'button', 'Record lawful basis'));
    return until(() => this.page.evaluate((form) => document.querySelector(`${form} [role=status], ${form} [role=alert]`)?.textContent ?? '', form), 'the lawful basis to be recorded');
  }
}
