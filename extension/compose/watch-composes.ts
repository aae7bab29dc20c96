import type { ComposeWindow, MailClientAdapter } from '../mail-clients/adapter.ts';

export interface ComposeMount {
  /** The compose changed (recipients, toolbar row re-rendered...). */
  refresh(compose: ComposeWindow): void;
  /** The compose left the page (sent, discarded, closed). */
  remove(): void;
}

/**
 * Finds every compose: the ones already open when the script starts (Gmail restores drafts
 * before any observer exists) and the ones that appear later, several at once. Changes are
 * gathered for a moment, because webmail pages mutate on every key press.
 */
export function watchComposes(
  doc: Document,
  adapter: MailClientAdapter,
  mount: (compose: ComposeWindow) => ComposeMount,
  signal: AbortSignal,
): void {
  const mounted = new Map<HTMLElement, ComposeMount>();
  const scan = () => {
    const seen = new Set<HTMLElement>();
    for (const compose of adapter.findComposes(doc)) {
      seen.add(compose.root);
      const existing = mounted.get(compose.root);
      if (existing) existing.refresh(compose);
      else mounted.set(compose.root, mount(compose));
    }
    for (const [root, composeMount] of mounted) {
      if (!seen.has(root) && !root.isConnected) {
        composeMount.remove();
        mounted.delete(root);
      }
    }
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    timer ??= setTimeout(() => {
      timer = undefined;
      scan();
    }, 60);
  };
  const observer = new MutationObserver(schedule);
  const start = () => {
    observer.observe(doc.documentElement, { childList: true, subtree: true, characterData: true });
    scan();
  };
  // The script starts at document_start, before there is a document element to observe.
  if (doc.documentElement) start();
  else doc.addEventListener('DOMContentLoaded', start, { once: true, signal });
  signal.addEventListener(
    'abort',
    () => {
      observer.disconnect();
      clearTimeout(timer);
      mounted.forEach((composeMount) => composeMount.remove());
    },
    { once: true },
  );
}
