import { render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { TrackingEvent } from '../shared/schemas/events.ts';
import type { MessageListEntry } from '../shared/schemas/message-list.ts';
import type { HitClass } from '../shared/tracking/classify.ts';
import { messageStatus, messageVerdict, type MessageVerdict, type TalliedHit } from '../shared/tracking/verdict.ts';
import { Activity } from './activity/activity.tsx';
import { gmailSentList } from './mail-clients/gmail/sent-list.ts';
import { Popup } from './popup/popup.tsx';
import { applySentMarks } from './sender-view/sent-marks.ts';
import { accountItem, DEFAULT_SETTINGS, settingsItem } from './storage.ts';

const t0 = Date.parse('2026-11-24T10:00:00.000Z');
const at = (seconds: number) => new Date(t0 + seconds * 1000).toISOString();
type Hit = TalliedHit & { url?: string };
const open = (seconds: number, hitClass: HitClass = 'human'): Hit => ({ kind: 'open', hitClass, at: at(seconds), linkIndex: null });
const click = (seconds: number, hitClass: HitClass = 'human', linkIndex: number | null = 0): Hit => ({ kind: 'click', hitClass, at: at(seconds), linkIndex });
const visit = (seconds: number, hitClass: HitClass = 'human'): Hit => ({ ...click(seconds, hitClass, null), url: 'smart-link:unsubscribe' });

type Expected = Pick<MessageVerdict, 'opens' | 'reliableOpens' | 'machineOpens' | 'clicks' | 'status'> & {
  /** The verdict in words, on every screen. */
  words: string;
  /** The Sent row's mark: how it looks, and its accessible name. */
  mark: ['opened' | 'opened_unreliable' | 'machine', string] | null;
};

/**
 * The verdict table: each sequence of hits on a message to `recipients`, and what the sender is
 * told about it. Every row goes through the shared verdict and then through each view as it is
 * drawn (popup, activity list, message detail, Sent mark), and the Worker's message list.
 */
const SEQUENCES: [string, Hit[], number, Expected][] = [
  ['Gmail proxy only', [open(60, 'google_proxy')], 1,
    { opens: 1, reliableOpens: 0, machineOpens: 0, clicks: 0, status: 'opened_unreliable', words: 'Opened (unreliable: Gmail proxy)', mark: ['opened_unreliable', 'Opened (unreliable: Gmail proxy) · 1 open'] }],
  ['Apple MPP only', [open(60, 'apple_mpp')], 1,
    { opens: 0, reliableOpens: 0, machineOpens: 1, clicks: 0, status: 'machine_only', words: 'Delivered to Apple Mail (open unknown)', mark: ['machine', 'Delivered to Apple Mail (open unknown)'] }],
  ['security scanner only (pixel and links)', [open(1, 'security_scanner'), click(1, 'security_scanner', 0), click(1, 'security_scanner', 1)], 1,
    { opens: 0, reliableOpens: 0, machineOpens: 1, clicks: 0, status: 'machine_only', words: 'Scanned by a security filter', mark: ['machine', 'Scanned by a security filter'] }],
  ['a person', [open(60)], 1,
    { opens: 1, reliableOpens: 1, machineOpens: 0, clicks: 0, status: 'opened', words: 'Opened', mark: ['opened', 'Opened · 1 open'] }],
  ['Gmail proxy, then a person\'s click', [open(60, 'google_proxy'), click(120)], 1,
    { opens: 1, reliableOpens: 1, machineOpens: 0, clicks: 1, status: 'opened', words: 'Opened', mark: ['opened', 'Opened · 1 open'] }],
  ['the sender\'s own view, then the Gmail proxy', [open(0, 'self'), open(600, 'google_proxy')], 1,
    { opens: 1, reliableOpens: 0, machineOpens: 0, clicks: 0, status: 'opened_unreliable', words: 'Opened (unreliable: Gmail proxy)', mark: ['opened_unreliable', 'Opened (unreliable: Gmail proxy) · 1 open'] }],
  ['proxy repeats inside the 3-minute window fold, one outside it is a new open', [open(0, 'google_proxy'), open(30, 'google_proxy'), open(170, 'google_proxy'), open(400, 'google_proxy')], 1,
    { opens: 2, reliableOpens: 0, machineOpens: 0, clicks: 0, status: 'opened_unreliable', words: 'Opened (unreliable: Gmail proxy)', mark: ['opened_unreliable', 'Opened (unreliable: Gmail proxy) · 2 opens'] }],
  ['several recipients: a person and a proxy', [open(60), open(90, 'google_proxy')], 3,
    { opens: 2, reliableOpens: 1, machineOpens: 0, clicks: 0, status: 'opened', words: 'Opened by one of 3 recipients', mark: ['opened', 'Opened by one of 3 recipients · 2 opens'] }],
  ['several recipients: the Gmail proxy only', [open(60, 'google_proxy')], 3,
    { opens: 1, reliableOpens: 0, machineOpens: 0, clicks: 0, status: 'opened_unreliable', words: 'Opened by one of 3 recipients (unreliable: Gmail proxy)', mark: ['opened_unreliable', 'Opened by one of 3 recipients (unreliable: Gmail proxy) · 1 open'] }],
  ['an unrecognised client only', [open(60, 'unknown')], 1,
    { opens: 0, reliableOpens: 0, machineOpens: 1, clicks: 0, status: 'machine_only', words: 'Fetched by an unrecognised client (not counted as an open)', mark: ['machine', 'Fetched by an unrecognised client (not counted as an open)'] }],
  ['a person looked at the Unsubscribe page', [visit(60)], 1,
    { opens: 1, reliableOpens: 1, machineOpens: 0, clicks: 1, status: 'opened', words: 'Opened', mark: ['opened', 'Opened · 1 open'] }],
  ['a scanner looked at the Unsubscribe page', [visit(1, 'security_scanner')], 1,
    { opens: 0, reliableOpens: 0, machineOpens: 0, clicks: 0, status: 'not_opened', words: 'Not opened', mark: null }],
  ['nothing but the sender\'s own view', [open(0, 'self')], 1,
    { opens: 0, reliableOpens: 0, machineOpens: 0, clicks: 0, status: 'not_opened', words: 'Not opened', mark: null }],
];

const RECIPIENTS = ['ana@example.org', 'bo@example.org', 'cy@example.org'];
const SUBJECT = 'Proposal';
const SENT_AT = at(-3600);

function addressees(recipients: number) {
  const all = RECIPIENTS.slice(0, recipients);
  // The third goes in Cc: one body to all of them all the same.
  return { to: all.slice(0, 2), cc: all.slice(2), bcc: [] as string[] };
}

function eventsOf(hits: Hit[], recipients: number): TrackingEvent[] {
  return hits
    .map((hit, i): TrackingEvent => ({
      id: `e${i}`, messageId: 'm1', kind: hit.kind, class: hit.hitClass, reason: 'test', reliable: hit.hitClass === 'human', at: hit.at,
      linkIndex: hit.linkIndex, url: hit.url ?? (hit.kind === 'click' ? `https://example.org/${hit.linkIndex}` : null),
      subject: SUBJECT, to: addressees(recipients).to, recipientCount: recipients, consent: null,
    }))
    .reverse();
}

/** The Worker's list entry: the rollup's figures (held to `messageVerdict` by the rollup's property test) and its status. */
function listEntry(hits: Hit[], recipients: number): MessageListEntry {
  const { opens, reliableOpens, machineOpens, clicks, statusBy, lastActivityAt } = messageVerdict(hits);
  const counts = { opens, reliableOpens, machineOpens, clicks };
  return { id: 'm1', subject: SUBJECT, ...addressees(recipients), sentAt: SENT_AT, tracked: true, massMail: false, ...counts, lastActivityAt, status: messageStatus(counts), statusBy };
}

function stubWorker(hits: Hit[], recipients: number) {
  const entry = listEntry(hits, recipients);
  const events = eventsOf(hits, recipients);
  vi.stubGlobal('fetch', async (url: string) => {
    const { pathname } = new URL(url);
    const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200 });
    if (pathname === '/api/events') return json({ events });
    if (pathname === '/api/messages') return json({ messages: [entry], next: null });
    if (pathname === '/api/messages/m1') return json(entry);
    if (pathname === '/api/messages/m1/events') return json({ events: [...events].reverse() });
    if (pathname === '/api/contacts/status') return json({ contacts: [] });
    return new Response('{}', { status: 404 });
  });
}

