import { splitChange, widens, type StateChange } from '../../shared/consent/actions.ts';
import type { ContactState, Scope } from '../../shared/consent/state.ts';
import type { Locale, MessageKey } from '../../shared/i18n/index.ts';
import type { Bindings } from '../env.ts';
import { mailConfigured, sendConsentRequest, sendOptOutConfirmation } from './confirmation-email.ts';
import { confirmationUrl, requestConfirmation } from './consent-requests.ts';
import { contactKey } from './contacts.ts';
import { recordState, stateAtScope, type AppliedChange, type ChangeEvidence } from './ledger.ts';

export interface Submission {
  email: string;
  scope: Scope;
  /** The state the person asked for, from the state at the scope now. */
  decide: (before: ContactState) => ContactState;
  evidence: ChangeEvidence;
  /**
   * Whether a permissive change may apply at once: only when the page knew the address (the
   * message's sole recipient) and the request did not come from the sender's network or browser.
   */
  mayWidenAtOnce: boolean;
  locale: Locale;
  workerUrl: string;
  /** The changes in the person's words, for the confirmation email. */
  words: (changes: readonly StateChange[]) => string;
  /** What the opt-out confirmation email says was done. */
  doneKey: (changes: readonly StateChange[]) => MessageKey;
}

export interface SubmissionResult {
  /** What changed at once (no ledger id when nothing did). */
  applied: AppliedChange;
  /** The permissive part waiting for the mailbox, if any, and its ledger row. */
  pending: StateChange[];
  pendingLedgerId: string | null;
  /** A confirmation email went out (the pending link, or the opt-out's way back in). */
  mailSent: boolean;
}

/**
 * A recipient's choice, the one place that decides what applies: every narrowing field applies at
 * once, whoever asks (an opt-out must hold); every widening field applies at once only when
 * `mayWidenAtOnce`, else it waits for the address's mailbox: a pending ledger row and, when
 * mail is configured, a single-use link to that address. An applied opt-out gets a confirmation
 * email whose link reverses it at the scope it was made.
 */
export async function submitChoice(env: Bindings, submission: Submission): Promise<SubmissionResult> {
  const { email, scope, evidence } = submission;
  const db = env.DB;
  const before = await stateAtScope(db, contactKey(email), scope);
  const after = submission.decide(before);
  const { restrictive, permissive } = splitChange(before, after);
  const widenNow = permissive.length > 0 && submission.mayWidenAtOnce;
  const applied = await recordState(db, email, scope, widenNow ? after : restrictive, evidence);
  const pending = widenNow ? [] : permissive;
  let mailSent = false;
  let pendingLedgerId: string | null = null;
  if (pending.length > 0) {
    const { token, ledgerId } = await requestConfirmation(db, email, scope, pending, evidence, { language: submission.locale });
    pendingLedgerId = ledgerId;
    mailSent = await sendConsentRequest(env, email, submission.locale, submission.words(pending), confirmationUrl(submission.workerUrl, token));
  } else if (applied.ledgerId && mailConfigured(env)) {
    const optOut = applied.changes.filter((change) => change.field === 'doNotContact' && !widens(change));
    if (optOut.length > 0) {
      // The way back in undoes this opt-out's own fields at its own scope, once the mailbox confirms.
      const reverse = applied.changes.filter((change) => !widens(change)).map((change) => ({ ...change, from: change.to, to: change.from }));
      const { token } = await requestConfirmation(db, email, scope, reverse, { ...evidence, action: 'optBackIn' }, { language: submission.locale, reverses: applied.ledgerId });
      mailSent = await sendOptOutConfirmation(env, email, submission.locale, submission.doneKey(applied.changes), confirmationUrl(submission.workerUrl, token));
    }
  }
  return { applied, pending, pendingLedgerId, mailSent };
}
