import type { ComposeWindow, MailClientAdapter } from '../mail-clients/adapter.ts';

/**
 * Calls `onSend` synchronously, in the capture phase, before the webmail's own send handler
 * reads the body: a click on Send, Enter or Space on a focused Send control, Ctrl/Cmd+Enter
 * in a compose. The event is never cancelled or re-dispatched: whatever `onSend` does (or
 * throws), the email goes out.
 */
export function installSendHook(
  doc: Document,
  adapter: MailClientAdapter,
  onSend: (compose: ComposeWindow) => void,
  signal: AbortSignal,
): void {
  const run = (compose: ComposeWindow | null) => {
    if (!compose) return;
    try {
      onSend(compose);
    } catch (err) {
      console.error('[smart-links] send hook failed; the email goes out untracked', err);
    }
  };
  const win = doc.defaultView ?? window;
  win.addEventListener(
    'click',
    (event) => {
      if (event.target instanceof Element) run(adapter.composeForSendControl(event.target));
    },
    { capture: true, signal },
  );
  win.addEventListener(
    'keydown',
    (event) => {
      if (!(event.target instanceof Element)) return;
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) run(adapter.composeContaining(event.target));
      else if (event.key === 'Enter' || event.key === ' ') run(adapter.composeForSendControl(event.target));
    },
    { capture: true, signal },
  );
}
