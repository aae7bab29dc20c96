import { closestChain, type ComposeWindow, type ScheduledSend } from '../adapter.ts';
import { gmailSelectors } from './selectors.ts';

const S = gmailSelectors.scheduledSend;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WHEN = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2}),?(?:\s+(\d{4}),?)?\s+(\d{1,2}):(\d{2})\s*([ap]m)?/i;

/**
 * The time Gmail shows for a schedule choice, "Dec 2, 8:00 AM" (a preset) or "Dec 31, 2026 9:00
 * AM" (the picker's two inputs), in the browser's time zone as Gmail means it. A preset names no
 * year: it is the next such date, never one more than a day past. Null for any other form (other
 * UI languages): the send is then registered at the moment of scheduling.
 */
export function readScheduleTime(text: string, now = new Date()): Date | null {
  const match = WHEN.exec(text);
  if (!match) return null;
  const [, month, day, year, hour, minute, half] = match as unknown as [string, string, string, string | undefined, string, string, string | undefined];
  let hours = Number(hour);
  if (half) hours = (hours % 12) + (half.toLowerCase() === 'pm' ? 12 : 0);
  const at = (y: number) => new Date(y, MONTHS.indexOf(month.slice(0, 3).toLowerCase()), Number(day), hours, Number(minute));
  if (year) return at(Number(year));
  const thisYear = at(now.getFullYear());
  return thisYear.getTime() < now.getTime() - 86_400_000 ? at(now.getFullYear() + 1) : thisYear;
}

/** An element's text with its pieces apart: a preset's label and date are elements side by side. */
function spacedText(element: Element): string {
  const walker = element.ownerDocument.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const pieces: string[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) pieces.push(node.nodeValue ?? '');
  return pieces.join(' ');
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
