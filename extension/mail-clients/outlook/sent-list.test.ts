import { afterEach, describe, expect, it } from 'vitest';
import { applySentMarks } from '../../sender-view/sent-marks.ts';
import type { SentMark } from '../../sender-view/sent-marks-source.ts';
import { outlookSentList } from './sent-list.ts';

function el(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

const US_TITLE: Intl.DateTimeFormatOptions = { weekday: 'short', month: 'numeric', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' };

/**
 * A Sent Items row as OWA draws it: hashed classes only, the recipients by name with each address
 * in a title (or by name only), the subject in a bare span, the date's full form in a title.
 */
function row(convid: string, subject: string, to: readonly (string | { name: string })[], sentAt: string, dateTitle?: string): HTMLElement {
  const people = to.flatMap((person, i) => [
    ...(i > 0 ? ['; '] : []),
    typeof person === 'string' ? el('span', { title: person, class: 'OZZZK' }, person.split('@')[0]!) : el('span', { class: 'OZZZK' }, person.name),
  ]);
  const at = new Date(sentAt);
  const time = at.toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' });
  return el('div', { role: 'option', 'data-convid': convid, 'aria-selected': 'false', tabindex: '-1', 'aria-label': `${subject} ${time}`, class: 'hcptT' },
    el('div', { class: 'XG5Jd' },
      el('div', { class: 'ESO13' }, ...people),
      el('div', { class: 'IjzWp' }, el('span', { class: 'TtcXM' }, subject), el('span', { class: '_rWRU', title: dateTitle ?? at.toLocaleString('en-US', US_TITLE).replace(',', '') }, time)),
      el('div', { class: 'FqgPc' }, 'Hello, the offer.')));
}

function page(listRows: HTMLElement[], suggestionRows: HTMLElement[] = []) {
  document.body.replaceChildren(
    // The search box's suggestions: message options too, outside the list pane.
    el('div', { role: 'banner' }, el('div', { role: 'listbox', id: 'searchSuggestions' }, ...suggestionRows)),
    el('div', { 'data-app-section': 'MessageList', role: 'complementary', 'aria-label': 'Message list' }, el('div', { role: 'listbox', 'aria-label': 'Sent Items' }, ...listRows)),
  );
}

function mark(subject: string, to: string[], sentAt: string, extra: Partial<SentMark> = {}): SentMark {
  return { subject, to, cc: [], bcc: [], sentAt, opens: 0, clicks: 0, lastActivityAt: null, status: 'not_opened', statusBy: null, ...extra };
}

const marksOf = () =>
  [...document.querySelectorAll('[data-convid]')].map((option) => [option.getAttribute('data-convid'), option.querySelector('[data-smart-links-mark]')?.getAttribute('aria-label') ?? null]);

describe('Outlook Sent Items marks', () => {
  afterEach(() => document.body.replaceChildren());

  it('marks the list rows by subject and recipient, never the search suggestions', () => {
    page(
      [row('c1', 'Proposal', ['ana@example.org', 'bo@example.org'], '2026-11-30T10:00:00Z'), row('c2', 'Invoice', ['cy@example.org'], '2026-11-30T09:00:00Z'), row('c3', 'Lunch?', ['dee@example.org'], '2026-11-30T08:00:00Z')],
      [row('s1', 'Proposal', ['ana@example.org'], '2026-11-30T10:00:00Z')],
    );
    applySentMarks(document, outlookSentList, [
      mark('Proposal', ['bo@example.org'], '2026-11-30T10:00:00Z', { opens: 1, status: 'opened', statusBy: 'human' }),
      mark('Invoice', ['cy@example.org'], '2026-11-30T09:00:00Z', { status: 'machine_only', statusBy: 'security_scanner' }),
    ]);
    expect(marksOf()).toEqual([['s1', null], ['c1', 'Opened · 1 open'], ['c2', 'Scanned by a security filter'], ['c3', null]]);
    // The mark sits just before the date, and does not become the date of the next read.
    const date = document.querySelector('[data-convid=c1] ._rWRU')!;
    expect(date.previousElementSibling?.getAttribute('data-smart-links-mark')).toBe('opened');
    const [read] = outlookSentList.readRows(document);
    expect(read!.markBefore).toBe(date);
    expect(read!.recipients).toEqual(['ana@example.org', 'bo@example.org']);
    expect(read!.sentAt).toBe(Date.parse('2026-11-30T10:00:00Z'));
  });

  it('matches a row that names its recipients only by its subject and a send time within minutes', () => {
    page([
      row('near', 'Proposal', [{ name: 'Ana Example' }], '2026-11-30T10:00:00Z'),
      row('far', 'Proposal', [{ name: 'Ana Example' }], '2026-11-29T10:00:00Z'),
    ]);
    applySentMarks(document, outlookSentList, [mark('Proposal', ['ana@example.org'], '2026-11-30T10:04:00Z', { opens: 3, status: 'opened' })]);
    expect(marksOf()).toEqual([['near', 'Opened · 3 opens'], ['far', null]]);
  });

  it('pairs a row with neither an address nor a readable date only where nothing else could be meant', () => {
    const german = (convid: string, subject: string) => row(convid, subject, [{ name: 'Ana Example' }], '2026-11-30T10:00:00Z', 'Mo 30.11.2026 10:00');
    page([german('unique', 'Angebot'), german('twice-1', 'Rechnung'), german('twice-2', 'Rechnung'), german('two-records', 'Termin')]);
    applySentMarks(document, outlookSentList, [
      mark('Angebot', ['ana@example.org'], '2026-11-30T10:00:00Z', { opens: 1, status: 'opened' }),
      mark('Rechnung', ['ana@example.org'], '2026-11-30T09:00:00Z', { opens: 1, status: 'opened' }),
      mark('Termin', ['ana@example.org'], '2026-11-30T08:00:00Z', { opens: 1, status: 'opened' }),
      mark('Termin', ['ana@example.org'], '2026-11-29T08:00:00Z', { opens: 2, status: 'opened' }),
    ]);
    expect(marksOf()).toEqual([['unique', 'Opened · 1 open'], ['twice-1', null], ['twice-2', null], ['two-records', null]]);
  });

  it('is on in Sent Items only, whatever the mailbox prefix or the open message', () => {
    const at = (pathname: string) => outlookSentList.showing({ pathname } as Location);
    expect(at('/mail/sentitems')).toBe(true);
    expect(at('/mail/0/sentitems')).toBe(true);
    expect(at('/mail/sentitems/id/AAQkADk%3D')).toBe(true);
    expect(at('/mail/inbox')).toBe(false);
    expect(at('/mail/0/')).toBe(false);
    expect(at('/mail/sentitemsarchive')).toBe(false);
  });
});
