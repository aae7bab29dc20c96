import { addressIn, queryAllChain, queryChain, typedRecipient, type RecipientChip, type TypedRecipient } from '../adapter.ts';
import { outlookSelectors as S } from './selectors.ts';

type Field = RecipientChip['field'];
const FIELDS = ['to', 'cc', 'bcc'] as const;
const CHIP = S.recipientChip.join(', ');

/**
 * What the person typed or picked before OWA reduced it to a name: per document, the display
 * name (lower-cased) → address, and per chip element when the element survives. OWA's chips
 * usually show only the name and keep the address in React state (research §3).
 */
const addressByName = new WeakMap<Document, Map<string, string>>();
const addressByChip = new WeakMap<Element, string>();

const nameKey = (label: string) => label.replace(/\s+/g, ' ').trim().toLowerCase();

export function rememberAddress(chip: Element, label: string, address: string): void {
  addressByChip.set(chip, address);
  const doc = chip.ownerDocument;
  const names = addressByName.get(doc) ?? new Map<string, string>();
  names.set(nameKey(label), address);
  addressByName.set(doc, names);
}

/** The text a person sees on a chip or in a well, without its buttons (remove, expand) and chips. */
function visibleText(element: Element, without: string): string {
  const copy = element.cloneNode(true) as Element;
  for (const skipped of copy.querySelectorAll(without)) skipped.remove();
  return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
}

export function chipLabel(chip: Element): string {
  return visibleText(chip, S.chipRemove.join(', '));
}

/** What is typed in a well and not yet a chip. */
export function typedText(well: Element): string {
  return visibleText(well, CHIP);
}

/** The outermost chips inside `scope` (chips nest: an outer hover target around inner text spans). */
export function chipsIn(scope: ParentNode): HTMLElement[] {
  return queryAllChain(scope, S.recipientChip).filter((chip) => !chip.parentElement?.closest(CHIP));
}

/** The To, Cc and Bcc wells of a compose, in document order. */
export function wellsOf(root: HTMLElement): HTMLElement[] {
  return queryAllChain(root, S.recipientWell);
}

export function isWell(element: Element): element is HTMLElement {
  return S.recipientWell.some((selector) => element.matches(selector));
}

/**
 * A well's field: from the id of the label naming it (`recipient-well-label-cc`, the same in every
 * language), else its aria-label, else its position (To, Cc, Bcc is OWA's order).
 */
export function fieldOfWell(well: HTMLElement, position: number, root: HTMLElement): Field {
  const named = S.wellLabelId.exec(`${well.getAttribute('aria-labelledby') ?? ''} ${well.id}`);
  if (named) return named[1]!.toLowerCase() as Field;
  // A label beside the well in its own row (a row holds exactly one well).
  for (let row = well.parentElement; row && row !== root.parentElement; row = row.parentElement) {
    if (wellsOf(row).length > 1) break;
    const label = row.querySelector('[id*="recipient-well-label-"]');
    const field = label && S.wellLabelId.exec(label.id);
    if (field) return field[1]!.toLowerCase() as Field;
  }
  const aria = (well.getAttribute('aria-label') ?? '').trim();
  const byLabel = FIELDS.find((field) => S.wellAriaLabel[field].test(aria));
  return byLabel ?? FIELDS[Math.min(position, 2)]!;
}

/** The chips that belong to a well: inside it, or beside it in its row (some builds). */
export function chipsOfWell(well: HTMLElement): HTMLElement[] {
  const inside = chipsIn(well);
  if (inside.length > 0 || !well.parentElement || wellsOf(well.parentElement).length > 1) return inside;
  return chipsIn(well.parentElement);
}

/**
 * Where a chip's address is, most reliable first: the chip's own text ("Name <a@b.c>" on re-opened
 * drafts, the bare address when unresolved), its title or aria-label, an address-shaped hover-target
 * id, then what we saw typed or picked. Null means "cannot check".
 */
export function addressOfChip(chip: HTMLElement, label: string): string | null {
  const described = [chip, ...chip.querySelectorAll('[title], [aria-label]')].flatMap((el) => [el.getAttribute('title'), el.getAttribute('aria-label')]);
  for (const text of [label, ...described, chip.getAttribute('data-lpc-hover-target-id')]) {
    const address = addressIn(text);
    if (address) return address;
  }
  return addressByChip.get(chip) ?? addressByName.get(chip.ownerDocument)?.get(nameKey(label)) ?? null;
}

export function chipsOf(root: HTMLElement): RecipientChip[] {
  const wells = wellsOf(root);
  return wells.flatMap((well, position) => {
    const field = fieldOfWell(well, position, root);
    return chipsOfWell(well).map((element): RecipientChip => {
      const label = chipLabel(element);
      const address = addressOfChip(element, label);
      return { field, address, label: label || (address ?? ''), element };
    });
  });
}

/** A chip's own remove control: inside it, or beside it when the chip sits alone in a wrapper. */
export function removeControlOf(chip: HTMLElement): HTMLElement | null {
  const own = queryChain(chip, S.chipRemove);
  if (own) return own;
  const wrapper = chip.parentElement;
  return wrapper && !isWell(wrapper) && chipsIn(wrapper).length === 1 ? queryChain(wrapper, S.chipRemove) : null;
}

/** What is typed in each well and not yet a chip (OWA makes the chip on Enter, ";" or leaving the well). */
export function typedOf(root: HTMLElement): TypedRecipient[] {
  return wellsOf(root).flatMap((well, position) => {
    const typed = typedRecipient(fieldOfWell(well, position, root), typedText(well));
    return typed ? [typed] : [];
  });
}
