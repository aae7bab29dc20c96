import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { TrackingEvent } from '../../shared/schemas/events.ts';
import { accountItem, DEFAULT_SETTINGS, settingsItem } from '../storage.ts';
import { Popup } from './popup.tsx';
import { isReadingNow, READING_NOW_MS } from './reading-now.tsx';

const now = Date.now();
function event(id: string, extra: Partial<TrackingEvent>): TrackingEvent {
  return {
    id, messageId: 'm1', kind: 'open', class: 'human', reason: 'a browser', reliable: true, at: new Date(now - 60 * 60_000).toISOString(),
    linkIndex: null, url: null, subject: 'Proposal', to: ['ana@example.org'], consent: null, ...extra,
  };
}
const ago = (ms: number) => new Date(now - ms).toISOString();

describe('isReadingNow', () => {
  it.each([
    ['a person\'s open a minute ago', [{ kind: 'open', reliable: true, at: ago(60_000) }], true],
    ['a person\'s open just inside the window', [{ kind: 'open', reliable: true, at: ago(READING_NOW_MS) }], true],
    ['a person\'s open an hour ago', [{ kind: 'open', reliable: true, at: ago(3_600_000) }], false],
    ['a proxy\'s open a minute ago', [{ kind: 'open', reliable: false, at: ago(60_000) }], false],
    ['a click a minute ago', [{ kind: 'click', reliable: true, at: ago(60_000) }], false],
    ['an old open and a fresh one', [{ kind: 'open', reliable: true, at: ago(3_600_000) }, { kind: 'open', reliable: true, at: ago(10_000) }], true],
    ['nothing', [], false],
  ] as const)('%s → %s', (_case, events, expected) => {
    expect(isReadingNow(events, now)).toBe(expected);
  });
});

describe('the popup while it is open', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.replaceChildren();
  });

  it('adds pushed events at the top, once, and says "Reading now" on a message just opened', async () => {
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ events: [event('e1', {})] }), { status: 200 }));
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, workerUrl: 'https://t.example', apiToken: 'slt_x' });
    await accountItem.setValue({ email: 'me@example.com', role: 'sender', linkKey: { id: 'k', secret: 's' } as never });
    const root = document.createElement('div');
    document.body.append(root);
    await act(() => render(<Popup />, root));
    await vi.waitFor(() => expect(root.querySelectorAll('.event-words')).toHaveLength(1));
    expect(root.textContent).not.toContain('Reading now');

    const pushed = event('e2', { at: ago(5_000) });
    for (let i = 0; i < 2; i++) await act(async () => {
        await fakeBrowser.runtime.onMessage.trigger({ type: 'live-event', event: pushed }, {}, () => undefined);
      });
    await vi.waitFor(() => expect(root.querySelectorAll('.event-words')).toHaveLength(2));
    expect(root.querySelector('.reading-now')?.textContent).toBe('Reading now');
  });
});
