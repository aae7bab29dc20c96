import { SMART_LINK_ACTIONS, type SmartLinkAction } from '../../shared/consent/smart-link-url.ts';
import { trimSlash } from '../../shared/tracking/urls.ts';
import type { ComposeWindow, MailClientAdapter } from '../mail-clients/adapter.ts';
import { t } from '../ui/i18n.ts';
import { quoteStart } from './pixel.ts';

/**
 * The five Smart Links by their menu names (docs/contract.md names them in English); also the text
 * inserted when nothing is selected, in the sender's language.
 */
export function smartLinkLabel(action: SmartLinkAction): string {
  return t(`compose.action.${action}`);
}

/**
 * The generic form of a Smart Link: no message id yet. The send step makes it this message's
 * (rewrite-links.ts), which is also what lets a signature carry Smart Links.
 */
export function genericSmartLinkUrl(workerUrl: string, action: SmartLinkAction): string {
  return `${trimSlash(workerUrl)}/s/${SMART_LINK_ACTIONS[action]}`;
}

const selections = new WeakMap<HTMLElement, Range>();

/**
 * Remembers the last selection inside each compose body: pressing our toolbar button moves
 * focus out of the editor, and with it the selection we are asked to turn into a link.
 */
export function rememberSelections(doc: Document, adapter: MailClientAdapter, signal: AbortSignal): void {
  doc.addEventListener(
    'selectionchange',
    () => {
      const selection = doc.getSelection();
      if (!selection || selection.rangeCount === 0) return;
      const range = selection.getRangeAt(0);
      const node = range.commonAncestorContainer;
      const element = node instanceof Element ? node : node.parentElement;
      const compose = element && adapter.composeContaining(element);
      const body = compose?.body();
      if (compose && body?.contains(node)) selections.set(compose.root, range.cloneRange());
    },
    { signal },
  );
}

/**
 * Turns the remembered selection into the Smart Link, or inserts the link's own name at the
 * caret (or before the quoted history) when nothing is selected. DOM APIs only (Trusted Types).
 * Returns false when the compose has no body.
 */
export function insertSmartLink(compose: ComposeWindow, workerUrl: string, action: SmartLinkAction): boolean {
  const body = compose.body();
  if (!body) return false;
  const doc = body.ownerDocument;
  const anchor = doc.createElement('a');
  anchor.setAttribute('href', genericSmartLinkUrl(workerUrl, action));
  const remembered = selections.get(compose.root);
  const range = remembered && body.contains(remembered.commonAncestorContainer) ? remembered : null;
  if (range && !range.collapsed) {
    anchor.append(range.extractContents());
    range.insertNode(anchor);
  } else {
    anchor.textContent = smartLinkLabel(action);
    if (range) range.insertNode(anchor);
    else {
      const quote = quoteStart(body, compose.quoteMarks);
      if (quote?.parentNode) quote.parentNode.insertBefore(anchor, quote);
      else body.append(anchor);
    }
  }
  // Caret after the link, and tell the editor its content changed so the draft is saved.
  const after = doc.createRange();
  after.setStartAfter(anchor);
  after.collapse(true);
  selections.set(compose.root, after);
  // The live selection moves too (a stale one would send the next insertion before this link).
  const selection = doc.getSelection();
  const live = selection && selection.rangeCount > 0 ? selection.getRangeAt(0).commonAncestorContainer : null;
  if (selection && ((live && body.contains(live)) || body.contains(doc.activeElement))) {
    selection.removeAllRanges();
    selection.addRange(after);
  }
  body.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertLink' }));
  return true;
}
