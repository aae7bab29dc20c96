import { TOOLBAR_HOST_ATTRIBUTE } from './toolbar-style.ts';
import { isSendShortcut, type ComposeWindow, type MailClientAdapter } from '../mail-clients/adapter.ts';

/** What the send step decided: let the email go, or hold it for the sender to confirm. */
export type SendDecision = 'send' | 'hold';

/** How the message leaves: now, or scheduled (for when, or null where the time is unreadable). */
export interface SendOccasion {
  scheduledFor?: Date | null;
}

/**
 * Calls `onSend` synchronously, in the capture phase, before the webmail's own send handler
 * reads the body: a click on Send, Enter or Space on a focused Send control, the client's send
 * shortcuts in a compose (Ctrl/Cmd+Enter, Outlook's Alt+S), and a schedule-send choice made in the dialog a compose's send options opened
 * (adapter.scheduledSend). The event is never re-dispatched. It is held back (cancelled before the site
 * sees it) only when `onSend` says so, for the opt-out confirmation; if `onSend` throws, the
 * email goes out untracked and `onError` tells the sender.
 */
export function installSendHook(
  doc: Document,
  adapter: MailClientAdapter,
  onSend: (compose: ComposeWindow, occasion: SendOccasion) => SendDecision,
  onError: (compose: ComposeWindow, err: unknown) => void,
  signal: AbortSignal,
): void {
  const run = (event: Event, compose: ComposeWindow | null, occasion: SendOccasion = {}) => {
    // Keys and clicks in our own toolbar are not a send (its host sits inside the compose).
    if (!compose || event.composedPath().some((node) => node instanceof Element && node.hasAttribute(TOOLBAR_HOST_ATTRIBUTE))) return;
    let decision: SendDecision = 'send';
    try {
      decision = onSend(compose, occasion);
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
  // The compose whose send options were opened last: the schedule dialog is not inside it.
  let menuCompose: ComposeWindow | null = null;
  /** A schedule choice for the compose that opened the menu; true when the event was one. */
  const scheduled = (event: Event, target: Element): boolean => {
    const schedule = adapter.scheduledSend;
    if (!schedule) return false;
    const opener = schedule.composeForMenuControl(target);
    if (opener) {
      menuCompose = opener;
      return true;
    }
    const choice = menuCompose ? schedule.choice(target) : null;
    if (!choice || !menuCompose) return false;
    if (menuCompose.root.isConnected) run(event, menuCompose, { scheduledFor: choice.at });
    return true;
  };
  const win = doc.defaultView ?? window;
  win.addEventListener(
    'click',
    (event) => {
      if (!(event.target instanceof Element) || scheduled(event, event.target)) return;
      run(event, adapter.composeForSendControl(event.target));
    },
    { capture: true, signal },
  );
  win.addEventListener(
    'keydown',
    (event) => {
      if (!(event.target instanceof Element)) return;
      if (isSendShortcut(event, adapter.sendShortcuts)) run(event, adapter.composeContaining(event.target));
      else if ((event.key === 'Enter' || event.key === ' ') && !scheduled(event, event.target)) run(event, adapter.composeForSendControl(event.target));
    },
    { capture: true, signal },
  );
}
