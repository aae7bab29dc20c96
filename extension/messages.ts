import type { RegisterMessage } from '../shared/schemas/message.ts';

/** Messages from content scripts to the background. */
export interface MessageSent {
  type: 'message-sent';
  registration: RegisterMessage;
}

export type RuntimeMessage = MessageSent;

export function isRuntimeMessage(value: unknown): value is RuntimeMessage {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'message-sent';
}
