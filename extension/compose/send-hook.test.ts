import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ComposeWindow, MailClientAdapter } from '../mail-clients/adapter.ts';
import { outlookSelectors } from '../mail-clients/outlook/selectors.ts';
import { installSendHook, type SendDecision } from './send-hook.ts';
import { TOOLBAR_HOST_ATTRIBUTE } from './toolbar-style.ts';

/** A page whose own send handler runs in the bubble phase, as Gmail's and Outlook's do. */
function page() {
  const root = document.createElement('div');
  const body = document.createElement('div');
  const send = document.createElement('button');
  const toolbar = document.createElement('div');
  toolbar.setAttribute(TOOLBAR_HOST_ATTRIBUTE, '');
  root.append(body, send, toolbar);
  document.body.append(root);
  const compose = { root } as unknown as ComposeWindow;
  const adapter = {
    name: 'outlook',
    sendShortcuts: outlookSelectors.sendShortcuts,
    findComposes: () => [compose],
    composeForSendControl: (target: Element) => (target === send ? compose : null),
    composeContaining: (target: Element) => (root.contains(target) ? compose : null),
  } as unknown as MailClientAdapter;
  const siteSent: string[] = [];
  document.addEventListener('click', (event) => event.target === send && siteSent.push('click'));
  document.addEventListener('keydown', (event) => ((event.key === 'Enter' && event.ctrlKey) || (event.code === 'KeyS' && event.altKey)) && siteSent.push('keys'));
  return { body, send, toolbar, adapter, siteSent };
}

describe('installSendHook', () => {
  let controller: AbortController;
  beforeEach(() => (controller = new AbortController()));
  afterEach(() => {
    controller.abort();
    document.body.replaceChildren();
  });

  it('runs before the site\'s own handler, for a click on Send and for Ctrl+Enter in the body', () => {
    const { body, send, adapter, siteSent } = page();
    const order: string[] = [];
    installSendHook(document, adapter, () => (order.push(`ours, site had ${siteSent.length}`), 'send'), () => undefined, controller.signal);
    send.click();
    body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }));
    expect(order).toEqual(['ours, site had 0', 'ours, site had 1']);
    expect(siteSent).toEqual(['click', 'keys']);
  });

  it.each([
    ['Alt+S', { key: 's', code: 'KeyS', altKey: true }, 1],
    ['Alt+S on a layout where it types "ß"', { key: 'ß', code: 'KeyS', altKey: true }, 1],
    ['AltGr+S (Ctrl+Alt), which types a character', { key: 'ś', code: 'KeyS', altKey: true, ctrlKey: true }, 0],
    ['S alone', { key: 's', code: 'KeyS' }, 0],
  ])('takes the client\'s other send shortcuts: %s', (_case, init, expected) => {
    const { body, adapter } = page();
    let sends = 0;
    installSendHook(document, adapter, () => (sends++, 'send'), () => undefined, controller.signal);
    body.dispatchEvent(new KeyboardEvent('keydown', { ...init, bubbles: true }));
    expect(sends).toBe(expected);
  });

  it('holds the send only when asked to', () => {
    const { send, adapter, siteSent } = page();
    let decision: SendDecision = 'hold';
    installSendHook(document, adapter, () => decision, () => undefined, controller.signal);
    send.click();
    expect(siteSent).toEqual([]);
    decision = 'send';
    send.click();
    expect(siteSent).toEqual(['click']);
  });

  it('lets the email go, and tells the sender, when our step throws', () => {
    const { send, adapter, siteSent } = page();
    const told: unknown[] = [];
    installSendHook(document, adapter, () => { throw new Error('boom'); }, (_compose, err) => told.push(err), controller.signal);
    send.click();
    expect(siteSent).toEqual(['click']);
    expect(String(told[0])).toBe('Error: boom');
  });

  it('takes keys typed in our own toolbar for ours, not for a send', () => {
    const { toolbar, adapter } = page();
    let runs = 0;
    installSendHook(document, adapter, () => (runs++, 'send'), () => undefined, controller.signal);
    toolbar.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true, composed: true }));
    expect(runs).toBe(0);
  });

  it('takes a schedule choice in a detached dialog for the compose whose send options opened it, with its time', () => {
    const { adapter, siteSent } = page();
    const [first, second] = [0, 1].map(() => {
      const root = document.createElement('div');
      const arrow = document.createElement('button');
      root.append(arrow);
      document.body.append(root);
      return { compose: { root } as unknown as ComposeWindow, arrow };
    });
    const dialog = document.createElement('div');
    const preset = document.createElement('div');
    const unreadable = document.createElement('div');
    dialog.append(preset, unreadable);
    document.body.append(dialog);
    const at = new Date(2026, 11, 2, 8, 0);
    const scheduling = {
      ...adapter,
      scheduledSend: {
        composeForMenuControl: (target: Element) => [first!, second!].find((c) => c.arrow === target)?.compose ?? null,
        choice: (target: Element) => (target === preset ? { at } : target === unreadable ? { at: null } : null),
      },
    } as MailClientAdapter;
    document.addEventListener('click', (event) => event.target === preset && siteSent.push('scheduled'));
    const calls: [HTMLElement, Date | null | undefined][] = [];
    let decision: SendDecision = 'send';
    installSendHook(document, scheduling, (compose, occasion) => (calls.push([compose.root, occasion.scheduledFor]), decision), () => undefined, controller.signal);

    // A choice before any compose opened its options is nobody's.
    preset.click();
    expect(calls).toEqual([]);
    second!.arrow.click();
    first!.arrow.click();
    preset.click();
    unreadable.click();
    expect(calls).toEqual([[first!.compose.root, at], [first!.compose.root, null]]);
    // Held (an opted-out recipient): Gmail never sees the choice.
    decision = 'hold';
    siteSent.length = 0;
    preset.click();
    expect(siteSent).toEqual([]);
    // The compose is gone (sent, discarded): a late choice is not a send of it.
    first!.compose.root.remove();
    preset.click();
    expect(calls).toHaveLength(3);
  });
});
