import { FILTER_STATUSES } from '../../shared/schemas/message-list.ts';
import type { MessageStatus } from '../../shared/tracking/verdict.ts';

/**
 * Whether the Worker's verdict on a message (GET /api/messages/<id>) still reads "not opened",
 * as the message list's filter means it: neither kind of open, machine fetches alone included.
 */
export function isStillNotOpened(message: { status: MessageStatus }): boolean {
  return FILTER_STATUSES.not_opened.includes(message.status);
}
