import type { RegisterMessage } from '../../shared/schemas/message.ts';
import type { ComposeWindow } from '../mail-clients/adapter.ts';
import { noneKnown } from './recipients-at-send.ts';

/**
 * How long after Send the compose is watched for recipients it could not show at Send: the
 * webmail resolves a typed name into a chip before it closes the compose, within a second or so.
 */
const FILL_IN_WINDOW_MS = 30_000;

/**
 * A message registered before any of its addresses could be read: once the compose shows them
 * (the webmail made its chips), the same registration goes again with them. The Worker accepts
 * that one change after send (worker/routes/api/messages.ts).
 */
export function fillInRecipientsLater(compose: ComposeWindow, registration: RegisterMessage, register: (filled: RegisterMessage) => void): void {
  const observer = new MutationObserver(() => check());
  const timer = setTimeout(() => observer.disconnect(), FILL_IN_WINDOW_MS);
  function check() {
    const recipients = compose.recipients();
    if (noneKnown(recipients)) return;
    observer.disconnect();
    clearTimeout(timer);
    register({ ...registration, ...recipients });
  }
  observer.observe(compose.root, { childList: true, subtree: true, characterData: true, attributes: true });
}
