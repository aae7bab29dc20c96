/** One compose window (new message, reply, pop-out...) as the features see it. */
export interface ComposeWindow {
  readonly root: HTMLElement;
  /** Resolved on every call: webmail editors replace their body node on re-render. */
  body(): HTMLElement | null;
  subject(): string;
  recipients(): Recipients;
}

export interface Recipients {
  to: string[];
  cc: string[];
  bcc: string[];
}

/**
 * What a webmail client must tell the features. Each client keeps its selectors in one table
 * (an ordered fallback chain per landmark); features are written once against this interface.
 */
export interface MailClientAdapter {
  readonly name: 'gmail' | 'outlook';
  /** The compose whose send control this click or key press hit, or null. */
  composeForSendControl(target: Element): ComposeWindow | null;
  /** The compose this element sits in (for Ctrl/Cmd+Enter inside the body), or null. */
  composeContaining(target: Element): ComposeWindow | null;
}

/** The first element matching any selector of the chain, in chain order. */
export function queryChain(scope: ParentNode, chain: readonly string[]): HTMLElement | null {
  for (const selector of chain) {
    const found = scope.querySelector<HTMLElement>(selector);
    if (found) return found;
  }
  return null;
}

/** The nearest ancestor (or self) matching any selector of the chain, in chain order. */
export function closestChain(element: Element, chain: readonly string[]): HTMLElement | null {
  for (const selector of chain) {
    const found = element.closest<HTMLElement>(selector);
    if (found) return found;
  }
  return null;
}
