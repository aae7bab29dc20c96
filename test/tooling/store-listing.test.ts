import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/wrangler.ts';

const SCREENSHOTS = ['popup', 'compose-smart-links', 'activity', 'smart-link-page'];

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): [number, number] {
  const png = readFileSync(file);
  expect(png.subarray(1, 4).toString('latin1'), file).toBe('PNG');
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

describe('the store listings', () => {
  it.each(SCREENSHOTS)('have the %s screenshot at 1280×800, named in both listings', (name) => {
    expect(pngSize(join(ROOT, 'docs/store/screenshots', `${name}.png`))).toEqual([1280, 800]);
    expect(readFileSync(join(ROOT, 'docs/store/chrome-web-store.md'), 'utf8')).toContain(`screenshots/${name}.png`);
    expect(readFileSync(join(ROOT, 'docs/store/README.md'), 'utf8')).toContain('screenshots/');
  });
});
