import { afterEach, describe, expect, it } from 'vitest';
import type { ComposeWindow } from '../mail-clients/adapter.ts';
import { DEFAULT_SETTINGS, type Settings } from '../storage.ts';
import { ComposeSession } from './compose-session.ts';
import type { RecipientStatuses } from './recipient-status.ts';
import { mountToolbar, unmountToolbar } from './toolbar.tsx';

const settings: Settings = { ...DEFAULT_SETTINGS, workerUrl: 'https://t.example', apiToken: 'x' };
const noStatuses = { get: () => undefined, request: () => undefined, problem: null } as unknown as RecipientStatuses;

function setup() {
  const root = document.createElement('div');
  const compose = { root, quoteMarks: { containers: [], marker: null }, body: () => null, subject: () => '', recipients: () => ({ to: [], cc: [], bcc: [] }), recipientChips: () => [], typedRecipients: () => [], missingLandmarks: () => [], removeRecipient: () => false, placeToolbar: () => true } as unknown as ComposeWindow;
  const session = new ComposeSession(compose, () => settings, noStatuses);
  const picked: string[] = [];
  const host = mountToolbar(document, session, { insertSmartLink: (action) => picked.push(action) });
  document.body.append(host);
  const shadow = host.shadowRoot!;
  const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { host, shadow, session, picked, flush };
}

describe('the compose toolbar', () => {
  afterEach(() => document.body.replaceChildren());

  it('has the contract\'s names: a Smart Links menu of five, and the "Track this message" switch on by default', async () => {
    const { shadow, flush } = setup();
    const button = shadow.querySelector<HTMLButtonElement>('button[aria-haspopup=menu]')!;
    expect(button.textContent).toBe('Smart Links');
    button.click();
    await flush();
    expect([...shadow.querySelectorAll('[role=menuitem]')].map((item) => item.textContent)).toEqual([
      'Unsubscribe', 'Update preferences', 'Grant consent', 'Withdraw consent', 'Stop tracking me',
    ]);
    const toggle = shadow.querySelector('[role=switch]')!;
    expect(toggle.textContent).toBe('Track this message');
    expect(toggle.getAttribute('aria-checked')).toBe('true');
  });

  it('works from the keyboard: ArrowDown opens the menu on its first item, arrows move, Escape closes', async () => {
    const { shadow, picked, flush } = setup();
    const button = shadow.querySelector<HTMLButtonElement>('button[aria-haspopup=menu]')!;
    button.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    await flush();
    const items = () => [...shadow.querySelectorAll<HTMLButtonElement>('[role=menuitem]')];
    expect(shadow.activeElement).toBe(items()[0]);
    items()[0]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true }));
    expect(shadow.activeElement).toBe(items()[4]);
    items()[4]!.click();
    await flush();
    expect(picked).toEqual(['stopTracking']);
    expect(items()).toHaveLength(0);
    button.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    await flush();
    items()[0]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await flush();
    expect(items()).toHaveLength(0);
    expect(shadow.activeElement).toBe(button);
  });

  it('switches tracking off for this compose only, and greys the choice of what to track', async () => {
    const { shadow, session, flush } = setup();
    shadow.querySelector<HTMLButtonElement>('[role=switch]')!.click();
    await flush();
    expect(session.view().choices.track).toBe(false);
    expect(shadow.querySelector('[role=switch]')!.getAttribute('aria-checked')).toBe('false');
    expect(shadow.querySelector<HTMLSelectElement>('select')!.disabled).toBe(true);
    expect(setup().session.view().choices.track).toBe(true);
  });

  it('leaves nothing behind when unmounted', () => {
    const { host } = setup();
    unmountToolbar(host);
    expect(host.isConnected).toBe(false);
  });
});
