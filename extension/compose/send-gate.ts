import type { MailMergeOptOut, OptOutEnforcement } from '../../shared/schemas/org-settings.ts';

/** What the compose knows at Send, reduced to what the decision needs. */
export interface SendGateInput {
  enforcement: OptOutEnforcement;
  mailMergeOptOut: MailMergeOptOut;
  /** Recipients who opted out of this kind of email (or lack the lawful basis the organisation requires). */
  optedOut: readonly string[];
  /** Recipients whose state is not known: a name-only chip, a check still running, the Worker unreachable. */
  unchecked: readonly string[];
  /** Recipients the sender was already told about at an earlier press of Send in this compose. */
  alreadyShown: ReadonlySet<string>;
  /** A mail merge with no Unsubscribe Smart Link in its body. */
  mailMergeWithoutOptOut: boolean;
}

/** Why Send did not go: each reason has its own words in the toolbar. */
export type HoldReason =
  /** `block`: refused at every press until they are removed ("Remove them and send"). */
  | 'opted-out-blocked'
  /** `warn`: the first press is held; pressing again sends to them. */
  | 'opted-out'
  /** Either mode: the first press is held; pressing again sends. */
  | 'unchecked'
  /** `hold`: a mail merge is refused until its body has an Unsubscribe Smart Link. */
  | 'mail-merge-without-opt-out';

export type SendGate =
  | { decision: 'send'; appendOptOut: boolean }
  /** `shown`: the recipients the notice names, so that a second press knows they were seen. */
  | { decision: 'hold'; reasons: HoldReason[]; shown: string[] };

/**
 * The decision at Send. A refusal (block, mail merge on hold) stands at every press; a warning
 * (an opted-out recipient under `warn`, an unchecked one under either) holds only the first press
 * that shows it, so a sender who read it can send. A recipient that could not be checked never
 * refuses Send, as a Worker that is down must not stop all email.
 */
export function decideSend(input: SendGateInput): SendGate {
  const reasons: HoldReason[] = [];
  const blocked = input.enforcement === 'block' && input.optedOut.length > 0;
  if (blocked) reasons.push('opted-out-blocked');
  if (input.mailMergeWithoutOptOut && input.mailMergeOptOut === 'hold') reasons.push('mail-merge-without-opt-out');
  const unseen = (list: readonly string[]) => list.some((recipient) => !input.alreadyShown.has(recipient));
  if (!blocked && unseen(input.optedOut)) reasons.push('opted-out');
  if (input.unchecked.length > 0 && (reasons.length > 0 || unseen(input.unchecked))) reasons.push('unchecked');
  if (reasons.length === 0) return { decision: 'send', appendOptOut: input.mailMergeWithoutOptOut };
  return { decision: 'hold', reasons, shown: [...input.optedOut, ...input.unchecked] };
}
