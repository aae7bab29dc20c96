import type { E2EPage } from './browsers.ts';

/** Selects `text` inside the element `within` the way a drag would leave it (for Smart Links on a selection). */
export async function selectText(page: E2EPage, within: string, text: string): Promise<void> {
  await page.evaluate(({ within, text }) => {
    const body = document.querySelector(within)!;
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent!.indexOf(text);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + text.length);
      document.getSelection()!.removeAllRanges();
      document.getSelection()!.addRange(range);
      return;
    }
    throw new Error(`"${text}" is not in ${within} (it holds ${JSON.stringify(body.textContent)})`);
  }, { within, text });
}
