import { beforeEach, describe, expect, it } from 'vitest';
import { gmailAdapter } from './adapter.ts';

function el(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function peopleKitChip(field: string, address: string): HTMLElement {
  return el('div', { class: 'anm', name: field }, el('div', { role: 'listbox' },
    el('div', { class: 'afV', role: 'option', 'data-hovercard-id': address, 'data-name': 'Ana' }, 'Ana', el('div', { class: 'afX', role: 'button', 'aria-label': 'Entfernen' }))));
}

function classicChip(field: string, value: string): HTMLElement {
  return el('div', { class: 'vR' }, el('span', { class: 'vN' }, value.split(' <')[0]!), el('input', { type: 'hidden', name: field, value }), el('div', { class: 'vM' }));
}

/** A compose as Gmail builds it; `variant` picks the older or A/B form of each landmark. */
function compose(variant: 'current' | 'older', recipients: HTMLElement[]): HTMLElement {
  const body =
    variant === 'current'
      ? el('div', { contenteditable: 'true', role: 'textbox', g_editable: 'true', 'aria-label': 'Nachrichtentext', class: 'Am Al editable' }, 'Hallo')
      : el('div', { contenteditable: 'true', class: 'Am aiL editable' }, 'Hello');
  const send = el('div', { role: 'button', 'data-tooltip': 'Senden (Strg-Eingabe)', 'data-tooltip-delay': '800' }, 'Senden');
  const more = el('div', { role: 'button', 'aria-haspopup': 'true' });
  const inner = el('div', {},
    el('form', {}, ...recipients, el('input', variant === 'current' ? { name: 'subjectbox', value: 'Betreff' } : { name: 'subject', value: 'Betreff' })),
    el('table', {}, el('tbody', {}, el('tr', {}, el('td', { class: 'Ap' }, el('div', {}, body))))),
    el('table', { class: 'IZ', role: 'group' }, el('tbody', {}, el('tr', { class: 'btC' },
      el('td', { class: 'gU Up' }, el('div', {}, el('div', {}, send, more))), el('td', { class: 'oc gU' }), el('td', { class: 'gU az5' })))));
  return variant === 'current' ? el('div', { class: 'M9' }, el('div', { role: 'region', 'data-compose-id': 'c1' }, inner)) : el('div', { class: 'M9' }, inner);
}

describe('the Gmail adapter', () => {
  beforeEach(() => document.body.replaceChildren());

  it.each(['current', 'older'] as const)('finds the %s compose landmarks, whatever the UI language', (variant) => {
    document.body.append(compose(variant, [peopleKitChip('to', 'Ana@Example.org')]));
    const [found] = gmailAdapter.findComposes(document);
    expect(found).toBeDefined();
    expect(found!.body()?.textContent).toBe(variant === 'current' ? 'Hallo' : 'Hello');
    expect(found!.subject()).toBe('Betreff');
    const send = document.querySelector('[data-tooltip-delay]')!;
    expect(gmailAdapter.composeForSendControl(send)?.root).toBe(found!.root);
    // The "more send options" arrow is not Send.
    expect(gmailAdapter.composeForSendControl(document.querySelector('[aria-haspopup=true]')!)).toBeNull();
    expect(gmailAdapter.composeContaining(found!.body()!)?.root).toBe(found!.root);
  });

  it('finds one compose per region, also several at once', () => {
    document.body.append(compose('current', []), compose('current', []));
    expect(gmailAdapter.findComposes(document)).toHaveLength(2);
  });

  it.each([
    ['PeopleKit chips', [peopleKitChip('to', 'Ana@Example.org'), peopleKitChip('cc', 'bo@example.org')], { to: ['ana@example.org'], cc: ['bo@example.org'], bcc: [] }],
    ['classic chips holding "Name <email>"', [classicChip('to', 'Ana <ana@example.org>'), classicChip('bcc', 'Cy <cy@example.org>')], { to: ['ana@example.org'], cc: [], bcc: ['cy@example.org'] }],
  ])('reads %s per field', (_case, chips, expected) => {
    document.body.append(compose('current', chips));
    const [found] = gmailAdapter.findComposes(document);
    expect(found!.recipients()).toEqual(expected);
    expect(found!.recipientChips().every((chip) => chip.element.isConnected)).toBe(true);
  });

  it.each([
    ['PeopleKit', (value: string) => el('div', { class: 'anm', name: 'to' }, el('div', { role: 'listbox' }), el('input', { role: 'combobox', 'peoplekit-id': 'pk1', value }))],
    ['classic', (value: string) => el('div', {}, el('textarea', { class: 'vO', name: 'to' }, value))],
  ])('reads the %s field\'s text typed but not yet a chip', (_case, field) => {
    document.body.append(compose('current', [field('Ana@Example.org, Hal')]));
    const [found] = gmailAdapter.findComposes(document);
    expect(found!.typedRecipients()).toEqual([{ field: 'to', text: 'Ana@Example.org, Hal', addresses: ['ana@example.org'] }]);
    expect(found!.recipients().to).toEqual(['ana@example.org']);
    expect(found!.missingLandmarks()).toEqual([]);
  });

  it('names the landmarks a compose lacks', () => {
    const root = compose('current', []);
    root.querySelector('.IZ')!.remove();
    root.querySelector('[g_editable]')!.remove();
    document.body.append(root);
    expect(gmailAdapter.findComposes(document)[0]!.missingLandmarks()).toEqual(['body', 'send', 'recipients']);
  });

  it.each([
    ['PeopleKit', peopleKitChip('to', 'ana@example.org')],
    ['classic', classicChip('to', 'Ana <ana@example.org>')],
  ])('removes a %s chip with its own remove control', (_case, chip) => {
    document.body.append(compose('current', [chip]));
    const [found] = gmailAdapter.findComposes(document);
    const control = chip.querySelector('[role=button], .vM')!;
    let clicked = 0;
    control.addEventListener('click', () => (clicked += 1));
    expect(found!.removeRecipient(found!.recipientChips()[0]!)).toBe(true);
    expect(clicked).toBe(1);
  });

  it('places the toolbar once, in a cell before the formatting toggle', () => {
    document.body.append(compose('current', []));
    const [found] = gmailAdapter.findComposes(document);
    const host = document.createElement('div');
    expect(found!.placeToolbar(host)).toBe(true);
    expect(found!.placeToolbar(host)).toBe(true);
    const cells = [...document.querySelectorAll('tr.btC > td')];
    expect(cells).toHaveLength(4);
    expect(cells[1]!.firstElementChild).toBe(host);
    expect(cells[2]!.className).toBe('oc gU');
  });

  it('has no place for the toolbar before Gmail renders its bottom row', () => {
    document.body.append(el('div', { class: 'M9' }, el('div', { role: 'region', 'data-compose-id': 'c9' })));
    const [found] = gmailAdapter.findComposes(document);
    expect(found!.placeToolbar(document.createElement('div'))).toBe(false);
  });
});
