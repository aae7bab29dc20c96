import { afterEach, describe, expect, it } from 'vitest';
import { outlookAdapter } from './adapter.ts';

function el(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

describe('Outlook schedule send', () => {
  afterEach(() => document.body.replaceChildren());

  it('knows the compose from its Send button\'s menu half, and a choice only in the schedule dialog', () => {
    const menuHalf = el('button', { id: 'splitButton-r1__menuButton', 'aria-haspopup': 'menu', class: 'fui-SplitButton__menuButton' });
    const compose = el('div', { id: 'docking_InitVisiblePart_1' },
      el('div', { 'data-testid': 'ComposeSendButton' }, el('span', { class: 'fui-SplitButton' }, el('button', { id: 'splitButton-r1__primaryActionButton' }, 'Send'), menuHalf)),
      el('div', { role: 'textbox', contenteditable: 'true', 'aria-multiline': 'true' }));
    const preset = el('div', { role: 'option' }, el('span', {}, 'Tomorrow morning'), el('span', {}, 'Tue 12/8/2026 8:00 AM'));
    const custom = el('div', { role: 'option' }, el('span', {}, 'Custom time'));
    const dialog = el('div', { role: 'dialog' }, el('div', { role: 'listbox' }, preset, custom));
    document.body.append(compose, dialog);
    const schedule = outlookAdapter.scheduledSend!;
    expect(schedule.composeForMenuControl(menuHalf)?.root).toBe(compose);
    expect(outlookAdapter.composeForSendControl(menuHalf)).toBeNull();
    expect(schedule.choice(preset.lastElementChild!)).toEqual({ at: new Date(2026, 11, 8, 8, 0) });
    // "Custom time" only opens the picker; its Send button is the choice.
    expect(schedule.choice(custom)).toBeNull();
    const submit = el('button', { type: 'submit' }, 'Send');
    dialog.replaceChildren(el('form', {}, el('input', { value: '12/31/2027' }), el('input', { value: '9:30 AM' }), submit));
    expect(schedule.choice(submit)).toEqual({ at: new Date(2027, 11, 31, 9, 30) });
  });
});
