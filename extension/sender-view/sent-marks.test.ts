import { afterEach, describe, expect, it } from 'vitest';
import type { SentMark } from './sent-marks-source.ts';
import { gmailSentList } from '../mail-clients/gmail/sent-list.ts';
import { applySentMarks } from './sent-marks.ts';
import { matchSentRows, parseRowTime } from './sent-rows.ts';

function el(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** A Sent row as Gmail draws it (research/webmail-dom.md §2, §7 item 6). */
function row(id: string, subject: string, to: string, sentAt: string): HTMLElement {
  const title = new Date(sentAt).toLocaleString('en-US', { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' });
  return el('tr', { class: 'zA yO', role: 'row', id },
    el('td', { class: 'yX xY' }, el('div', { class: 'yW' }, 'To: ', el('span', { email: to, name: to.split('@')[0]! }, to.split('@')[0]!))),
    el('td', { class: 'xY a4W' }, el('span', { class: 'bog' }, el('span', { 'data-thread-id': `#thread-f:${id}`, 'data-legacy-thread-id': id }, subject)), el('span', { class: 'y2' }, ' - snippet')),
    el('td', { class: 'xW xY' }, el('span', { title }, 'Dec 1')));
}

function mark(subject: string, to: string, sentAt: string, extra: Partial<SentMark> = {}): SentMark {
  return { subject, to: [to], cc: [], bcc: [], sentAt, opens: 0, clicks: 0, lastActivityAt: null, status: 'not_opened', statusBy: null, ...extra };
}

function page(mainRows: HTMLElement[], decoyRows: HTMLElement[]) {
  document.body.replaceChildren(
    el('div', { role: 'main' }, el('div', { class: 'Cp' }, el('table', {}, el('tbody', {}, ...mainRows)))),
    // Gmail keeps detached copies of lists outside main.
    el('div', { class: 'decoy' }, el('div', { class: 'Cp' }, el('table', {}, el('tbody', {}, ...decoyRows)))),
  );
}

const marksOf = () => [...document.querySelectorAll('tr.zA')].map((tr) => [tr.id, tr.querySelector('[data-smart-links-mark]')?.getAttribute('aria-label') ?? null]);

describe('Sent-folder marks', () => {
  afterEach(() => document.body.replaceChildren());

  it('marks opened rows filled with the count, proxy-opened ones outlined with theirs, machine-only ones grey, only in the main list', () => {
    page(
      [row('r1', 'Proposal', 'ana@example.org', '2026-11-30T10:00:00Z'), row('r2', 'Invoice', 'bo@example.org', '2026-11-30T09:00:00Z'), row('r3', 'Lunch?', 'cy@example.org', '2026-11-30T08:00:00Z'), row('r4', 'Offer', 'di@example.org', '2026-11-30T07:00:00Z')],
      [row('d1', 'Proposal', 'ana@example.org', '2026-11-30T10:00:00Z')],
    );
    applySentMarks(document, gmailSentList, [
      mark('Proposal', 'ana@example.org', '2026-11-30T10:00:00Z', { opens: 2, status: 'opened', statusBy: 'human' }),
      mark('Invoice', 'bo@example.org', '2026-11-30T09:00:00Z', { status: 'machine_only', statusBy: 'apple_mpp' }),
      mark('Lunch?', 'cy@example.org', '2026-11-30T08:00:00Z'),
      mark('Offer', 'di@example.org', '2026-11-30T07:00:00Z', { opens: 1, status: 'opened_unreliable', statusBy: 'google_proxy' }),
    ]);
    expect(marksOf()).toEqual([
      ['r1', 'Opened · 2 opens'], ['r2', 'Delivered to Apple Mail (open unknown)'], ['r3', null], ['r4', 'Opened (unreliable: Gmail proxy) · 1 open'], ['d1', null],
    ]);
    const shown = (id: string) => document.querySelector<HTMLElement>(`#${id} [data-smart-links-mark]`)!;
    expect(['r1', 'r2', 'r4'].map((id) => [shown(id).getAttribute('data-smart-links-mark'), shown(id).textContent])).toEqual([['opened', '✓2'], ['machine', '✓'], ['opened_unreliable', '✓1']]);
    // Filled, outlined: the check's own background says which.
    const check = (id: string) => (shown(id).firstElementChild as HTMLElement).style.background;
    expect(check('r1')).not.toBe('transparent');
    expect(check('r4')).toBe('transparent');
    expect(shown('r4').title).toContain('Gmail proxy');
  });

  it('updates a mark when the count changes and leaves it alone otherwise', () => {
    page([row('r1', 'Proposal', 'ana@example.org', '2026-11-30T10:00:00Z')], []);
    const opened = (opens: number) => [mark('Proposal', 'ana@example.org', '2026-11-30T10:00:00Z', { opens, status: 'opened' })];
    applySentMarks(document, gmailSentList, opened(1));
    const first = document.querySelector('[data-smart-links-mark]');
    applySentMarks(document, gmailSentList, opened(1));
    expect(document.querySelector('[data-smart-links-mark]')).toBe(first);
    applySentMarks(document, gmailSentList, opened(3));
    expect(document.querySelectorAll('[data-smart-links-mark]')).toHaveLength(1);
    expect(marksOf()).toEqual([['r1', 'Opened · 3 opens']]);
  });

  it('tells the same subject sent twice apart by recipient and send time', () => {
    page([row('new', 'Follow-up', 'ana@example.org', '2026-11-30T12:00:00Z'), row('old', 'Follow-up', 'ana@example.org', '2026-11-29T12:00:00Z'), row('other', 'Follow-up', 'dee@example.org', '2026-11-29T11:00:00Z')], []);
    const older = mark('Follow-up', 'ana@example.org', '2026-11-29T12:00:00Z', { opens: 1, status: 'opened' });
    const newer = mark('Follow-up', 'ana@example.org', '2026-11-30T12:00:00Z');
    const matched = matchSentRows(gmailSentList.readRows(document), [older, newer]);
    expect(matched.get(document.getElementById('old')!)).toBe(older);
    expect(matched.get(document.getElementById('new')!)).toBe(newer);
    expect(matched.has(document.getElementById('other')!)).toBe(false);
  });

  it('reads a date title only when it shows a time of day', () => {
    expect(parseRowTime('Mon, Nov 30, 2026, 10:00 AM')).toBe(new Date(2026, 10, 30, 10, 0).getTime());
    expect(parseRowTime('Tue 12/1/2026 11:03 AM')).toBe(new Date(2026, 11, 1, 11, 3).getTime());
    // V8 reads "Offer 2026" as 1 January 2026: a subject is not a date.
    expect(parseRowTime('Offer 2026')).toBeNull();
    // Day-first dates (German, British) would be read month-first: left unread.
    expect(parseRowTime('Di 1.12.2026 11:03')).toBeNull();
    expect(parseRowTime('Tue 01/12/2026 11:03')).toBeNull();
    expect(parseRowTime(null)).toBeNull();
  });

  it('follows the folder: marks when Sent opens, none elsewhere', () => {
    expect(gmailSentList.showing({ hash: '#sent' } as Location)).toBe(true);
    expect(gmailSentList.showing({ hash: '#sent/p2' } as Location)).toBe(true);
    expect(gmailSentList.showing({ hash: '#sent?compose=new' } as Location)).toBe(true);
    expect(gmailSentList.showing({ hash: '#sentinel' } as Location)).toBe(false);
    expect(gmailSentList.showing({ hash: '#inbox' } as Location)).toBe(false);
  });

  it('says on hover how many clicks there were and how long ago the last activity was', () => {
    page([row('r1', 'Proposal', 'ana@example.org', '2026-11-30T10:00:00Z'), row('r2', 'Invoice', 'bo@example.org', '2026-11-30T09:00:00Z')], []);
    const threeHoursAgo = new Date(Date.now() - 3 * 3_600_000 - 60_000).toISOString();
    applySentMarks(document, gmailSentList, [
      mark('Proposal', 'ana@example.org', '2026-11-30T10:00:00Z', { opens: 2, clicks: 1, lastActivityAt: threeHoursAgo, status: 'opened' }),
      mark('Invoice', 'bo@example.org', '2026-11-30T09:00:00Z', { lastActivityAt: threeHoursAgo, status: 'machine_only', statusBy: 'security_scanner' }),
    ]);
    const title = (id: string) => document.querySelector(`#${id} [data-smart-links-mark]`)!.getAttribute('title');
    expect(title('r1')).toBe('Opened · 2 opens · 1 click · last activity 3 hours ago');
    expect(title('r2')).toBe('Scanned by a security filter · last activity 3 hours ago');
    // The accessible name stays the verdict and its count.
    expect(document.querySelector('#r1 [data-smart-links-mark]')!.getAttribute('aria-label')).toBe('Opened · 2 opens');
  });
});