async function mount(view: ComponentChild): Promise<HTMLElement> {
  const root = document.createElement('div');
  document.body.append(root);
  await act(() => render(view, root));
  return root;
}

async function popupWords(): Promise<string | null> {
  const root = await mount(<Popup />);
  await vi.waitFor(() => expect(root.textContent).toContain('Recent activity'));
  // A message only machines fetched is folded away until machine activity is shown.
  const toggle = [...root.querySelectorAll('button')].find((b) => b.textContent?.startsWith('Show machine activity'));
  if (toggle) await act(() => toggle.click());
  return root.querySelector('li.message .verdict')?.textContent ?? null;
}

async function activityListWords(): Promise<string | null> {
  history.replaceState(null, '', '/activity.html');
  const root = await mount(<Activity />);
  await vi.waitFor(() => expect(root.querySelectorAll('tbody tr')).toHaveLength(1));
  return root.querySelector('tbody tr .badge')?.textContent ?? null;
}

async function activityDetailWords(): Promise<string | null> {
  history.replaceState(null, '', '/activity.html#message=m1');
  const root = await mount(<Activity />);
  await vi.waitFor(() => expect(root.querySelector('h1')?.textContent).toBe(SUBJECT));
  return root.querySelector('.verdict')?.textContent ?? null;
}

