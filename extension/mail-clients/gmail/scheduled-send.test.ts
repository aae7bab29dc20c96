import { afterEach, describe, expect, it } from 'vitest';
import { gmailAdapter } from './adapter.ts';
import { readScheduleTime } from './scheduled-send.ts';

function el(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

describe('Gmail schedule send', () => {
  afterEach(() => document.body.replaceChildren());
  const now = new Date(2026, 11, 1, 11, 0); // 1 December 2026, 11:00 local

  it('reads a choice as the next such time (the formats: displayed-time.test.ts)', () => {
    expect(readScheduleTime('Tomorrow morning Dec 2, 8:00 AM', now)).toEqual(new Date(2026, 11, 2, 8, 0));
    expect(readScheduleTime('Monday morning Jan 4, 8:00 AM', now)).toEqual(new Date(2027, 0, 4, 8, 0));
    expect(readScheduleTime('Last scheduled time Dec 1, 9:00 AM', now)).toEqual(new Date(2026, 11, 1, 9, 0));
    expect(readScheduleTime('Dec 31, 2027 9:30 AM', now)).toEqual(new Date(2027, 11, 31, 9, 30));
    expect(readScheduleTime('Morgen früh 2. Dez., 08:00', now)).toBeNull();
  });

  it('knows the compose from its own arrow, and a choice only in the schedule dialog', () => {
    const send = el('div', { role: 'button', 'aria-label': 'Send' }, 'Send');
    const arrow = el('div', { role: 'button', class: 'T-I hG', 'aria-haspopup': 'true', 'aria-label': 'More send options' }, '▾');
    const compose = el('div', { class: 'M9' }, el('div', { role: 'region', 'data-compose-id': 'c1' },
      el('table', { class: 'IZ' }, el('tbody', {}, el('tr', {}, el('td', { class: 'gU Up' }, el('div', { class: 'dC' }, el('div', { class: 'btA' }, send), arrow)))))));
    const label = el('div', { class: 'Aw' }, 'Tomorrow morning');
    const preset = el('div', { role: 'menuitem', class: 'Az' }, label, el('div', { class: 'Ay' }, 'Dec 2, 8:00 AM'));
    const pick = el('div', { role: 'menuitem', class: 'Az AM' }, 'Pick date & time');
    const dialog = el('div', { role: 'dialog', 'aria-label': 'Schedule send' }, preset, pick);
    const elsewhere = el('div', { role: 'menuitem', class: 'Az' }, 'Dec 2, 8:00 AM');
    document.body.append(compose, dialog, elsewhere);
    const schedule = gmailAdapter.scheduledSend!;

    expect(schedule.composeForMenuControl(arrow)?.root).toBe(compose.querySelector('[data-compose-id]') ?? compose);
    expect(schedule.composeForMenuControl(send)).toBeNull();
    expect(gmailAdapter.composeForSendControl(arrow)).toBeNull();
    expect(schedule.choice(label)?.at?.getHours()).toBe(8);
    // "Pick date & time" only opens the picker; a menu item outside the dialog is not a choice.
    expect(schedule.choice(pick)).toBeNull();
    expect(schedule.choice(elsewhere)).toBeNull();

    dialog.replaceChildren(el('input', { 'aria-label': 'Date', value: 'Dec 31, 2027' }), el('input', { 'aria-label': 'Time', value: '9:30 AM' }));
    const confirm = el('div', { role: 'button', selector: 'scheduledSend' }, 'Schedule send');
    dialog.append(confirm);
    (dialog.querySelector('[aria-label=Date]') as HTMLInputElement).value = 'Dec 31, 2027';
    (dialog.querySelector('[aria-label=Time]') as HTMLInputElement).value = '9:30 AM';
    expect(schedule.choice(confirm)?.at).toEqual(new Date(2027, 11, 31, 9, 30));
  });
});
