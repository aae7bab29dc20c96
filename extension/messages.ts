import type { ContactStatus } from '../shared/schemas/contacts.ts';
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

/** A compose asks for its recipients' opt-out states; answered with `ContactsStatusAnswer`. */
export interface ContactsStatusRequest {
  type: 'contacts-status';
  emails: string[];
}

export interface ContactsStatusAnswer {
  contacts: ContactStatus[];
  /** Why nothing could be checked (not connected, Worker unreachable), in words. */
  problem: string | null;
}

/** Something of ours failed at Send; the email went out untracked and the user must be told. */
export interface SentUntracked {
  type: 'sent-untracked';
  subject: string;
  reason: string;
}

export type RuntimeMessage = MessageSent | MessageViewing | ContactsStatusRequest | SentUntracked;

const TYPES: ReadonlySet<string> = new Set<RuntimeMessage['type']>(['message-sent', 'message-viewing', 'contacts-status', 'sent-untracked']);

export function isRuntimeMessage(value: unknown): value is RuntimeMessage {
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  return typeof type === 'string' && TYPES.has(type);
}
