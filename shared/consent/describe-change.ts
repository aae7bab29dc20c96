import type { StateChange } from './actions.ts';
import type { ScopeKind } from './state.ts';

/** The English words of each ledger action; the extension's locales say the same in en.yml (tested). */
export const ACTION_WORDS: Record<string, string> = {
  unsubscribe: 'Unsubscribed',
  preferences: 'Updated preferences',
  grantConsent: 'Granted consent',
  withdrawConsent: 'Withdrew consent',
  stopTracking: 'Stopped tracking',
  undo: 'Undid their last change',
  manual: 'Changed by a sender',
  /** A permissive change waiting for the address's mailbox: nothing changed yet. */
  requested: 'Consent requested, not confirmed',
  /** Its link went unused: nothing came of the request. */
  expired: 'Consent request expired, not confirmed',
  optBackIn: 'Opted back in from their mailbox',
  lawfulBasis: 'Lawful basis recorded',
};
export const SCOPE_WORDS: Record<ScopeKind, string> = { organisation: 'organisation-wide', team: 'for your team', sender: 'for you only' };

/** A consent event in the popup's words, e.g. "Unsubscribed (organisation-wide): email no_email → …". */
export function describeConsentChange(action: string, scope: ScopeKind, changes: readonly StateChange[]): string {
  const what = changes.map((change) => `${change.field} ${change.from} → ${change.to}`).join(', ');
  return `${ACTION_WORDS[action] ?? action} (${SCOPE_WORDS[scope]})${what ? `: ${what}` : ''}`;
}
