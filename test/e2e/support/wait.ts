import type { E2EPage } from './browsers.ts';

/**
 * Polls until `check` yields a value; never sleeps a fixed time. `what` may be a function, to
 * name in the failure what was last seen.
 */
export async function until<T>(check: () => Promise<T | null | undefined | false>, what: string | (() => string), timeoutMs = 40_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${typeof what === 'string' ? what : what()}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Loads `url` afresh in `page` (also when it is the URL shown) and waits for the new document to
 * be complete. The old document is marked first: Firefox's goto may report the load before the
 * old document is gone, and what is read next must be the new one.
 */
export async function reloadFresh(page: E2EPage, url: string): Promise<void> {
  await page.evaluate(() => void ((window as { e2eStale?: boolean }).e2eStale = true), null).catch(() => undefined);
  await page.goto(url);
  await until(() => page.evaluate(() => !(window as { e2eStale?: boolean }).e2eStale && document.readyState === 'complete', null), 'the page to load afresh');
}

export function pageText(page: E2EPage): Promise<string> {
  return page.evaluate(() => document.body?.innerText ?? '', null);
}

export function untilText(page: E2EPage, text: string | RegExp, timeoutMs?: number): Promise<string> {
  return until(async () => {
    const body = await pageText(page);
    return (typeof text === 'string' ? body.includes(text) : text.test(body)) && body;
  }, `the page to show ${String(text)}`, timeoutMs);
}

/**
 * Marks the element a person would find by its label or accessible name, so that real input
 * (typing, clicking) can then be sent to it. Waits for it to be there, as a person waits for the
 * page to show it.
 */
export async function markByName(page: E2EPage, role: 'textbox' | 'button', name: string): Promise<string> {
  const mark = `e2e-${Math.random().toString(36).slice(2)}`;
  const find = () => page.evaluate(
    ({ role, name, mark }) => {
      const accessibleName = (el: Element) => {
        const labelledBy = el.getAttribute('aria-labelledby');
        if (labelledBy) return document.getElementById(labelledBy)?.textContent?.trim() ?? '';
        if (el.getAttribute('aria-label')) return el.getAttribute('aria-label')!.trim();
        const labels = (el as HTMLInputElement).labels;
        if (labels && labels.length > 0) return labels[0]!.textContent!.trim();
        return el.textContent?.trim() ?? '';
      };
      const candidates = role === 'textbox' ? 'input, textarea, [role=textbox]' : 'button, [role=button]';
      const el = [...document.querySelectorAll(candidates)].find((node) => accessibleName(node) === name);
      el?.setAttribute('data-e2e', mark);
      return Boolean(el);
    },
    { role, name, mark },
  );
  await until(find, `a ${role} named "${name}"`);
  return `[data-e2e="${mark}"]`;
}
