import type { Settings, TrackMode } from '../storage.ts';

/** What the sender chose in one compose's toolbar. */
export interface ComposeChoices {
  track: boolean;
  mode: TrackMode;
  /** A mail merge: Unsubscribe then means "no mass email" rather than "no email". */
  massMail: boolean;
}

const choices = new WeakMap<HTMLElement, ComposeChoices>();

/** The compose's choices, created from the options' defaults the first time they are asked for. */
export function choicesFor(root: HTMLElement, settings: Settings): ComposeChoices {
  let current = choices.get(root);
  if (!current) {
    current = { track: settings.trackByDefault, mode: settings.trackMode, massMail: false };
    choices.set(root, current);
  }
  return current;
}

export function updateChoices(root: HTMLElement, settings: Settings, change: Partial<ComposeChoices>): ComposeChoices {
  const next = { ...choicesFor(root, settings), ...change };
  choices.set(root, next);
  return next;
}
