import { readDisplayedTime } from '../mail-clients/displayed-time.ts';
import type { SentMark } from './sent-marks-source.ts';

/** One row of a Sent list, read from its stable parts by the mail client's `SentList`. */
export interface SentRow {
  element: HTMLElement;
  /**
   * Texts of the row one of which is its subject: Gmail's subject cell has a landmark of its
   * own; Outlook's has none, so there it is every text of the row.
   */
  subjects: string[];
  /** Addresses shown or carried by the row, lower-cased; empty when the client shows names only. */
  recipients: string[];
  /** The send time from the row's date title; null when it is unreadable. */
  sentAt: number | null;
  /** The mark goes right before this element (the date); without one, first in the row's last cell. */
  markBefore: HTMLElement | null;
}

/** What the marks need of one mail client's Sent folder. */
export interface SentList {
  /** Whether the page shows the Sent folder now (Gmail: `#sent`; Outlook: `/mail/sentitems`). */
  showing(location: Location): boolean;
  /** The rows of the list shown, never of a detached copy or a suggestion list elsewhere. */
  readRows(doc: Document): SentRow[];
}

/** On our mark; a row reader skips what carries it (the mark has a title of its own). */
export const MARK_ATTRIBUTE = 'data-smart-links-mark';
/** Without an address in the row, a record with the same subject must be this close in time. */
const NAMES_ONLY_WINDOW_MS = 10 * 60_000;

function normaliseSubject(subject: string): string {
  return subject.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** A Sent row's date title as a time, when it can be read without guessing (displayed-time.ts). */
export function parseRowTime(title: string | null | undefined): number | null {
  return readDisplayedTime(title, 'past')?.getTime() ?? null;
}

interface IndexedMark {
  mark: SentMark;
  sentAt: number;
  addressed: Set<string>;
}

/**
 * The records by subject, read once per refresh (every minute) rather than on every re-render:
 * Gmail re-renders on most changes, and a row then looks only at the records of its subject.
 */
export class SentMarkIndex {
  private readonly bySubject = new Map<string, IndexedMark[]>();

  constructor(marks: readonly SentMark[]) {
    // Newest first, as the background answers, so that without a readable time the order decides.
    for (const mark of marks) {
      const key = normaliseSubject(mark.subject);
      const entry = { mark, sentAt: Date.parse(mark.sentAt), addressed: new Set([...mark.to, ...mark.cc, ...mark.bcc].map((address) => address.toLowerCase())) };
      const list = this.bySubject.get(key);
      if (list) list.push(entry);
      else this.bySubject.set(key, [entry]);
    }
  }

  withSubject(subject: string): readonly IndexedMark[] {
    return this.bySubject.get(normaliseSubject(subject)) ?? [];
  }
}

/**
 * Pairs Sent rows with our records: the same subject and at least one shared recipient (or,
 * where the row shows names only, a send time within ten minutes; with no readable time either,
 * only where one row and one record have that subject, so nothing else could be meant); among
 * several (the same mail sent twice), the closest send time, each record used once. Rows and
 * records both come newest first, so without a readable time the order decides.
 */
export function matchSentRows(rows: readonly SentRow[], marks: SentMarkIndex | readonly SentMark[]): Map<HTMLElement, SentMark> {
  const index = marks instanceof SentMarkIndex ? marks : new SentMarkIndex(marks);
  // Each row's texts that are the subject of some record, read once.
  const keysOfRow = rows.map((row) => [...new Set(row.subjects.map(normaliseSubject))].filter((key) => index.withSubject(key).length > 0));
  const rowsWithKey = new Map<string, number>();
  for (const keys of keysOfRow) for (const key of keys) rowsWithKey.set(key, (rowsWithKey.get(key) ?? 0) + 1);
  const matched = new Map<HTMLElement, SentMark>();
  const used = new Set<SentMark>();
  for (const [n, row] of rows.entries()) {
    const sentAt = row.sentAt;
    const keys = keysOfRow[n]!;
    let candidates = keys.flatMap((key) => index.withSubject(key)).filter(({ mark, sentAt: markAt, addressed }) => {
      if (used.has(mark)) return false;
      if (row.recipients.length === 0) return sentAt !== null && Math.abs(markAt - sentAt) <= NAMES_ONLY_WINDOW_MS;
      return row.recipients.some((address) => addressed.has(address));
    });
    if (candidates.length === 0 && row.recipients.length === 0 && sentAt === null && keys.length === 1 && rowsWithKey.get(keys[0]!) === 1) {
      const only = index.withSubject(keys[0]!);
      if (only.length === 1 && !used.has(only[0]!.mark)) candidates = [...only];
    }
    if (candidates.length === 0) continue;
    const best = sentAt === null ? candidates[0]! : candidates.reduce((a, b) => (Math.abs(b.sentAt - sentAt) < Math.abs(a.sentAt - sentAt) ? b : a));
    used.add(best.mark);
    matched.set(row.element, best.mark);
  }
  return matched;
}
