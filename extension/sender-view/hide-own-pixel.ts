import { ownPixelId } from '../compose/pixel.ts';

// A 1x1 transparent GIF: what our pixel shows anyway, without the request.
const BLANK = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

/**
 * When the sender's own mailbox shows a message carrying our pixel (the Sent folder, a quoted
 * reply), blank the image before it loads and report the message as being viewed: the Worker
 * then labels the hit that may still get through as the sender's own. Pixels inside a compose
 * (an editable body) are the ones about to be sent and are left alone.
 */
export function hideOwnPixels(doc: Document, workerUrl: () => string, onViewing: (messageId: string) => void, signal: AbortSignal): void {
  const check = (img: HTMLImageElement) => {
    const base = workerUrl();
    if (!base || img.isContentEditable || img.closest('[contenteditable=true]')) return;
    const id = ownPixelId(img.getAttribute('src') ?? '', base);
    if (!id) return;
    img.setAttribute('src', BLANK);
    onViewing(id);
  };
  const scan = (root: ParentNode) => {
    if (root instanceof HTMLImageElement) check(root);
    root.querySelectorAll?.('img').forEach(check);
  };
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'attributes' && record.target instanceof HTMLImageElement) check(record.target);
      record.addedNodes.forEach((node) => node instanceof Element && scan(node));
    }
  });
  observer.observe(doc.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['src'] });
  if (doc.body) scan(doc.body);
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });
}
