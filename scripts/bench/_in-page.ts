import { build } from 'esbuild';
import { chromium, type Page } from 'playwright-core';
import { ROOT } from '../lib/wrangler.ts';

/**
 * Runs `measure` in a blank headless Chromium page holding `entry` (module source that puts what
 * it imports on `window`), bundled from the repository's own code: the benches time exactly the
 * code the extension ships, in the engine it runs in.
 */
export async function inChromiumPage<T>(entry: string, measure: (page: Page) => Promise<T>): Promise<T> {
  const bundle = await build({ stdin: { contents: entry, resolveDir: ROOT, loader: 'ts' }, bundle: true, write: false, format: 'iife', target: 'es2022' });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    return await measure(page);
  } finally {
    await browser.close();
  }
}
