import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { outlookAdapter } from './adapter.ts';
import { rememberTypedAddresses } from './typed-addresses.ts';

function el(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** What OWA does on commit: the typed text goes, a chip showing only the display name comes. */
function commitAsOwa(well: HTMLElement, name: string) {
  for (const node of [...well.childNodes]) if (node.nodeType === Node.TEXT_NODE) node.remove();
  well.append(el('span', { 'data-lpc-hover-target-id': `lpc-${name.length}`, contenteditable: 'false' }, el('span', {}, name)));
}

function compose() {
  const well = el('div', { contenteditable: 'true', role: 'textbox', 'aria-labelledby': 'recipient-well-label-to' });
  const body = el('div', { role: 'textbox', contenteditable: 'true', 'aria-multiline': 'true' });
  const root = el('div', { id: 'docking_InitVisiblePart_0' }, el('label', { id: 'recipient-well-label-to' }, 'An'), well, body);
  document.body.replaceChildren(root);
  return { well, chips: () => outlookAdapter.findComposes(document)[0]!.recipientChips().map(({ label, address }) => ({ label, address })) };
}

describe('addresses typed or picked for name-only chips', () => {
  let controller: AbortController;
  beforeEach(() => {
    controller = new AbortController();
    rememberTypedAddresses(document, controller.signal);
  });
  afterEach(() => {
    controller.abort();
    document.body.replaceChildren();
  });

  it.each(['Enter', 'Tab', ';'])('remembers an address typed and committed with %s', async (key) => {
    const { well, chips } = compose();
    well.append('Ana@Example.org');
    well.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
    commitAsOwa(well, 'Ana Example');
    await vi.waitFor(() => expect(chips()).toEqual([{ label: 'Ana Example', address: 'ana@example.org' }]));
  });

  it('remembers it by name, so a re-rendered chip keeps its address', async () => {
    const { well, chips } = compose();
    well.append('ana@example.org');
    well.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    commitAsOwa(well, 'Ana Example');
    await vi.waitFor(() => expect(chips()[0]!.address).toBe('ana@example.org'));
    well.replaceChildren();
    commitAsOwa(well, 'Ana Example');
    expect(chips()).toEqual([{ label: 'Ana Example', address: 'ana@example.org' }]);
  });

  it('remembers a suggestion picked with the mouse', async () => {
    const { well, chips } = compose();
    well.append('bo');
    well.dispatchEvent(new InputEvent('input', { bubbles: true }));
    const option = el('div', { role: 'option' }, el('span', {}, 'Bob Builder'), el('span', {}, 'bob@example.org'));
    document.body.append(el('div', { role: 'listbox' }, option));
    option.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    commitAsOwa(well, 'Bob Builder');
    await vi.waitFor(() => expect(chips()).toEqual([{ label: 'Bob Builder', address: 'bob@example.org' }]));
  });

  it('remembers a suggestion chosen with the arrow keys and Enter', async () => {
    const { well, chips } = compose();
    well.append('cl');
    document.body.append(el('div', { role: 'listbox' }, el('div', { role: 'option', id: 'sug-1' }, 'Cleo Park cleo@example.org')));
    well.setAttribute('aria-activedescendant', 'sug-1');
    well.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    commitAsOwa(well, 'Cleo Park');
    await vi.waitFor(() => expect(chips()).toEqual([{ label: 'Cleo Park', address: 'cleo@example.org' }]));
  });

  it('says "cannot check" for a name it never saw typed, and forgets text edited away', async () => {
    const { well, chips } = compose();
    well.append('dan@example.org');
    well.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true }));
    well.replaceChildren('da');
    well.dispatchEvent(new InputEvent('input', { bubbles: true }));
    commitAsOwa(well, 'Dana Other');
    await Promise.resolve();
    expect(chips()).toEqual([{ label: 'Dana Other', address: null }]);
  });
});
