import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { TrackedMessageSummary } from '../api/worker-client.ts';
import { notificationStateItem } from '../background/notification-state.ts';
import { accountItem, DEFAULT_SETTINGS, settingsItem } from '../storage.ts';
import { Activity } from './activity.tsx';

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });

function summary(id: string, extra: Partial<TrackedMessageSummary> = {}): TrackedMessageSummary {
  return {
    id, subject: `Subject ${id}`, to: ['ana@example.org'], cc: [], bcc: [], sentAt: '2026-11-30T09:00:00.000Z', tracked: true, massMail: false,
    opens: 0, reliableOpens: 0, machineOpens: 0, clicks: 0, lastActivityAt: null, status: 'not_opened', statusBy: null, ...extra,
  };
}

/** A stand-in Worker for the activity routes; records the paths asked for. */
function worker(): string[] {
  const paths: string[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    const { pathname, search } = new URL(url);
    paths.push(pathname + search);
    if (pathname === '/api/messages') {
      const filter = new URLSearchParams(search).get('filter');
      const all = [summary('m1', { opens: 2, reliableOpens: 1, machineOpens: 1, clicks: 1, status: 'opened', statusBy: 'human' }), summary('m2', { machineOpens: 3, status: 'machine_only', statusBy: 'security_scanner' }), summary('m3')];
      return json({ messages: filter === 'machine_only' ? all.slice(1, 2) : all, next: null });
    }
    if (pathname === '/api/messages/m1') return json({ ...summary('m1'), stats: { hits: 3, opens: 2, clicks: 1 } });
    if (pathname === '/api/messages/m1/events') {
      return json({ events: [
        { id: 'e1', messageId: 'm1', kind: 'click', class: 'human', reason: 'a browser, 40 s after the open', reliable: true, at: '2026-11-30T10:01:00.000Z', linkIndex: 0, url: 'https://example.org/p', subject: 'Subject m1', to: ['ana@example.org'] },
        { id: 'e2', messageId: 'm1', kind: 'open', class: 'security_scanner', reason: 'Microsoft ASN 8075 within 2 s of sending', reliable: false, at: '2026-11-30T09:00:01.000Z', linkIndex: null, url: null, subject: 'Subject m1', to: ['ana@example.org'] },
      ] });
    }
    if (pathname === '/api/contacts/status' && init.method === 'POST') {
      return json({ contacts: [{ email: 'ana@example.org', doNotContact: 'no_mass_email', consent: 'granted', tracking: 'refused', scope: { kind: 'team', id: 't1' }, lawfulBasis: 'consent', reason: null }] });
    }
    if (pathname === '/api/contacts/ana%40example.org/ledger') {
      return json({ email: 'ana@example.org', entries: [{ id: 'l1', at: '2026-11-30T10:05:00.000Z', scope_kind: 'team', scope_id: 't1', source: 'recipient_page', action: 'stopTracking', message_id: 'm1', changes: [{ field: 'tracking', from: 'allowed', to: 'refused' }], language: 'en', note: null }] });
    }
    return json({ error: { code: 'not_found', message: `no route ${pathname}` } }, 404);
  });
  return paths;
}

async function show(hash = ''): Promise<HTMLElement> {
  history.replaceState(null, '', `/activity.html${hash}`);
  await settingsItem.setValue({ ...DEFAULT_SETTINGS, workerUrl: 'https://t.example', apiToken: 'slt_x' });
  await accountItem.setValue({ email: 'me@example.com', role: 'sender', linkKey: { id: 'k', secret: 's' } as never });
  const root = document.createElement('div');
  document.body.append(root);
  await act(() => render(<Activity />, root));
  return root;
}

const rowsText = (root: HTMLElement) => [...root.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));

describe('the activity page', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.replaceChildren();
  });

  it('lists every tracked message with its counts and status, and filters through the Worker', async () => {
    const paths = worker();
    const root = await show();
    await vi.waitFor(() => expect(root.querySelectorAll('tbody tr')).toHaveLength(3));
    expect(rowsText(root).map((cells) => [cells[0], cells[3], cells[4], cells[5]])).toEqual([
      ['Subject m1', '2 (1 unreliable) +1 machine', '1', 'Opened'],
      ['Subject m2', '0 +3 machine', '0', 'Scanned by a security filter'],
      ['Subject m3', '0', '0', 'Not opened'],
    ]);
    const radio = (words: string) => [...root.querySelectorAll('label')].find((l) => l.textContent?.includes(words))!.querySelector('input[type=radio]') as HTMLInputElement;
    await act(() => radio('Machine opens only').click());
    await vi.waitFor(() => expect(root.querySelectorAll('tbody tr')).toHaveLength(1));
    expect(paths.at(-1)).toBe('/api/messages?filter=machine_only&limit=50');
    await act(() => radio('Not opened after').click());
    await vi.waitFor(() => expect(paths.at(-1)).toBe('/api/messages?filter=not_opened&days=3&limit=50'));
  });

  it('shows a message\'s events with who and why, its recipients\' choices and their ledger', async () => {
    worker();
    const root = await show('#message=m1');
    await vi.waitFor(() => expect(root.querySelector('h1')?.textContent).toBe('Subject m1'));
    const events = root.querySelector('table.events')!;
    expect([...events.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].slice(1).map((td) => td.textContent))).toEqual([
      ['Clicked https://example.org/p', 'a person', 'a browser, 40 s after the open'],
      ['Scanned by a security filter', 'security scanner', 'Microsoft ASN 8075 within 2 s of sending'],
    ]);
    // The verdict of all its events: a person clicked.
    expect(root.querySelector('.verdict')?.textContent).toBe('Opened');
    await vi.waitFor(() => expect(root.textContent).toContain('No mass email'));
    expect(root.textContent).toContain('Consent granted');
    expect(root.textContent).toContain('Tracking refused');
    expect(root.textContent).toContain('Your team');
    const ledgerButton = [...root.querySelectorAll('button')].find((b) => b.textContent === 'Show ledger of ana@example.org')!;
    await act(() => ledgerButton.click());
    await vi.waitFor(() => expect(root.textContent).toContain('Tracking allowed → Tracking refused'));
    expect(root.textContent).toContain("Recipient's page · Stopped tracking");
  });

  it('silences the message from its detail view', async () => {
    worker();
    const root = await show('#message=m1');
    await vi.waitFor(() => expect(root.querySelector('h1')?.textContent).toBe('Subject m1'));
    const silence = [...root.querySelectorAll('button')].find((b) => b.textContent === 'Silence')!;
    await act(() => silence.click());
    await vi.waitFor(async () => expect((await notificationStateItem.getValue()).silenced).toEqual(['m1']));
    await vi.waitFor(() => expect(silence.textContent).toBe('Silenced'));
  });
});
