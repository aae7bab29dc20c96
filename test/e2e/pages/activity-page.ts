import type { E2EBrowser, E2EPage } from '../support/browsers.ts';
import { reloadFresh, until } from '../support/wait.ts';

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

/** One message as the activity list shows it. */
export interface ListedMessageSeen {
  subject: string;
  opens: string;
  clicks: string;
  /** The verdict's words ("Opened (unreliable: Gmail proxy)"). */
  status: string;
  /** Its look: the status (`opened`, `opened_unreliable`…) named by the badge's class. */
  statusKind: string;
}

/** The activity page's list of every tracked message (`activity.html`). */
export class ActivityListPage {
  private constructor(
    readonly page: E2EPage,
    private readonly url: string,
  ) {}

  static async open(browser: E2EBrowser): Promise<ActivityListPage> {
    const url = browser.extensionUrl('/activity.html');
    return new ActivityListPage(await browser.newPage(url), url);
  }

  async rows(): Promise<ListedMessageSeen[]> {
    return this.page.evaluate(() => [...document.querySelectorAll('table.grid tbody tr[data-message-id]')].map((tr) => {
      const cells = [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '');
      const badge = tr.querySelector('.badge');
      return {
        subject: cells[0] ?? '', opens: cells[3] ?? '', clicks: cells[4] ?? '', status: badge?.textContent ?? '',
        statusKind: [...(badge?.classList ?? [])].find((name) => name !== 'badge') ?? '',
      };
    }), null);
  }

  /** Reloads the list until the message with this subject has the verdict `words` (hits arrive through a queue). */
  async untilStatus(subject: string, words: string): Promise<ListedMessageSeen> {
    let last: ListedMessageSeen[] = [];
    return until(async () => {
      await reloadFresh(this.page, this.url);
      last = await until(async () => {
        const rows = await this.rows();
        return rows.length > 0 && rows;
      }, 'the activity list');
      return last.find((row) => row.subject === subject && row.status === words) ?? null;
    }, `"${words}" for "${subject}" in the activity list`, 30_000).catch((err: unknown) => {
      throw new Error(`${String(err)}; rows: ${JSON.stringify(last.filter((row) => row.subject === subject))}`);
    });
  }
}
