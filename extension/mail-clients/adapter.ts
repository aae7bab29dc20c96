import type { Landmark, MailClient } from '../../shared/schemas/landmark-failures.ts';

export type { Landmark };

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

/** Text typed in a recipient field that the webmail has not made a chip of yet. */
export interface TypedRecipient {
  field: RecipientChip['field'];
  text: string;
  /** The addresses in it, lower-cased; none when it is a name the webmail has yet to resolve. */
  addresses: string[];
}

/**
 * Where a client's compose body keeps quoted history (replies, forwards): our pixel goes before
 * it, and a pixel inside it is an earlier message's.
 */
export interface QuoteMarks {
  /** Elements that hold quoted history. */
  readonly containers: readonly string[];
  /** A marker the history follows as its siblings, if the client has one. */
  readonly marker: string | null;
}

/**
 * One compose window (new message, reply, pop-out...) as the features see it. Everything is
 * resolved on each call: webmail editors replace nodes on re-render, so nothing is cached.
 */
export interface ComposeWindow {
  /** Stable for the compose's life; features key their per-compose state on it. */
  readonly root: HTMLElement;
  /** How this client marks quoted history in the body. */
  readonly quoteMarks: QuoteMarks;
  body(): HTMLElement | null;
  subject(): string;
  /** The addresses we know, from chips and from text typed but not yet a chip, de-duplicated per field. */
  recipients(): Recipients;
  /** Every chip, also those whose address is unknown (the warnings say "cannot check"). */
  recipientChips(): RecipientChip[];
  /**
   * Text typed in the recipient fields that is not a chip yet: a person can press Send before the
   * webmail turns it into one, and the webmail still sends to it.
   */
  typedRecipients(): TypedRecipient[];
  /** The landmarks this compose lacks now (none when all are found). */
  missingLandmarks(): Landmark[];
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
  readonly name: MailClient;
  /** Every compose in the document now (also minimized or restored ones). */
  findComposes(doc: Document): ComposeWindow[];
  /** The compose whose send control this click or key press hit, or null. */
  composeForSendControl(target: Element): ComposeWindow | null;
  /** The compose this element sits in (for Ctrl/Cmd+Enter inside the body), or null. */
  composeContaining(target: Element): ComposeWindow | null;
  /** The key combinations that send from anywhere in a compose. */
  readonly sendShortcuts: readonly SendShortcut[];
  /** The webmail's build label as its page shows it (for landmark failure reports), or null. */
  build(doc: Document): string | null;
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

const ADDRESS = /[^\s<>"',;:()[\]]+@[^\s<>"',;:()[\]]+\.[^\s<>"',;:()[\]]+/g;

/** The address in "Name <a@b.c>", "a@b.c" or a hovercard id, lower-cased; null when there is none. */
export function addressIn(text: string | null | undefined): string | null {
  return addressesIn(text)[0] ?? null;
}

/** Every address in a text ("a@b.c, Bo <d@e.f>"), lower-cased, in order. */
export function addressesIn(text: string | null | undefined): string[] {
  return [...(text ?? '').matchAll(ADDRESS)].map((match) => match[0].toLowerCase());
}

/** A recipient field's typed text as a TypedRecipient, or null when nothing is typed there. */
export function typedRecipient(field: RecipientChip['field'], raw: string): TypedRecipient | null {
  const text = raw.replace(/\s+/g, ' ').trim().replace(/^[,;\s]+|[,;\s]+$/g, '');
  return text ? { field, text, addresses: addressesIn(text) } : null;
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

/** The known addresses of chips and typed text, per field, de-duplicated. */
export function recipientsOf(chips: readonly Pick<RecipientChip, 'field' | 'address'>[], typed: readonly TypedRecipient[] = []): Recipients {
  const recipients: Recipients = { to: [], cc: [], bcc: [] };
  const add = (field: RecipientChip['field'], address: string | null) => {
    if (address && !recipients[field].includes(address)) recipients[field].push(address);
  };
  for (const chip of chips) add(chip.field, chip.address);
  for (const text of typed) text.addresses.forEach((address) => add(text.field, address));
  return recipients;
}

/** Where a webmail's page names its own build: a pattern searched in its scripts' URLs and text. */
export interface BuildLabel {
  readonly pattern: RegExp;
}

/** The first build label in the page's scripts (their src, then their text), or null. */
export function readBuild(doc: Document, label: BuildLabel): string | null {
  for (const script of doc.querySelectorAll('script')) {
    const found = label.pattern.exec(script.getAttribute('src') ?? '') ?? label.pattern.exec(script.textContent ?? '');
    if (found) return found[1] ?? found[0];
  }
  return null;
}

/**
 * A key combination that sends: `key` is matched on KeyboardEvent.key, `code` on the physical key
 * (Alt+S gives "ß" or "ś" as its key on some layouts).
 */
export interface SendShortcut {
  readonly key?: string;
  readonly code?: string;
  /** `ctrl-or-meta`: Ctrl, or Cmd on a Mac; `alt`: Alt alone (Ctrl+Alt is AltGr, which types characters). */
  readonly modifier: 'ctrl-or-meta' | 'alt';
}

export function isSendShortcut(event: KeyboardEvent, shortcuts: readonly SendShortcut[]): boolean {
  return shortcuts.some(
    (shortcut) =>
      (shortcut.key === undefined || event.key === shortcut.key) &&
      (shortcut.code === undefined || event.code === shortcut.code) &&
      (shortcut.modifier === 'ctrl-or-meta' ? event.ctrlKey || event.metaKey : event.altKey && !event.ctrlKey && !event.metaKey),
  );
}
