import { browser } from '#imports';
import type { SentMarksRequest } from '../messages.ts';
import { timeAgo } from '../popup/group-events.ts';
import { t, uiLanguage, verdictInWords } from '../ui/i18n.ts';
import type { SentMark } from './sent-marks-source.ts';
import { MARK_ATTRIBUTE, matchSentRows, SentMarkIndex, type SentList } from './sent-rows.ts';

const REFRESH_MS = 60_000;
const LOOK_BACK_MS = 90 * 86_400_000;

/** The mark's look: a filled check (a person opened it), an outlined one (a provider's proxy did), a grey one (machines only). */
export type MarkKind = 'opened' | 'opened_unreliable' | 'machine';

/** What a Sent row's mark shows, from the message's verdict; null for a message not opened. */
export interface MarkShown {
  kind: MarkKind;
  /** The accessible name: the verdict's words, and the open count where there is one. */
  label: string;
  /** The hover text: the label, the clicks and how long ago anything happened. */
  title: string;
  /** The count under the check. */
  count: number | null;
}

const KINDS: Record<SentMark['status'], MarkKind | null> = { opened: 'opened', opened_unreliable: 'opened_unreliable', machine_only: 'machine', not_opened: null };

export function markFor(mark: SentMark): MarkShown | null {
  const kind = KINDS[mark.status];
  if (!kind) return null;
  const words = verdictInWords(mark, mark.to.length + mark.cc.length + mark.bcc.length);
  const count = kind === 'machine' ? null : mark.opens;
  const label = count === null ? words : `${words} · ${t('sent.opens', count, [count])}`;
  const title = [
    label,
    mark.clicks > 0 ? t('sent.clicks', mark.clicks, [mark.clicks]) : null,
    mark.lastActivityAt ? t('sent.lastActivity', [timeAgo(mark.lastActivityAt, Date.now(), uiLanguage())]) : null,
  ]
    .filter((part) => part !== null)
    .join(' · ');
  return { kind, label, title, count };
}

const GREEN = '#188038';
const GREY = '#80868b';

/** A check in a circle with the open count under it: filled green, outlined green, or grey. */
function renderMark(doc: Document, shown: MarkShown): HTMLElement {
  const color = shown.kind === 'machine' ? GREY : GREEN;
  const element = doc.createElement('span');
  element.setAttribute(MARK_ATTRIBUTE, shown.kind);
  element.setAttribute('data-opens', String(shown.count ?? 0));
  element.setAttribute('role', 'img');
  element.setAttribute('aria-label', shown.label);
  element.setAttribute('title', shown.title);
  element.style.cssText = `display:inline-flex;flex-direction:column;align-items:center;line-height:1;margin-right:6px;vertical-align:middle;font-size:11px;color:${color}`;
  const check = doc.createElement('span');
  check.textContent = '✓';
  const filled = shown.kind === 'opened';
  check.style.cssText = `display:inline-flex;align-items:center;justify-content:center;box-sizing:border-box;width:15px;height:15px;border-radius:50%;font-size:11px;font-weight:700;border:1.5px solid ${color};${filled ? `background:${color};color:#fff` : 'background:transparent'}`;
  element.append(check);
  if (shown.count !== null) {
    const count = doc.createElement('span');
    count.textContent = String(shown.count);
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
    const shown = mark ? markFor(mark) : null;
    const existing = row.querySelector<HTMLElement>(`[${MARK_ATTRIBUTE}]`);
    if (!shown) {
      existing?.remove();
      continue;
    }
    if (existing?.getAttribute(MARK_ATTRIBUTE) === shown.kind && existing.getAttribute('aria-label') === shown.label && existing.title === shown.title) continue;
    existing?.remove();
    const rendered = renderMark(doc, shown);
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
