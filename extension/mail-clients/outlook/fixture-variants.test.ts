import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outlookAdapter } from './adapter.ts';
import { outlookSelectors as S } from './selectors.ts';
import { rememberTypedAddresses } from './typed-addresses.ts';

/**
 * Convention test: every variant of the behaving Outlook fixture that the E2E runs use is one the
 * adapter finds, and the table says which entry of each selector chain it exercises, so that a
 * fixture change that stops covering a chain entry fails here, in a second, not in a browser.
 */
const FIXTURE = join(import.meta.dirname, '../../../test/e2e/fixtures/outlook');

function loadFixture(query: string): Document {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(`https://outlook.office.com/mail/0/?${query}`);
  // happy-dom would fetch the stylesheet and the script while parsing; the script is run below.
  const html = readFileSync(join(FIXTURE, 'index.html'), 'utf8').replace(/<link[^>]*>|<script[^>]*><\/script>/g, '');
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  document.body.replaceChildren(...[...parsed.body.childNodes].map((node) => document.importNode(node, true)));
  new Function(readFileSync(join(FIXTURE, 'outlook.js'), 'utf8'))();
  document.querySelector<HTMLElement>('#newMailButton')!.click();
  return document;
}

const entry = (chain: readonly string[], element: Element | null) => (element ? chain.findIndex((selector) => element.matches(selector)) : -1);

describe('Outlook fixture variants', () => {
  let controller: AbortController;
  beforeEach(() => {
    controller = new AbortController();
    rememberTypedAddresses(document, controller.signal);
  });
  afterEach(() => {
    controller.abort();
    document.body.replaceChildren();
  });

  it.each([
    // query, compose root entry, subject entry, Send entry
    ['view=docked&build=current&lang=en', '[id^=docking_InitVisiblePart_]', 'input[id^=MSG_][id$=_SUBJECT]', '[data-testid=ComposeSendButton] button[id$=__primaryActionButton]'],
    ['view=docked&build=current&lang=de', '[id^=docking_InitVisiblePart_]', 'input[id^=MSG_][id$=_SUBJECT]', '[data-testid=ComposeSendButton] button[id$=__primaryActionButton]'],
    ['view=fullpage&build=current&lang=en', '[data-app-section=Form_Content]', 'input[id^=MSG_][id$=_SUBJECT]', '[data-testid=ComposeSendButton] button[id$=__primaryActionButton]'],
    ['view=docked&build=older&lang=en', '[id^=docking_InitVisiblePart_]', 'input[aria-label="Add a subject"]', 'button[name=Send]'],
    ['view=docked&build=older&lang=zh', '[id^=docking_InitVisiblePart_]', 'input.ms-TextField-field', 'button[name=Send]'],
  ])('%s: compose, body, subject, Send, wells and toolbar place are found', (query, root, subject, send) => {
    const doc = loadFixture(query);
    const composes = outlookAdapter.findComposes(doc);
    expect(composes).toHaveLength(1);
    const compose = composes[0]!;
    expect(S.composeRoot[entry(S.composeRoot, compose.root)]).toBe(root);
    expect(entry(S.body, compose.body())).toBe(0);
    const subjectInput = doc.querySelector<HTMLInputElement>(`${S.subject.join(', ')}`)!;
    expect(S.subject[entry(S.subject, subjectInput)]).toBe(subject);
    subjectInput.value = 'Hello';
    expect(compose.subject()).toBe('Hello');
    const sendControl = doc.querySelector(send)!;
    expect(S.sendControl.find((selector) => sendControl.matches(selector))).toBe(send);
    expect(outlookAdapter.composeForSendControl(sendControl)?.root).toBe(compose.root);
    expect(compose.placeToolbar(doc.createElement('div'))).toBe(true);
  });

  it.each(['en', 'de', 'zh'])('turns an address typed in the %s To well into a name-only chip whose address we remember', async (lang) => {
    const doc = loadFixture(`view=docked&lang=${lang}`);
    const well = doc.querySelector<HTMLElement>('[aria-labelledby=recipient-well-label-to]')!;
    well.append('ana@example.org');
    well.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    const compose = outlookAdapter.findComposes(doc)[0]!;
    await expect.poll(() => compose.recipientChips().map(({ field, label, address }) => ({ field, label, address }))).toEqual([
      { field: 'to', label: 'Ana Example', address: 'ana@example.org' },
    ]);
  });
});
