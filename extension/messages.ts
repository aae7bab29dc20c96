import type { RegisterMessage } from '../shared/schemas/message.ts';

/** Messages from content scripts to the background. */
export interface MessageSent {
  type: 'message-sent';
  registration: RegisterMessage;
}

/** The sender's own mailbox is showing this message now (see sender-view/hide-own-pixel.ts). */
export interface MessageViewing {
  type: 'message-viewing';
  messageId: string;
}

/** Check for new events now instead of at the next alarm (the activity page's refresh, tests). */
export interface PollNow {
  type: 'poll-now';
}

export type RuntimeMessage = MessageSent | MessageViewing | PollNow;

const TYPES: ReadonlySet<string> = new Set<RuntimeMessage['type']>(['message-sent', 'message-viewing', 'poll-now']);

export function isRuntimeMessage(value: unknown): value is RuntimeMessage {
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  return typeof type === 'string' && TYPES.has(type);
}
