/** A recipient as the compose shows it. */
export interface RecipientChip {
  field: 'to' | 'cc' | 'bcc';
  /** Lower-cased address, or null when the client shows only a name and we never saw the address. */
  address: string | null;
  /** What the person sees on the chip (a name, or the address). */
  label: string;
  /** The chip element, for marking it (struck through) and for removing it. */
  element: HTMLElement;
}

/**
 * One compose window (new message, reply, pop-out...) as the features see it. Everything is
 * resolved on each call: webmail editors replace nodes on re-render, so nothing is cached.
 */
export interface ComposeWindow {
  /** Stable for the compose's life; features key their per-compose state on it. */
  readonly root: HTMLElement;
  body(): HTMLElement | null;
  subject(): string;
  /** The addresses we know, de-duplicated per field. */
  recipients(): Recipients;
  /** Every chip, also those whose address is unknown (the warnings say "cannot check"). */
  recipientChips(): RecipientChip[];
  /** Removes the recipient the way a person would (its own remove control); false if it cannot. */
  removeRecipient(chip: RecipientChip): boolean;
  /** Presses the compose's Send as a person does (after "Remove them and send"); false without one. */
  pressSend(): boolean;
  /**
   * Puts our toolbar's host element in the compose's own toolbar (wrapping it as the client's
   * layout needs), or leaves it where it is when it is already placed. False while the compose
   * has no toolbar yet; the caller tries again on the next change.
   */
  placeToolbar(host: HTMLElement): boolean;
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
  /** Every compose in the document now (also minimized or restored ones). */
  findComposes(doc: Document): ComposeWindow[];
  /** The compose whose send control this click or key press hit, or null. */
  composeForSendControl(target: Element): ComposeWindow | null;
  /** The compose this element sits in (for Ctrl/Cmd+Enter inside the body), or null. */
  composeContaining(target: Element): ComposeWindow | null;
  /** Scheduled send, where the extension can follow it (Gmail); see ScheduledSend. */
  readonly scheduledSend?: ScheduledSend;
}

/**
 * A send that happens later: the compose's send-options control opens a menu and then a dialog
 * that live outside the compose, and a choice there schedules the message. The send hook
 * remembers which compose opened the menu and treats the choice as that compose's send.
 */
export interface ScheduledSend {
  /** The compose whose send-options control (the arrow beside Send) this click hit, or null. */
  composeForMenuControl(target: Element): ComposeWindow | null;
  /**
   * Whether this click or key press chose when to send (a preset, or the confirm of a picked date
   * and time), and for when: null when the client wrote the time in a form we cannot read.
   */
  choice(target: Element): { at: Date | null } | null;
}

/** A press as a pointer makes it: webmail controls react to mousedown/mouseup as well as click. */
export function pressControl(control: HTMLElement): void {
  const view = control.ownerDocument.defaultView;
  for (const type of ['mousedown', 'mouseup', 'click'] as const) {
    control.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, composed: true, view, button: 0 }));
  }
}

/** The first element matching any selector of the chain, in chain order. */
export function queryChain(scope: ParentNode, chain: readonly string[]): HTMLElement | null {
  for (const selector of chain) {
    const found = scope.querySelector<HTMLElement>(selector);
    if (found) return found;
  }
  return null;
}

/** Every element matching the first selector of the chain that matches anything. */
export function queryAllChain(scope: ParentNode, chain: readonly string[]): HTMLElement[] {
  for (const selector of chain) {
    const found = scope.querySelectorAll<HTMLElement>(selector);
    if (found.length > 0) return [...found];
  }
  return [];
}

/** The nearest ancestor (or self) matching any selector of the chain, in chain order. */
export function closestChain(element: Element, chain: readonly string[]): HTMLElement | null {
  for (const selector of chain) {
    const found = element.closest<HTMLElement>(selector);
    if (found) return found;
  }
  return null;
}

const ADDRESS = /[^\s<>"',;:()[\]]+@[^\s<>"',;:()[\]]+\.[^\s<>"',;:()[\]]+/;

/** The address in "Name <a@b.c>", "a@b.c" or a hovercard id, lower-cased; null when there is none. */
export function addressIn(text: string | null | undefined): string | null {
  const found = ADDRESS.exec(text ?? '')?.[0];
  return found ? found.toLowerCase() : null;
}

/**
 * Text with a space between elements' texts: an Outlook suggestion's name and address, a Gmail
 * schedule preset's label and date, sit in sibling elements that textContent would run together.
 */
export function spacedText(element: Element): string {
  const walker = element.ownerDocument.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const parts: string[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) parts.push(node.nodeValue ?? '');
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

/** The known addresses of a list of chips, per field, de-duplicated. */
export function recipientsOf(chips: readonly RecipientChip[]): Recipients {
  const recipients: Recipients = { to: [], cc: [], bcc: [] };
  for (const chip of chips) {
    if (chip.address && !recipients[chip.field].includes(chip.address)) recipients[chip.field].push(chip.address);
  }
  return recipients;
}
