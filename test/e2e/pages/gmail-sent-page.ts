import type { E2EPage } from '../support/browsers.ts';
import { until } from '../support/wait.ts';

/** What a person sees of one Sent row: its subject, which list it is in, and our mark. */
export interface SentRowSeen {
  subject: string;
  inMain: boolean;
  /** The mark's accessible name ("Opened once", "Only machine opens so far…"), or null. */
  mark: string | null;
  /** The mark's visible text: "✓" and the open count under it. */
  markText: string | null;
}

/** The Gmail fixture's Sent folder (#sent), in the page a GmailPage already opened. */
export class GmailSentPage {
  constructor(readonly page: E2EPage) {}

  async open(): Promise<void> {
    await this.page.evaluate(() => {
      location.hash = '#sent';
    }, null);
    await until(() => this.page.evaluate(() => document.querySelectorAll('div[role=main] tr.zA').length > 0, null), 'the Sent list');
  }

  async rows(): Promise<SentRowSeen[]> {
    return this.page.evaluate(() => {
      const main = document.querySelector('div[role=main]');
      return [...document.querySelectorAll('tr.zA')].map((row) => {
        const mark = row.querySelector('[data-smart-links-mark]');
        return {
          subject: row.querySelector('span.bog')?.textContent ?? '',
          inMain: main?.contains(row) ?? false,
          mark: mark?.getAttribute('aria-label') ?? null,
          markText: mark?.textContent ?? null,
        };
      });
    }, null);
  }

  /** Waits until the main list's row with this subject carries a mark; the marks arrive through the background. */
  async untilMarked(subject: string): Promise<SentRowSeen[]> {
    let last: SentRowSeen[] = [];
    return until(async () => {
      last = await this.rows();
      if (last.some((row) => row.inMain && row.subject === subject && row.mark !== null)) return last;
      // Not yet: go to the inbox and back, as a person would, so the list is drawn and asked for again.
      await this.page.evaluate(() => {
        location.hash = '#inbox';
      }, null);
      await this.open();
      return null;
    }, `a mark on the Sent row "${subject}"`, 30_000).catch((err: unknown) => {
      throw new Error(`${String(err)}; rows: ${JSON.stringify(last)}`);
    });
  }
}
