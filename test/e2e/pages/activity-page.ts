import type { E2EBrowser, E2EPage } from '../support/browsers.ts';
import { until } from '../support/wait.ts';

/** One row of a message's event list on the activity page: its words, class and reason. */
export type EventRowSeen = string[];

/** The activity page at one message's detail: where a click on a notification leads (`#message=<id>`). */
export class ActivityDetailPage {
  private constructor(readonly page: E2EPage) {}

  static async open(browser: E2EBrowser, messageId: string): Promise<ActivityDetailPage> {
    return new ActivityDetailPage(await browser.newPage(browser.extensionUrl(`/activity.html#message=${encodeURIComponent(messageId)}`)));
  }

  /** Waits for the detail to load, then its heading (the subject) and the events' cells after the time. */
  async shown(): Promise<{ subject: string; events: EventRowSeen[] }> {
    return until(() => this.page.evaluate(() => {
      const table = document.querySelector('table.events');
      if (!table) return null;
      return {
        subject: document.querySelector('h1')?.textContent ?? '',
        events: [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].slice(1).map((td) => td.textContent ?? '')),
      };
    }, null), 'the message detail');
  }
}
