import type { E2EPage } from '../support/browsers.ts';
import { until } from '../support/wait.ts';

/** What a person sees of one Sent row: its subject, whether it is in the list shown, and our mark. */
export interface SentRowSeen {
  subject: string;
  /** In the list shown (Gmail's main list, Outlook's list pane), not a detached copy or a suggestion. */
  inList: boolean;
  /** The mark's accessible name ("Opened · 1 open", "Scanned by a security filter"…), or null. */
  mark: string | null;
  /** The mark's visible text: "✓" and the open count under it. */
  markText: string | null;
  /** Its look: `opened` (a filled check), `opened_unreliable` (outlined), `machine` (grey). */
  markKind: string | null;
  /** Its hover text. */
  markTitle: string | null;
}

/** Where a fixture draws its Sent rows, and how a person goes there and away. */
interface SentFolderClient {
  /** Every row, in the list shown and elsewhere. */
  rows: string;
  subject: string;
  list: string;
  /** Present once the Sent folder is the one shown (before its rows are drawn). */
  shown: string;
  /** A click (Outlook's folder pane) or a hash (Gmail) that opens the Sent folder, and one that leaves it. */
  open: { click: string } | { hash: string };
  leave: { click: string } | { hash: string };
}

const CLIENTS = {
  gmail: { rows: 'tr.zA', subject: 'span.bog', list: 'div[role=main]', shown: 'div[role=main]', open: { hash: '#sent' }, leave: { hash: '#inbox' } },
  outlook: {
    rows: '[role=option][data-convid]', subject: '.TtcXM', list: '[data-app-section=MessageList]', shown: '[data-folder-name=sentitems][aria-selected=true]',
    open: { click: '[role=treeitem][data-folder-name=sentitems]' }, leave: { click: '[role=treeitem][data-folder-name=inbox]' },
  },
} satisfies Record<string, SentFolderClient>;

/** A fixture's Sent folder (Gmail's #sent, Outlook's Sent Items), in the page its page object opened. */
export class SentFolderPage {
  private readonly client: SentFolderClient;

  constructor(readonly page: E2EPage, client: keyof typeof CLIENTS) {
    this.client = CLIENTS[client];
  }

  private async go(to: SentFolderClient['open']): Promise<void> {
    if ('click' in to) await this.page.click(to.click);
    else await this.page.evaluate((hash) => void (location.hash = hash), to.hash);
  }

  async open(): Promise<void> {
    await this.go(this.client.open);
    const { rows, list, shown } = this.client;
    await until(() => this.page.evaluate(({ rows, list, shown }) => document.querySelector(shown) !== null && document.querySelectorAll(`${list} ${rows}`).length > 0, { rows, list, shown }), 'the Sent list');
  }

  async rows(): Promise<SentRowSeen[]> {
    return this.page.evaluate(({ rows, subject, list }) => {
      const shown = document.querySelector(list);
      return [...document.querySelectorAll(rows)].map((row) => {
        const mark = row.querySelector('[data-smart-links-mark]');
        return {
          subject: row.querySelector(subject)?.textContent ?? '',
          inList: shown?.contains(row) ?? false,
          mark: mark?.getAttribute('aria-label') ?? null,
          markText: mark?.textContent ?? null,
          markKind: mark?.getAttribute('data-smart-links-mark') ?? null,
          markTitle: mark?.getAttribute('title') ?? null,
        };
      });
    }, this.client);
  }

  /**
   * Waits until the shown list's row with this subject carries the mark named `mark`: hits reach
   * the Worker through a queue, and the marks reach the page through the background.
   */
  async untilMarked(subject: string, mark: string): Promise<SentRowSeen[]> {
    let last: SentRowSeen[] = [];
    return until(async () => {
      last = await this.rows();
      if (last.some((row) => row.inList && row.subject === subject && row.mark === mark)) return last;
      // Not yet: leave the folder and come back, as a person would, so the list is drawn and asked for again.
      await this.go(this.client.leave);
      await this.open();
      return null;
    }, `the mark "${mark}" on the Sent row "${subject}"`, 30_000).catch((err: unknown) => {
      throw new Error(`${String(err)}; rows: ${JSON.stringify(last)}`);
    });
  }
}
