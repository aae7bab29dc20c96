import type { MessageStats } from '../../shared/schemas/message.ts';

/** Whether the Worker's answer for a message (GET /api/messages/<id>) says nobody opened or clicked it yet. */
export function isStillNotOpened(message: { stats: MessageStats }): boolean {
  return message.stats.opens === 0 && message.stats.clicks === 0;
}
