import { afterEach, describe, expect, it } from 'vitest';
import { ownPixelId } from '../compose/pixel.ts';
import { hideOwnPixels } from './hide-own-pixel.ts';

const WORKER = 'https://t.example';
const ID = 'AbCdEf0123456789abcdef0123';

describe('ownPixelId', () => {
  it.each([
    [`${WORKER}/o/${ID}`, ID],
    [`https://ci3.googleusercontent.com/meips/ADKq_NZ=s0-d-e1-ft#${WORKER}/o/${ID}`, ID],
    [`https://evil.example/?u=${WORKER}/o/${ID}`, null],
    [`${WORKER}/o/short`, null],
    ['https://cdn.example/logo.png', null],
  ])('%s → %s', (src, expected) => {
    expect(ownPixelId(src, WORKER)).toBe(expected);
  });
});

describe('hideOwnPixels', () => {
  const controller = new AbortController();
  afterEach(() => document.body.replaceChildren());

  it('blanks our pixel in a message the sender is reading and reports it, but not in a compose', async () => {
    const seen: string[] = [];
    hideOwnPixels(document, () => WORKER, (id) => seen.push(id), controller.signal);

    const read = document.createElement('div');
    read.className = 'a3s';
    const pixel = document.createElement('img');
    pixel.setAttribute('src', `https://ci3.googleusercontent.com/meips/X=s0-d-e1-ft#${WORKER}/o/${ID}`);
    read.append(pixel);

    const compose = document.createElement('div');
    compose.setAttribute('contenteditable', 'true');
    const outgoing = document.createElement('img');
    outgoing.setAttribute('src', `${WORKER}/o/${ID}`);
    compose.append(outgoing);

    document.body.append(read, compose);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(pixel.getAttribute('src')).toMatch(/^data:image\/gif/);
    expect(outgoing.getAttribute('src')).toBe(`${WORKER}/o/${ID}`);
    expect(seen).toEqual([ID]);
  });
});
