import { browser } from '#imports';
import type { SentMarksRequest } from '../messages.ts';
import { t } from '../ui/i18n.ts';
import type { SentMark } from './sent-marks-source.ts';

/** One row of Gmail's Sent list, read from its stable parts (research/webmail-dom.md §2). */
export interface SentRow {
  element: HTMLElement;
  subject: string;
  recipients: string[];
  /** From the date cell's title; null when Gmail wrote it in a form Date.parse cannot read. */
  sentAt: number | null;
}

// Gmail keeps detached copies of lists outside div[role=main]: only the main list is the one shown.
const ROWS = 'div[role=main] tr.zA[role=row]';
const MARK_ATTRIBUTE = 'data-smart-links-mark';
const REFRESH_MS = 60_000;
const LOOK_BACK_MS = 90 * 86_400_000;

function normaliseSubject(subject: string): string {
  return subject.replace(/\s+/g, ' ').trim().toLowerCase();
}

export function readSentRows(doc: Document): SentRow[] {
  return [...doc.querySelectorAll<HTMLElement>(ROWS)].map((element) => {
    const title = element.querySelector('td.xW span[title]')?.getAttribute('title') ?? '';
    const parsed = Date.parse(title);
    return {
      element,
      subject: element.querySelector('span.bog')?.textContent ?? '',
      recipients: [...element.querySelectorAll('div.yW span[email]')].map((span) => (span.getAttribute('email') ?? '').toLowerCase()),
      sentAt: Number.isNaN(parsed) ? null : parsed,
    };
  });
}

/**
 * Pairs Sent rows with our records: the same subject and at least one shared recipient; among
 * several (the same mail sent twice), the closest send time, each record used once. Rows and
 * records both come newest first, so without a readable time the order decides.
 */
export function matchSentRows(rows: readonly SentRow[], marks: readonly SentMark[]): Map<HTMLElement, SentMark> {
  const matched = new Map<HTMLElement, SentMark>();
  const used = new Set<SentMark>();
  for (const row of rows) {
    const subject = normaliseSubject(row.subject);
    const candidates = marks.filter((mark) => {
      if (used.has(mark) || normaliseSubject(mark.subject) !== subject) return false;
      const addressed = new Set([...mark.to, ...mark.cc, ...mark.bcc].map((address) => address.toLowerCase()));
      return row.recipients.some((address) => addressed.has(address));
    });
    if (candidates.length === 0) continue;
    const sentAt = row.sentAt;
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
export function applySentMarks(doc: Document, marks: readonly SentMark[]): void {
  const rows = readSentRows(doc);
  const matched = matchSentRows(rows, marks);
  for (const { element: row } of rows) {
    const mark = matched.get(row);
    const kind = markKind(mark);
    const existing = row.querySelector<HTMLElement>(`[${MARK_ATTRIBUTE}]`);
    if (existing && kind && existing.getAttribute(MARK_ATTRIBUTE) === kind && existing.getAttribute('data-opens') === String(mark!.opens)) continue;
    existing?.remove();
    if (!kind) continue;
    const cell = row.querySelector('td.xW') ?? row.lastElementChild;
    cell?.prepend(renderMark(doc, kind, mark!));
  }
}

function inSentFolder(hash: string): boolean {
  return /^#sent(\/|$|\?)/.test(hash);
}

/**
 * Marks Gmail's Sent list while it is shown: asks the background for the tracked messages when
 * the Sent folder opens and every minute while it stays open, and re-applies the marks whenever
 * Gmail re-renders rows.
 */
export function startSentMarks(doc: Document, signal: AbortSignal): void {
  let marks: SentMark[] = [];
  let scheduled = false;
  const apply = () => {
    if (scheduled) return;
    scheduled = true;
    // Once per burst of mutations; our own insertions then find nothing left to change.
    queueMicrotask(() => {
      scheduled = false;
      if (inSentFolder(location.hash)) applySentMarks(doc, marks);
    });
  };
  const refresh = async () => {
    if (!inSentFolder(location.hash)) return;
    const request: SentMarksRequest = { type: 'sent-marks', since: new Date(Date.now() - LOOK_BACK_MS).toISOString() };
    try {
      marks = ((await browser.runtime.sendMessage(request)) as SentMark[] | undefined) ?? [];
    } catch (err) {
      console.warn('[smart-links] Sent marks not loaded', err);
    }
    apply();
  };
  const start = () => {
    const observer = new MutationObserver(apply);
    observer.observe(doc.body, { childList: true, subtree: true });
    signal.addEventListener('abort', () => observer.disconnect(), { once: true });
    window.addEventListener('hashchange', () => void refresh(), { signal });
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    signal.addEventListener('abort', () => clearInterval(timer), { once: true });
    void refresh();
  };
  // The Gmail content script starts at document_start, before there is a body to observe.
  if (doc.body) start();
  else doc.addEventListener('DOMContentLoaded', start, { once: true, signal });
}
