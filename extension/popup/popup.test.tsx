import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { TrackingEvent } from '../../shared/schemas/events.ts';
import { accountItem, DEFAULT_SETTINGS, settingsItem } from '../storage.ts';
import { Popup } from './popup.tsx';

const now = Date.now();
function event(id: string, extra: Partial<TrackingEvent>): TrackingEvent {
  return {
    id, messageId: 'm1', kind: 'open', class: 'human', reason: 'a browser', reliable: true, at: new Date(now - 120_000).toISOString(),
    linkIndex: null, url: null, subject: 'Proposal', to: ['ana@example.org'], ...extra,
  };
}

async function showPopup(events: TrackingEvent[]): Promise<HTMLElement> {
  vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ events }), { status: 200 }));
  await settingsItem.setValue({ ...DEFAULT_SETTINGS, workerUrl: 'https://t.example', apiToken: 'slt_x' });
  await accountItem.setValue({ email: 'me@example.com', role: 'sender', linkKey: { id: 'k', secret: 's' } as never });
  const root = document.createElement('div');
  document.body.append(root);
  await act(() => render(<Popup />, root));
  await vi.waitFor(() => expect(root.textContent).toContain('Recent activity'));
  return root;
}

describe('the popup', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.replaceChildren();
  });

  it('shows each open and click in words under its message, machines folded away with a count', async () => {
    const root = await showPopup([
      event('e1', { kind: 'click', url: 'https://example.org/p' }),
      event('e2', { class: 'google_proxy' }),
      event('e3', { class: 'security_scanner', reason: 'Microsoft Defender ASN' }),
    ]);
    const words = [...root.querySelectorAll('.event-words')].map((node) => node.textContent);
    expect(words).toEqual(['Clicked https://example.org/p', 'Opened (unreliable: Gmail proxy)']);
    expect(root.textContent).toContain('Proposal');
    expect(root.textContent).toContain('to ana@example.org');
    expect(root.textContent).toContain('2 minutes ago');

    const toggle = [...root.querySelectorAll('button')].find((b) => b.textContent === 'Show machine activity (1)')!;
    await act(() => toggle.click());
    expect(root.textContent).toContain('Scanned by a security filter');
    expect(root.textContent).toContain('Microsoft Defender ASN');
  });

  it('links to the activity page and the opt-out list', async () => {
    const root = await showPopup([]);
    expect(root.textContent).toContain('No opens or clicks yet');
    const links = Object.fromEntries([...root.querySelectorAll('nav a')].map((a) => [a.textContent, a.getAttribute('href')]));
    expect(links['All activity']).toMatch(/\/activity\.html$/);
    expect(links['Opt-out list']).toMatch(/\/opt-outs\.html$/);
  });

  it('leaves out the sender\'s own changes on the opt-out list, which belong to no message', async () => {
    const root = await showPopup([event('e4', { messageId: '', kind: 'consent', reason: 'Changed by a sender (organisation-wide): doNotContact none → no_email', subject: null, to: [] }), event('e5', {})]);
    expect([...root.querySelectorAll('.event-words')].map((node) => node.textContent)).toEqual(['Opened']);
    expect(root.textContent).not.toContain('(no subject)');
  });

  it('tells how to connect when there is no Worker yet', async () => {
    const root = document.createElement('div');
    document.body.append(root);
    await act(() => render(<Popup />, root));
    await vi.waitFor(() => expect(root.textContent).toContain('Not connected yet'));
    expect(root.textContent).toContain('enter your Worker URL and API token');
  });
});
