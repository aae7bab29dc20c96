import { browser } from '#imports';
import type { SentMarksRequest } from '../messages.ts';
import { timeAgo } from '../popup/group-events.ts';
import { t, uiLanguage } from '../ui/i18n.ts';
import type { SentMark } from './sent-marks-source.ts';
import { MARK_ATTRIBUTE, matchSentRows, SentMarkIndex, type SentList } from './sent-rows.ts';

const REFRESH_MS = 60_000;
const LOOK_BACK_MS = 90 * 86_400_000;

type MarkKind = 'opened' | 'machine';

function markKind(mark: SentMark | undefined): MarkKind | null {
  if (mark?.status === 'opened') return 'opened';
  if (mark?.status === 'machine_only') return 'machine';
  return null;
}

function markLabel(kind: MarkKind, mark: SentMark): string {
  return kind === 'opened' ? t('sent.opened', mark.opens, [mark.opens]) : t('sent.machineOnly');
}

/** What the mark says on hover: its name, then the clicks and how long ago anything happened. */
function markTitle(label: string, mark: SentMark): string {
  return [
    label,
    mark.clicks > 0 ? t('sent.clicks', mark.clicks, [mark.clicks]) : null,
    mark.lastActivityAt ? t('sent.lastActivity', [timeAgo(mark.lastActivityAt, Date.now(), uiLanguage())]) : null,
  ]
    .filter((part) => part !== null)
    .join(' · ');
}

/** A check mark with the open count under it (green), or a grey one for machine opens only. */
function renderMark(doc: Document, kind: MarkKind, mark: SentMark, label: string, title: string): HTMLElement {
  const element = doc.createElement('span');
  element.setAttribute(MARK_ATTRIBUTE, kind);
  element.setAttribute('data-opens', String(mark.opens));
  element.setAttribute('role', 'img');
  element.setAttribute('aria-label', label);
  element.setAttribute('title', title);
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
export function applySentMarks(doc: Document, list: SentList, marks: SentMarkIndex | readonly SentMark[]): void {
  const rows = list.readRows(doc);
  const matched = matchSentRows(rows, marks);
  for (const { element: row, markBefore } of rows) {
    const mark = matched.get(row);
    const kind = markKind(mark);
    const existing = row.querySelector<HTMLElement>(`[${MARK_ATTRIBUTE}]`);
    if (!kind || !mark) {
      existing?.remove();
      continue;
    }
    const label = markLabel(kind, mark);
    const title = markTitle(label, mark);
    if (existing?.getAttribute(MARK_ATTRIBUTE) === kind && existing.getAttribute('data-opens') === String(mark.opens) && existing.title === title) continue;
    existing?.remove();
    const rendered = renderMark(doc, kind, mark, label, title);
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
  let marks = new SentMarkIndex([]);
  let scheduled = false;
  let wasShowing = false;
  const refresh = async () => {
    if (!list.showing(location)) return;
    const request: SentMarksRequest = { type: 'sent-marks', since: new Date(Date.now() - LOOK_BACK_MS).toISOString() };
    try {
      marks = new SentMarkIndex(((await browser.runtime.sendMessage(request)) as SentMark[] | undefined) ?? []);
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
