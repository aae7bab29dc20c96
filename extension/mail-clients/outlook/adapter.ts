import { closestChain, pressControl, queryAllChain, queryChain, readBuild, recipientsOf, type ComposeWindow, type Landmark, type MailClientAdapter } from '../adapter.ts';
import { scheduledSendFrom } from '../scheduled-send.ts';
import { chipsOf, removeControlOf, typedOf, wellsOf } from './recipients.ts';
import { outlookSelectors as S } from './selectors.ts';

/**
 * The compose an element sits in. The root must be the nearest one around the compose's body:
 * a click in the read view next to a docked compose reaches `[role=main]`, which holds the
 * compose but is not its root.
 */
function composeRootOf(element: Element): HTMLElement | null {
  const root = closestChain(element, S.composeRoot);
  const body = root && queryChain(root, S.body);
  return body && closestChain(body, S.composeRoot) === root ? root : null;
}

/** The compose's Send control: the first of the chain in this compose, never a menu half or a Reply button. */
function sendControlOf(root: HTMLElement): HTMLElement | null {
  return queryChain(root, S.sendControl);
}

function composeWindow(root: HTMLElement): ComposeWindow {
  return {
    root,
    quoteMarks: S.quotedHistory,
    // Re-resolved on every call: roosterjs re-renders replace the body node.
    body: () => queryChain(root, S.body),
    subject: () => (queryChain(root, S.subject) as HTMLInputElement | null)?.value ?? '',
    recipientChips: () => chipsOf(root),
    typedRecipients: () => typedOf(root),
    recipients: () => recipientsOf(chipsOf(root), typedOf(root)),
    missingLandmarks() {
      const missing: Landmark[] = [];
      if (!queryChain(root, S.body)) missing.push('body');
      if (!sendControlOf(root)) missing.push('send');
      if (wellsOf(root).length === 0) missing.push('recipients');
      return missing;
    },
    removeRecipient(chip) {
      const control = removeControlOf(chip.element);
      if (!control) return false;
      control.click();
      return true;
    },
    pressSend() {
      const control = sendControlOf(root);
      if (control) pressControl(control);
      return control !== null;
    },
    placeToolbar(host) {
      const control = sendControlOf(root);
      const anchor = queryChain(root, S.toolbarAfter) ?? (control && (closestChain(control, S.sendGroup) ?? control));
      if (!anchor) return false;
      if (anchor.nextElementSibling !== host) anchor.after(host);
      return true;
    },
  };
}

function composeContaining(target: Element): ComposeWindow | null {
  const root = composeRootOf(target);
  return root ? composeWindow(root) : null;
}

export const outlookAdapter: MailClientAdapter = {
  name: 'outlook',
  findComposes(doc) {
    // A compose is wherever roosterjs' body is; its root is the nearest landmark around it.
    const roots = new Set<HTMLElement>();
    for (const body of queryAllChain(doc, S.body)) {
      const root = composeRootOf(body);
      if (root) roots.add(root);
    }
    return [...roots].map(composeWindow);
  },
  composeForSendControl(target) {
    const control = closestChain(target, S.sendControl);
    const root = control && composeRootOf(control);
    return root && sendControlOf(root) === control ? composeWindow(root) : null;
  },
  build: (doc) => readBuild(doc, S.build),
  sendShortcuts: S.sendShortcuts,
  composeContaining,
  scheduledSend: scheduledSendFrom(S.scheduledSend, composeContaining),
};
