import type { ComposeWindow, ScheduledSend } from '../adapter.ts';
import { scheduledSendFrom } from '../scheduled-send.ts';
import { gmailSelectors } from './selectors.ts';

export { readScheduleTime } from '../scheduled-send.ts';

/** Gmail's schedule send: the arrow beside Send, then a preset or a picked date and time. */
export function gmailScheduledSend(composeContaining: (target: Element) => ComposeWindow | null): ScheduledSend {
  return scheduledSendFrom(gmailSelectors.scheduledSend, composeContaining);
}
