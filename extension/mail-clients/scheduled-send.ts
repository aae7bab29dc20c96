import { closestChain, spacedText, type ComposeWindow, type ScheduledSend } from './adapter.ts';
import { readDisplayedTime } from './displayed-time.ts';

/** Where a client's schedule-send controls are (in its selectors table). */
export interface ScheduleSendTable {
  /** The control beside Send that opens the send options, inside the compose. */
  readonly menuControl: readonly string[];
  /** A preset in the schedule dialog: choosing it schedules, for the time it shows. */
  readonly preset: string;
  /** The confirm of a picked date and time, in the same dialog as its inputs. */
  readonly confirm: string;
  /** The picked date and time's inputs, read in order. */
  readonly pickerInput: string;
}

/**
 * The time a webmail shows for a schedule choice, in the browser's time zone; a date without its
 * year is the next such date. Null in forms we cannot read safely (other UI languages): the send
 * is then registered at the moment of scheduling.
 */
export function readScheduleTime(text: string, now = new Date()): Date | null {
  return readDisplayedTime(text, 'next', now);
}

/**
 * Schedule send as both clients have it: the control beside Send opens a menu, then a dialog, both
 * outside the compose; a preset, or the confirm of a picked date and time, schedules.
 */
export function scheduledSendFrom(table: ScheduleSendTable, composeContaining: (target: Element) => ComposeWindow | null): ScheduledSend {
  return {
    composeForMenuControl(target) {
      const control = closestChain(target, table.menuControl);
      return control && composeContaining(control);
    },
    choice(target) {
      const preset = target.closest(table.preset);
      if (preset) return { at: readScheduleTime(spacedText(preset)) };
      const confirm = target.closest(table.confirm);
      if (!confirm) return null;
      const inputs = [...(confirm.closest('[role=dialog]')?.querySelectorAll<HTMLInputElement>(table.pickerInput) ?? [])];
      return { at: readScheduleTime(inputs.map((input) => input.value).join(' ')) };
    },
  };
}
