import { TOOLBAR_HOST_ATTRIBUTE } from './toolbar-style.ts';
import type { ComposeWindow, MailClientAdapter } from '../mail-clients/adapter.ts';

/** What the send step decided: let the email go, or hold it for the sender to confirm. */
export type SendDecision = 'send' | 'hold';

/**
 * Calls `onSend` synchronously, in the capture phase, before the webmail's own send handler
 * reads the body: a click on Send, Enter or Space on a focused Send control, Ctrl/Cmd+Enter
 * in a compose. The event is never re-dispatched. It is held back (cancelled before the site
 * sees it) only when `onSend` says so, for the opt-out confirmation; if `onSend` throws, the
 * email goes out untracked and `onError` tells the sender.
 */
export function installSendHook(
  doc: Document,
  adapter: MailClientAdapter,
  onSend: (compose: ComposeWindow) => SendDecision,
  onError: (compose: ComposeWindow, err: unknown) => void,
  signal: AbortSignal,
): void {
  const run = (event: Event, compose: ComposeWindow | null) => {
    // Keys and clicks in our own toolbar are not a send (its host sits inside the compose).
    if (!compose || event.composedPath().some((node) => node instanceof Element && node.hasAttribute(TOOLBAR_HOST_ATTRIBUTE))) return;
    let decision: SendDecision = 'send';
    try {
      decision = onSend(compose);
    } catch (err) {
      console.error('[smart-links] send hook failed; the email goes out untracked', err);
      try {
        onError(compose, err);
      } catch {
        // Telling the sender failed too; the email still goes out.
      }
    }
    if (decision === 'hold') {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  };
  const win = doc.defaultView ?? window;
  win.addEventListener(
    'click',
    (event) => {
      if (event.target instanceof Element) run(event, adapter.composeForSendControl(event.target));
    },
    { capture: true, signal },
  );
  win.addEventListener(
    'keydown',
    (event) => {
      if (!(event.target instanceof Element)) return;
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) run(event, adapter.composeContaining(event.target));
      else if (event.key === 'Enter' || event.key === ' ') run(event, adapter.composeForSendControl(event.target));
    },
    { capture: true, signal },
  );
}
