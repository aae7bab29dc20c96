import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const EXTENSION = join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path.endsWith('mail-clients') ? [] : sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Selectors that name plain HTML, or our own marks, not a webmail's DOM. */
const GENERIC = new Set(['img', 'a[href]', '[lang]', '[contenteditable=true]']);
const SELECTOR_CALL = /\.(?:querySelector|querySelectorAll|closest|matches)(?:<[^>]*>)?\(\s*(['"`])((?:(?!\1).)*)\1/g;
/** Names only Gmail's or Outlook's DOM uses: a feature file that spells one out bypasses the tables. */
const WEBMAIL_WORDS = /gmail_quote|appendonsend|divRplyFwdMsg|data-tooltip|g_editable|peoplekit|hovercard|data-lpc|data-compose-id|ComposeSendButton|subjectbox/i;

describe('webmail selectors', () => {
  const files = sources(EXTENSION).map((path) => ({ path: relative(EXTENSION, path), text: readFileSync(path, 'utf8') }));

  it('finds the feature files it checks', () => {
    expect(files.map((file) => file.path)).toContain(join('compose', 'pixel.ts'));
  });

  it.each(files.map((file) => [file.path, file.text] as const))('%s queries only plain HTML or our own marks', (_path, text) => {
    const literal = [...text.matchAll(SELECTOR_CALL)].map((match) => match[2]!).filter((selector) => !GENERIC.has(selector) && !selector.startsWith('[${'));
    expect(literal).toEqual([]);
    expect(text.match(WEBMAIL_WORDS)).toBeNull();
  });
});
