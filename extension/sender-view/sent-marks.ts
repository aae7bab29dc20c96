import { browser } from '#imports';
import type { SentMarksRequest } from '../messages.ts';
import { t } from '../ui/i18n.ts';
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
const REFRESH_MS = 60_000;
const LOOK_BACK_MS = 90 * 86_400_000;
/** Without an address in the row, a record with the same subject must be this close in time. */
const NAMES_ONLY_WINDOW_MS = 10 * 60_000;

function normaliseSubject(subject: string): string {
  return subject.replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * A date title's time, when it can be read without guessing. `Date.parse` takes almost anything
 * ("Offer 2026" is a date to V8), so a title counts only when it shows a time of day; and a
 * numeric date is day-first in most of the world but month-first to `Date.parse` ("1.12.2026" is
 * 12 January to V8), so one counts only beside a US clock (AM/PM), where it is month-first too.
 * Unread, a time is null and the order of the rows decides.
 */
export function parseRowTime(title: string | null | undefined): number | null {
  if (!title || !/\d{1,2}[:.]\d{2}/.test(title)) return null;
  if (/\d{1,2}[./-]\d{1,2}[./-]\d{2,4}/.test(title) && !/\d\s*[AP]M\b/i.test(title)) return null;
  const parsed = Date.parse(title);
  return Number.isNaN(parsed) ? null : parsed;
}

/**
 * Pairs Sent rows with our records: the same subject and at least one shared recipient (or,
 * where the row shows names only, a send time within ten minutes); among several (the same mail
 * sent twice), the closest send time, each record used once. Rows and records both come newest
 * first, so without a readable time the order decides.
 */
export function matchSentRows(rows: readonly SentRow[], marks: readonly SentMark[]): Map<HTMLElement, SentMark> {
  const matched = new Map<HTMLElement, SentMark>();
  const used = new Set<SentMark>();
  for (const row of rows) {
    const subjects = new Set(row.subjects.map(normaliseSubject));
    const sentAt = row.sentAt;
    const candidates = marks.filter((mark) => {
      if (used.has(mark) || !subjects.has(normaliseSubject(mark.subject))) return false;
      if (row.recipients.length === 0) return sentAt !== null && Math.abs(Date.parse(mark.sentAt) - sentAt) <= NAMES_ONLY_WINDOW_MS;
      const addressed = new Set([...mark.to, ...mark.cc, ...mark.bcc].map((address) => address.toLowerCase()));
      return row.recipients.some((address) => addressed.has(address));
    });
    if (candidates.length === 0) continue;
    const best = sentAt === null ? candidates[0]! : candidates.reduce((a, b) => (Math.abs(Date.parse(b.sentAt) - sentAt) < Math.abs(Date.parse(a.sentAt) - sentAt) ? b : a));
    used.add(best);
    matched.set(row.element, best);
  }
  return matched;
}

type MarkKind = 'opened' | 'machine';

function markKind(mark: SentMark | undefined): MarkKind | null {
  if (mark?.status === 'opened') return 'opened';
  if (mark?.status === 'machine_only') return 'machine';
  return null;
}

/** A check mark with the open count under it (green), or a grey one for machine opens only. */
function renderMark(doc: Document, kind: MarkKind, mark: SentMark): HTMLElement {
  const label = kind === 'opened' ? t('sent.opened', mark.opens, [mark.opens]) : t('sent.machineOnly');
  const element = doc.createElement('span');
  element.setAttribute(MARK_ATTRIBUTE, kind);
  element.setAttribute('data-opens', String(mark.opens));
  element.setAttribute('role', 'img');
  element.setAttribute('aria-label', label);
  element.setAttribute('title', label);
  element.style.cssText = `display:inline-flex;flex-direction:column;align-items:center;line-height:1;margin-right:6px;vertical-align:middle;font-size:11px;color:${kind === 'opened' ? '#188038' : '#80868b'}`;
  const check = doc.createElement('span');
  check.textContent = '✓';
  check.style.cssText = 'font-size:14px;font-weight:700';
  element.append(check);
  if (kind === 'opened') {
    const count = doc.createElement('span');
    count.textContent = String(mark.opens);
    element.append(count);
  }
  return element;
}

/** Puts, updates or removes each row's mark; leaves a row alone when its mark is already right. */
export function applySentMarks(doc: Document, list: SentList, marks: readonly SentMark[]): void {
  const rows = list.readRows(doc);
  const matched = matchSentRows(rows, marks);
  for (const { element: row, markBefore } of rows) {
    const mark = matched.get(row);
    const kind = markKind(mark);
    const existing = row.querySelector<HTMLElement>(`[${MARK_ATTRIBUTE}]`);
    if (existing && kind && existing.getAttribute(MARK_ATTRIBUTE) === kind && existing.getAttribute('data-opens') === String(mark!.opens)) continue;
    existing?.remove();
    if (!kind) continue;
    const rendered = renderMark(doc, kind, mark!);
    if (markBefore) markBefore.before(rendered);
    else (row.lastElementChild ?? row).prepend(rendered);
  }
}

/**
 * Marks a Sent list while it is shown: asks the background for the tracked messages each time
 * the Sent folder opens and every minute while it stays open, and re-applies the marks whenever
 * the client re-renders rows. A folder change is seen in the mutations it causes, since a content
 * script cannot hear the page's own history.pushState (Outlook), and in hashchange/popstate.
 */
export function startSentMarks(doc: Document, list: SentList, signal: AbortSignal): void {
  let marks: SentMark[] = [];
  let scheduled = false;
  let wasShowing = false;
  const refresh = async () => {
    if (!list.showing(location)) return;
    const request: SentMarksRequest = { type: 'sent-marks', since: new Date(Date.now() - LOOK_BACK_MS).toISOString() };
    try {
      marks = ((await browser.runtime.sendMessage(request)) as SentMark[] | undefined) ?? [];
    } catch (err) {
      console.warn('[smart-links] Sent marks not loaded', err);
    }
    apply();
  };
  const apply = () => {
    if (scheduled) return;
    scheduled = true;
    // Once per burst of mutations; our own insertions then find nothing left to change.
    queueMicrotask(() => {
      scheduled = false;
      const showing = list.showing(location);
      if (showing && !wasShowing) void refresh();
      wasShowing = showing;
      if (showing) applySentMarks(doc, list, marks);
    });
  };
  const start = () => {
    const observer = new MutationObserver(apply);
    observer.observe(doc.body, { childList: true, subtree: true });
    signal.addEventListener('abort', () => observer.disconnect(), { once: true });
    for (const type of ['hashchange', 'popstate']) window.addEventListener(type, apply, { signal });
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    signal.addEventListener('abort', () => clearInterval(timer), { once: true });
    apply();
  };
  // The content scripts start at document_start, before there is a body to observe.
  if (doc.body) start();
  else doc.addEventListener('DOMContentLoaded', start, { once: true, signal });
}
