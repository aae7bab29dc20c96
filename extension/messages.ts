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

export type RuntimeMessage = MessageSent | MessageViewing;

export function isRuntimeMessage(value: unknown): value is RuntimeMessage {
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  return type === 'message-sent' || type === 'message-viewing';
}
