import { addressIn, closestChain, spacedText } from '../adapter.ts';
import { chipLabel, chipsOfWell, isWell, rememberAddress, typedText } from './recipients.ts';
import { outlookSelectors as S } from './selectors.ts';

/** Keys with which OWA turns what is typed in a well into a chip. */
const COMMIT_KEYS = new Set(['Enter', 'Tab', ';', ',']);

interface Pending {
  address: string;
  /** The well's chips before the commit: the chip that is not among them is the new one. */
  before: Set<Element>;
  labelsBefore: Set<string>;
}

/**
 * OWA usually shows a recipient as a display name only, and the address never reaches the DOM.
 * So we listen (capture phase, before OWA's handlers) for the moment a typed address or a picked
 * suggestion is committed in a To/Cc/Bcc well, and when the new chip appears we remember its
 * name → address for `addressOfChip`. Sources: research §3 ("capture the address when it is
 * typed or picked").
 */
export function rememberTypedAddresses(doc: Document, signal: AbortSignal): void {
  const pending = new Map<HTMLElement, Pending>();
  let lastWell: HTMLElement | null = null;

  const settle = () => {
    for (const [well, wait] of pending) {
      if (!well.isConnected) {
        pending.delete(well);
        continue;
      }
      const fresh = chipsOfWell(well).filter((chip) => !wait.before.has(chip));
      // A re-render may replace every chip element: then the new one is the name not seen before.
      const chip = fresh.find((candidate) => !wait.labelsBefore.has(chipLabel(candidate))) ?? fresh.at(-1);
      if (!chip) continue;
      rememberAddress(chip, chipLabel(chip), wait.address);
      pending.delete(well);
    }
    if (pending.size === 0) observer.disconnect();
  };
  const observer = new MutationObserver(settle);
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });

  const expect = (well: HTMLElement, address: string) => {
    const before = chipsOfWell(well);
    pending.set(well, { address, before: new Set(before), labelsBefore: new Set(before.map(chipLabel)) });
    observer.observe(doc, { childList: true, subtree: true });
  };
  const wellOf = (target: EventTarget | null) => {
    const element = target instanceof Element ? target : null;
    const well = element && (isWell(element) ? element : element.parentElement?.closest<HTMLElement>('[contenteditable=true]'));
    return well && isWell(well) ? well : null;
  };
  const win = doc.defaultView ?? window;
  const options = { capture: true, signal };

  win.addEventListener(
    'keydown',
    (event) => {
      const well = wellOf(event.target);
      if (!well || !COMMIT_KEYS.has(event.key)) return;
      // A suggestion highlighted with the arrow keys wins over the half-typed text.
      const active = well.getAttribute('aria-activedescendant');
      const option = active ? doc.getElementById(active) : null;
      const picked = option ? addressIn(spacedText(option)) : null;
      const address = picked ?? addressIn(typedText(well));
      if (address) expect(well, address);
    },
    options,
  );
  win.addEventListener(
    'input',
    (event) => {
      const well = wellOf(event.target);
      if (!well) return;
      lastWell = well;
      // The person edited the text away before it became a chip: forget it.
      settle();
      const wait = pending.get(well);
      if (wait && !typedText(well).toLowerCase().includes(wait.address)) pending.delete(well);
    },
    options,
  );
  win.addEventListener(
    'focusout',
    (event) => {
      const well = wellOf(event.target);
      const address = well && addressIn(typedText(well));
      if (well && address) expect(well, address);
    },
    options,
  );
  // A suggestion picked with the mouse: OWA may commit on mousedown already, so listen there.
  win.addEventListener(
    'mousedown',
    (event) => {
      const option = event.target instanceof Element ? closestChain(event.target, S.suggestion) : null;
      const address = option && addressIn(spacedText(option));
      const well = wellOf(doc.activeElement) ?? lastWell;
      if (address && well?.isConnected) expect(well, address);
    },
    options,
  );
}
