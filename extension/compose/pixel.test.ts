import { describe, expect, it } from 'vitest';
import { gmailSelectors } from '../mail-clients/gmail/selectors.ts';
import { outlookSelectors } from '../mail-clients/outlook/selectors.ts';
import { ensurePixel, findPixelId, pixelIdsIn } from './pixel.ts';

const GMAIL = gmailSelectors.quotedHistory;
const OUTLOOK = outlookSelectors.quotedHistory;

const WORKER = 'https://t.example';
const ID = 'AbCdEf0123456789abcdef';

function body(...children: Node[]): HTMLElement {
  const div = document.createElement('div');
  div.append(...children);
  return div;
}

describe('ensurePixel', () => {
  it('appends one absolute pixel, and none the second time', () => {
    const b = body(document.createTextNode('Hello'));
    ensurePixel(b, WORKER, ID, GMAIL);
    ensurePixel(b, WORKER, 'another-id-0123456789', GMAIL);
    const imgs = b.querySelectorAll('img');
    expect(imgs).toHaveLength(1);
    expect(imgs[0]!.getAttribute('src')).toBe(`${WORKER}/o/${ID}`);
    expect(imgs[0]!.getAttribute('alt')).toBe('');
  });

  it('goes before the quoted history, where Gmail\'s clipping cannot hide it', () => {
    const quote = document.createElement('div');
    quote.className = 'gmail_quote';
    const b = body(document.createTextNode('Reply'), quote);
    ensurePixel(b, WORKER, ID, GMAIL);
    expect(quote.previousElementSibling?.tagName).toBe('IMG');
  });
});

describe('findPixelId', () => {
  it.each([
    ['a direct pixel', `${WORKER}/o/${ID}`, ID],
    ['a pixel behind Gmail\'s proxy', `https://ci3.googleusercontent.com/meips/ADKq_Nb=s0-d-e1-ft#${WORKER}/o/${ID}`, ID],
    ['another site\'s image', 'https://cdn.example/o/AbCdEf0123456789abcdef', null],
    ['a look-alike host', `https://t.example.evil/o/${ID}`, null],
  ])('finds %s', (_case, src, expected) => {
    const img = document.createElement('img');
    img.setAttribute('src', src);
    expect(findPixelId(body(img), WORKER, GMAIL)).toBe(expected);
  });
});

describe('pixels of earlier messages in the quoted history', () => {
  const OLD = 'OldMessage0123456789abcd';
  const img = (src: string) => {
    const element = document.createElement('img');
    element.setAttribute('src', src);
    return element;
  };
  const el = (tag: string, attrs: Record<string, string>, ...children: (Node | string)[]) => {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, value);
    element.append(...children);
    return element;
  };

  it('are not this message\'s: a Gmail reply quoting a tracked message gets a pixel of its own', () => {
    // As Gmail shows a received message: our pixel behind its image proxy, inside the quote.
    const quote = el('div', { class: 'gmail_quote' }, el('div', { class: 'gmail_attr' }, 'On Mon, Ana wrote:'),
      el('blockquote', { class: 'gmail_quote' }, 'Thanks! ', el('div', {}, 'Earlier: ', img(`https://ci3.googleusercontent.com/meips/ADKq_Nb#${WORKER}/o/${OLD}`))));
    const b = body(document.createTextNode('Following up.'), quote);
    expect(findPixelId(b, WORKER, GMAIL)).toBeNull();
    ensurePixel(b, WORKER, ID, GMAIL);
    expect(findPixelId(b, WORKER, GMAIL)).toBe(ID);
    expect(quote.previousElementSibling?.getAttribute('src')).toBe(`${WORKER}/o/${ID}`);
    // Both load in the sender's browser: both are reported as the sender's own view.
    expect(pixelIdsIn(b, WORKER).map(({ id }) => id)).toEqual([ID, OLD]);
  });

  it('are not this message\'s in an Outlook reply either, where the history follows #appendonsend', () => {
    const b = body(el('div', { class: 'elementToProof' }, 'Following up.'), el('div', { id: 'appendonsend' }), el('hr', {}),
      el('div', { id: 'divRplyFwdMsg' }, 'From: Sam'), el('div', {}, 'Hello Ana, ', img(`${WORKER}/o/${OLD}`)));
    expect(findPixelId(b, WORKER, OUTLOOK)).toBeNull();
    ensurePixel(b, WORKER, ID, OUTLOOK);
    expect(b.querySelector('#appendonsend')!.previousElementSibling?.getAttribute('src')).toBe(`${WORKER}/o/${ID}`);
    expect(findPixelId(b, WORKER, OUTLOOK)).toBe(ID);
  });
});
