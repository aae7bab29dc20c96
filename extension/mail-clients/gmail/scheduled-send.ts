import { closestChain, spacedText, type ComposeWindow, type ScheduledSend } from '../adapter.ts';
import { readDisplayedTime } from '../displayed-time.ts';
import { gmailSelectors } from './selectors.ts';

const S = gmailSelectors.scheduledSend;
/**
 * The time Gmail shows for a schedule choice, "Dec 2, 8:00 AM" (a preset) or "Dec 31, 2026 9:00
 * AM" (the picker's two inputs), in the browser's time zone as Gmail means it; a preset names no
 * year, so it is the next such date. Null in other UI languages: the send is then registered at
 * the moment of scheduling.
 */
export function readScheduleTime(text: string, now = new Date()): Date | null {
  return readDisplayedTime(text, 'next', now);
}

/** Gmail's schedule send: the arrow beside Send, then a preset or a picked date and time. */
export function gmailScheduledSend(composeContaining: (target: Element) => ComposeWindow | null): ScheduledSend {
  return {
    composeForMenuControl(target) {
      const control = closestChain(target, S.menuControl);
      return control && composeContaining(control);
    },
    choice(target) {
      const preset = target.closest(S.preset);
      if (preset) return { at: readScheduleTime(spacedText(preset)) };
      const confirm = target.closest(S.confirm);
      if (!confirm) return null;
      const inputs = [...(confirm.closest('[role=dialog]')?.querySelectorAll<HTMLInputElement>(S.pickerInput) ?? [])];
      return { at: readScheduleTime(inputs.map((input) => input.value).join(' ')) };
    },
  };
}