function el(tag: string, attrs: Record<string, string>, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function sentMark(entry: MessageListEntry): Expected['mark'] {
  const title = new Date(SENT_AT).toLocaleString('en-US', { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' });
  // A Sent row as Gmail draws it (see sender-view/sent-marks.test.ts).
  const row = el('tr', { class: 'zA yO', role: 'row', id: 'r1' },
    el('td', { class: 'yX xY' }, el('div', { class: 'yW' }, 'To: ', el('span', { email: entry.to[0]!, name: 'ana' }, 'ana'))),
    el('td', { class: 'xY a4W' }, el('span', { class: 'bog' }, el('span', { 'data-thread-id': '#thread-f:r1', 'data-legacy-thread-id': 'r1' }, SUBJECT))),
    el('td', { class: 'xW xY' }, el('span', { title }, 'Nov 24')));
  document.body.replaceChildren(el('div', { role: 'main' }, el('div', { class: 'Cp' }, el('table', {}, el('tbody', {}, row)))));
  applySentMarks(document, gmailSentList, [entry]);
  const mark = row.querySelector('[data-smart-links-mark]');
  return mark ? [mark.getAttribute('data-smart-links-mark') as 'opened', mark.getAttribute('aria-label')!] : null;
}

describe('one verdict, the same on every screen', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, workerUrl: 'https://t.example', apiToken: 'slt_x' });
    await accountItem.setValue({ email: 'me@example.com', role: 'sender', linkKey: { id: 'k', secret: 's' } as never });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.replaceChildren();
  });

  it.each(SEQUENCES)('%s', async (_case, hits, recipients, { words, mark, ...figures }) => {
    expect(messageVerdict(hits)).toEqual(expect.objectContaining(figures));
    const entry = listEntry(hits, recipients);
    expect(entry).toEqual(expect.objectContaining(figures));
    stubWorker(hits, recipients);
    const seen = {
      popup: await popupWords(),
      activityList: await activityListWords(),
      activityDetail: await activityDetailWords(),
      sentMark: sentMark(entry),
    };
    expect(seen).toEqual({ popup: words, activityList: words, activityDetail: words, sentMark: mark });
  });
});
