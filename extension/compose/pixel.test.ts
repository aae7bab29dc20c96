import { describe, expect, it } from 'vitest';
import { ensurePixel, findPixelId } from './pixel.ts';

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
    ensurePixel(b, WORKER, ID);
    ensurePixel(b, WORKER, 'another-id-0123456789');
    const imgs = b.querySelectorAll('img');
    expect(imgs).toHaveLength(1);
    expect(imgs[0]!.getAttribute('src')).toBe(`${WORKER}/o/${ID}`);
    expect(imgs[0]!.getAttribute('alt')).toBe('');
  });

  it('goes before the quoted history, where Gmail\'s clipping cannot hide it', () => {
    const quote = document.createElement('div');
    quote.className = 'gmail_quote';
    const b = body(document.createTextNode('Reply'), quote);
    ensurePixel(b, WORKER, ID);
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
    expect(findPixelId(body(img), WORKER)).toBe(expected);
  });
});
