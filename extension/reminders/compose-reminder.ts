import type { Settings } from '../storage.ts';

/** Each compose's reminder choice, when its sender changed it; otherwise the options' default applies. */
const chosen = new WeakMap<HTMLElement, number | null>();

export function chooseReminder(root: HTMLElement, days: number | null): void {
  chosen.set(root, days);
}

/** Days after which this compose's message reminds its sender if unopened, or null for none. */
export function reminderDaysFor(root: HTMLElement, settings: Settings): number | null {
  return chosen.has(root) ? chosen.get(root)! : settings.remindAfterDays;
}
