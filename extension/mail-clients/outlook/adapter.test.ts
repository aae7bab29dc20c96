import { afterEach, describe, expect, it } from 'vitest';
import { outlookAdapter } from './adapter.ts';

type Child = Node | string;

function el(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

const body = (label = 'Message body', ...children: Child[]) =>
  el('div', { id: 'editorParent_1' }, el('div', { role: 'textbox', contenteditable: 'true', 'aria-multiline': 'true', 'aria-label': label, class: 'dFCbN x8Xh1', dir: 'ltr' }, ...children));

const sendButton = (label = 'Send') =>
  el('div', { 'data-testid': 'ComposeSendButton' },
    el('span', { class: 'fui-SplitButton' },
      el('button', { id: 'splitButton-r1__primaryActionButton', class: 'fui-SplitButton__primaryActionButton', 'aria-label': label }, el('span', {}, label)),
      el('button', { id: 'splitButton-r1__menuButton', 'aria-haspopup': 'menu', 'aria-expanded': 'false', class: 'fui-SplitButton__menuButton' })));

const well = (field: 'to' | 'cc' | 'bcc', label: string, ...chips: Child[]) =>
  el('div', { class: 'row' },
    el('label', { id: `recipient-well-label-${field}` }, label),
    el('div', { contenteditable: 'true', role: 'textbox', 'aria-labelledby': `recipient-well-label-${field}`, 'aria-label': label }, ...chips));

const chip = (text: string, attrs: Record<string, string> = {}) =>
  el('span', { 'data-lpc-hover-target-id': `lpc-${Math.random().toString(36).slice(2)}`, contenteditable: 'false', ...attrs },
    el('span', { class: 'textContainer-142' }, text),
    el('button', { 'aria-label': 'Remove', type: 'button' }, '×'));

function docked(...parts: Child[]) {
  return el('div', { id: 'ReadingPaneContainerId' }, el('div', { id: 'docking_InitVisiblePart_0' }, ...parts));
}

function mount(...nodes: Node[]) {
  document.body.replaceChildren(...nodes);
}

afterEach(() => document.body.replaceChildren());

describe('Outlook compose landmarks', () => {
  it.each([
    ['docked in the reading pane', () => docked(sendButton(), body()), 'docking_InitVisiblePart_0'],
    ['full page', () => el('div', { role: 'main' }, el('div', { 'data-app-section': 'Form_Content', id: 'form' }, sendButton(), body())), 'form'],
    ['an older full page form', () => el('div', { role: 'main' }, el('div', { 'data-app-section': 'ComposeForm', id: 'form' }, body())), 'form'],
    ['only a main region', () => el('div', { role: 'main', id: 'main' }, body()), 'main'],
    ['a pop-out window', () => el('div', { id: '_owa_projection_root' }, el('div', {}, sendButton(), body())), '_owa_projection_root'],
  ])('finds a compose %s', (_, tree, rootId) => {
    mount(tree());
    const composes = outlookAdapter.findComposes(document);
    expect(composes.map((compose) => compose.root.id)).toEqual([rootId]);
  });

  it('finds a compose in a pop-out document of its own', () => {
    const popout = document.implementation.createHTMLDocument('');
    popout.body.append(popout.importNode(el('div', { id: '_owa_projection_root' }, body()), true));
    expect(outlookAdapter.findComposes(popout).map((compose) => compose.root.id)).toEqual(['_owa_projection_root']);
  });

  it('finds no compose in a read view, and two docked composes apart', () => {
    mount(el('div', { role: 'main' }, el('div', { id: 'UniqueMessageBody_1', role: 'document' }, 'Hello')));
    expect(outlookAdapter.findComposes(document)).toEqual([]);
    mount(el('div', { id: 'docking_InitVisiblePart_0' }, body()), el('div', { id: 'docking_InitVisiblePart_1' }, body()));
    expect(outlookAdapter.findComposes(document)).toHaveLength(2);
  });

  it.each([
    ['current English', 'Message body'],
    ['older English', 'Message body, press Alt+F10 to exit'],
    ['German', 'Nachrichtentext'],
    ['Chinese', '邮件正文'],
  ])('finds the body with a %s label', (_, label) => {
    mount(docked(body(label, 'Hi')));
    expect(outlookAdapter.findComposes(document)[0]!.body()!.getAttribute('aria-label')).toBe(label);
  });

  it('finds the body again after the editor replaced its node', () => {
    mount(docked(body()));
    const [compose] = outlookAdapter.findComposes(document);
    const first = compose!.body()!;
    const rendered = first.cloneNode(true) as HTMLElement;
    first.replaceWith(rendered);
    expect(compose!.body()).toBe(rendered);
    expect(compose!.body()).not.toBe(first);
  });

  it.each([
    ['2025‑26 id and label', { id: 'MSG_3f9a0c_SUBJECT', 'aria-label': 'Subject' }],
    ['German label with the draft id', { id: 'MSG_3f9a0c_SUBJECT', 'aria-label': 'Betreff' }],
    ['older "Add a subject"', { 'aria-label': 'Add a subject' }],
    ['older subjectLine id', { id: 'subjectLine0', 'aria-label': 'Betreff hinzufügen' }],
    ['Fluent v8 text field', { class: 'ms-TextField-field' }],
    ['Chinese label, no id', { type: 'text', 'aria-label': '添加主题' }],
  ])('reads the subject: %s', (_, attrs) => {
    const input = el('input', attrs) as HTMLInputElement;
    input.value = 'Quarterly plan';
    mount(docked(well('to', 'To'), input, body()));
    expect(outlookAdapter.findComposes(document)[0]!.subject()).toBe('Quarterly plan');
  });

  describe('Send control', () => {
    it.each([
      ['the Fluent split button', () => sendButton('Send'), 'button[id$=__primaryActionButton] span'],
      ['German "Senden"', () => sendButton('Senden'), 'button[id$=__primaryActionButton]'],
      ['Chinese "发送"', () => sendButton('发送'), 'button[id$=__primaryActionButton]'],
      ['a split button without data-testid', () => el('span', {}, el('button', { id: 'splitButton-r7__primaryActionButton' }, 'Send')), 'button'],
      ['an older name=Send button', () => el('button', { name: 'Send', class: 'ms-Button ms-Button--primary', 'aria-label': 'Send' }, 'Send'), 'button[name=Send]'],
    ])('recognises %s', (_, control, clicked) => {
      mount(docked(el('div', { role: 'toolbar' }, control()), body()));
      const target = document.querySelector(clicked)!;
      expect(outlookAdapter.composeForSendControl(target)?.root.id).toBe('docking_InitVisiblePart_0');
    });

    it('ignores the split button\'s menu half (Schedule send) and a Reply split button in the read view', () => {
      const reply = el('span', {}, el('button', { id: 'splitButton-r2__primaryActionButton' }, 'Reply'));
      mount(el('div', { role: 'main' }, el('div', { id: 'UniqueMessageBody_1' }, reply), el('div', { id: 'ReadingPaneContainerId' }, docked(sendButton(), body()))));
      expect(outlookAdapter.composeForSendControl(document.querySelector('[id$=__menuButton]')!)).toBeNull();
      expect(outlookAdapter.composeForSendControl(reply.querySelector('button')!)).toBeNull();
      expect(outlookAdapter.composeForSendControl(document.querySelector('[data-testid=ComposeSendButton] button')!)).not.toBeNull();
    });

    it('ignores another split button in the compose itself (Attach file)', () => {
      const attach = el('span', {}, el('button', { id: 'splitButton-r9__primaryActionButton' }, 'Attach file'));
      mount(docked(el('div', { role: 'toolbar' }, attach, sendButton()), body()));
      expect(outlookAdapter.composeForSendControl(attach.querySelector('button')!)).toBeNull();
    });

    it('finds the compose of a key press in its body, not one of a key press in the message list', () => {
      const list = el('div', { role: 'listbox', id: 'MailList' }, el('div', { role: 'option' }, 'Older mail'));
      mount(el('div', { role: 'main' }, list, docked(body('Message body', 'Hi'))));
      expect(outlookAdapter.composeContaining(document.querySelector('[aria-multiline=true]')!)?.root.id).toBe('docking_InitVisiblePart_0');
      expect(outlookAdapter.composeContaining(document.querySelector('#MailList [role=option]')!)).toBeNull();
      mount(docked(well('to', 'To'), body()));
      expect(outlookAdapter.composeContaining(document.querySelector('[aria-labelledby=recipient-well-label-to]')!)?.root.id).toBe('docking_InitVisiblePart_0');
    });
  });

  describe('recipient chips', () => {
    it.each([
      ['a name only, never typed here', chip('Ana Example'), { address: null, label: 'Ana Example' }],
      ['an unresolved address', chip('ana@example.org'), { address: 'ana@example.org', label: 'ana@example.org' }],
      ['"Name <email>" of a re-opened draft', chip('Ana Example <Ana@Example.org>'), { address: 'ana@example.org', label: 'Ana Example <Ana@Example.org>' }],
      ['a name with the address in its title', chip('Ana Example', { title: 'ana@example.org' }), { address: 'ana@example.org', label: 'Ana Example' }],
      ['a name with an address-shaped hover-target id', chip('Ana Example', { 'data-lpc-hover-target-id': 'ana@example.org' }), { address: 'ana@example.org', label: 'Ana Example' }],
    ])('reads %s', (_, element, expected) => {
      mount(docked(well('to', 'To', element), body()));
      const [found] = outlookAdapter.findComposes(document)[0]!.recipientChips();
      expect({ address: found!.address, label: found!.label }).toEqual(expected);
      expect(found!.element).toBe(element);
    });

    it.each([
      ['English label ids', ['To', 'Cc', 'Bcc']],
      ['German labels', ['An', 'Cc', 'Bcc']],
      ['Chinese labels', ['收件人', '抄送', '密件抄送']],
    ])('tells To, Cc and Bcc apart with %s', (_, [to, cc, bcc]) => {
      mount(docked(well('to', to!, chip('a@example.org')), well('cc', cc!, chip('c@example.org')), well('bcc', bcc!, chip('b@example.org')), body()));
      expect(outlookAdapter.findComposes(document)[0]!.recipients()).toEqual({ to: ['a@example.org'], cc: ['c@example.org'], bcc: ['b@example.org'] });
    });

    it('falls back to the aria-label, then to the position, when there is no label id', () => {
      const bare = (label: string, address: string) => el('div', { contenteditable: 'true', role: 'textbox', 'aria-label': label }, chip(address));
      mount(docked(bare('An', 'a@example.org'), bare('Bcc', 'b@example.org'), body()));
      expect(outlookAdapter.findComposes(document)[0]!.recipients()).toEqual({ to: ['a@example.org'], cc: [], bcc: ['b@example.org'] });
      mount(docked(bare('', 'a@example.org'), bare('', 'c@example.org'), body()));
      expect(outlookAdapter.findComposes(document)[0]!.recipients()).toEqual({ to: ['a@example.org'], cc: ['c@example.org'], bcc: [] });
    });

    it('reads chips that sit beside their well in its row (some builds)', () => {
      const row = (field: 'to' | 'cc', address: string) =>
        el('div', {}, el('label', { id: `recipient-well-label-${field}` }, field), el('span', {}, chip(address)), el('div', { contenteditable: 'true', role: 'textbox' }));
      mount(docked(row('to', 'a@example.org'), row('cc', 'c@example.org'), body()));
      expect(outlookAdapter.findComposes(document)[0]!.recipients()).toEqual({ to: ['a@example.org'], cc: ['c@example.org'], bcc: [] });
    });

    it('reads what is typed in a well and not yet a chip, beside the chips there', () => {
      mount(docked(sendButton(), well('to', 'To', chip('Ana Example'), 'bo@example.org'), well('cc', 'Cc', 'Hal'), body()));
      const compose = outlookAdapter.findComposes(document)[0]!;
      expect(compose.typedRecipients()).toEqual([
        { field: 'to', text: 'bo@example.org', addresses: ['bo@example.org'] },
        { field: 'cc', text: 'Hal', addresses: [] },
      ]);
      expect(compose.recipients()).toEqual({ to: ['bo@example.org'], cc: [], bcc: [] });
      expect(compose.missingLandmarks()).toEqual([]);
    });

    it('names the landmarks a compose lacks', () => {
      mount(docked(body()));
      expect(outlookAdapter.findComposes(document)[0]!.missingLandmarks()).toEqual(['send', 'recipients']);
    });

    it('leaves persona chips of the read view out', () => {
      mount(el('div', { role: 'main' }, el('div', { id: 'UniqueMessageBody_1' }, chip('Sender Person <s@example.org>')), docked(well('to', 'To', chip('ana@example.org')), body())));
      const composes = outlookAdapter.findComposes(document);
      expect(composes[0]!.recipientChips().map((c) => c.label)).toEqual(['ana@example.org']);
    });

    it('removes a recipient with the chip\'s own remove button', () => {
      const ana = chip('Ana Example');
      ana.querySelector('button')!.addEventListener('click', () => ana.remove());
      mount(docked(well('to', 'To', ana, chip('bob@example.org')), body()));
      const compose = outlookAdapter.findComposes(document)[0]!;
      expect(compose.removeRecipient(compose.recipientChips()[0]!)).toBe(true);
      expect(compose.recipientChips().map((c) => c.label)).toEqual(['bob@example.org']);
      // The remove button beside the chip, in a wrapper of its own.
      const wrapped = el('span', { 'data-lpc-hover-target-id': 'y' }, 'Dan');
      const wrapper = el('span', {}, wrapped, el('button', { 'aria-label': 'Entfernen' }, '×'));
      wrapper.querySelector('button')!.addEventListener('click', () => wrapper.remove());
      mount(docked(well('to', 'An', wrapper), body()));
      const german = outlookAdapter.findComposes(document)[0]!;
      expect(german.removeRecipient(german.recipientChips()[0]!)).toBe(true);
      expect(german.recipientChips()).toEqual([]);
      const bare = el('span', { 'data-lpc-hover-target-id': 'x' }, 'Cleo');
      mount(docked(well('to', 'To', bare), body()));
      const other = outlookAdapter.findComposes(document)[0]!;
      expect(other.removeRecipient(other.recipientChips()[0]!)).toBe(false);
    });
  });

  describe('toolbar placement', () => {
    it('puts the host right after the Send wrapper, once', () => {
      mount(docked(el('div', { role: 'toolbar' }, sendButton(), el('button', { id: 'discardCompose' })), body()));
      const compose = outlookAdapter.findComposes(document)[0]!;
      const host = el('div');
      expect(compose.placeToolbar(host)).toBe(true);
      expect(compose.placeToolbar(host)).toBe(true);
      expect(document.querySelector('[data-testid=ComposeSendButton]')!.nextElementSibling).toBe(host);
      expect(document.querySelectorAll('[role=toolbar] > div')).toHaveLength(2);
    });

    it('puts it beside an older Send button, and waits while there is none', () => {
      mount(docked(el('div', { role: 'toolbar', id: 'row' }, el('button', { name: 'Send' }, 'Send')), body()));
      const host = el('div');
      expect(outlookAdapter.findComposes(document)[0]!.placeToolbar(host)).toBe(true);
      expect(host.previousElementSibling?.getAttribute('name')).toBe('Send');
      mount(docked(body()));
      expect(outlookAdapter.findComposes(document)[0]!.placeToolbar(el('div'))).toBe(false);
    });
  });
});
