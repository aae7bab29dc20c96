import type { ContactStatus } from '../shared/schemas/contacts.ts';
import type { TrackingEvent } from '../shared/schemas/events.ts';
import type { LandmarkFailure } from '../shared/schemas/landmark-failures.ts';
import type { RegisterMessage } from '../shared/schemas/message.ts';
import type { SentMark } from './sender-view/sent-marks-source.ts';

/** Messages from content scripts to the background. */
export interface MessageSent {
  type: 'message-sent';
  registration: RegisterMessage;
  /** "Remind me if not opened in N days", when the sender asked for it in the compose. */
  remindAfterDays?: number;
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

/**
 * A Sent list (Gmail's Sent, Outlook's Sent Items) asks what to mark (sender-view/sent-marks.ts). Content scripts never call
 * the Worker themselves: the token stays in the background. Answered with `SentMark[]`.
 */
export interface SentMarksRequest {
  type: 'sent-marks';
  /** ISO time: only messages sent after it (a Sent page rarely reaches further back than weeks). */
  since: string;
}

/** A compose lacked a landmark and its message went out untracked: the Worker is told. */
export interface LandmarkFailureReport {
  type: 'landmark-failure';
  failure: LandmarkFailure;
}

/** Check for new events now instead of at the next alarm (the activity page's refresh, tests). */
export interface PollNow {
  type: 'poll-now';
}

export type RuntimeMessage = MessageSent | MessageViewing | ContactsStatusRequest | SentUntracked | SentMarksRequest | PollNow | LandmarkFailureReport;
export type { SentMark };

const TYPES: ReadonlySet<string> = new Set<RuntimeMessage['type']>([
  'message-sent', 'message-viewing', 'contacts-status', 'sent-untracked', 'sent-marks', 'poll-now', 'landmark-failure',
]);

export function isRuntimeMessage(value: unknown): value is RuntimeMessage {
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  return typeof type === 'string' && TYPES.has(type);
}

/**
 * The other way, from the background to the extension's pages: each event pushed by the Worker,
 * so that an open page (the popup) updates at once. Here rather than beside the stream, so that
 * a page reading it does not load the stream's code.
 */
export interface LiveEventMessage {
  type: 'live-event';
  event: TrackingEvent;
}

export function isLiveEventMessage(value: unknown): value is LiveEventMessage {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'live-event';
}
