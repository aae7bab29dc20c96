import type { ContactState, Consent, DoNotContact, Tracking } from './state.ts';
import { strictest } from './state.ts';
import { DO_NOT_CONTACT_LEVELS, TRACKING_STATES } from './values.ts';

export type SmartLinkActionName = 'unsubscribe' | 'preferences' | 'grantConsent' | 'withdrawConsent' | 'stopTracking';

/** What the recipient chose on the Update preferences page; absent fields stay as they are. */
export interface PreferenceChoice {
  doNotContact?: DoNotContact;
  consent?: Consent;
  tracking?: Tracking;
}

/**
 * The effect of submitting a Smart Link page on the state at the chosen scope (the table in the
 * Smart Links issue). Pure; GET never calls it.
 */
export function applySmartLinkAction(
  before: ContactState,
  action: SmartLinkActionName,
  options: { massMail?: boolean; choice?: PreferenceChoice } = {},
): ContactState {
  switch (action) {
    case 'unsubscribe':
      return {
        ...before,
        // A mail-merge message's Unsubscribe stops mass email only; a regular one stops email.
        doNotContact: strictest(before.doNotContact, options.massMail ? 'no_mass_email' : 'no_email'),
        consent: before.consent === 'granted' ? 'withdrawn' : before.consent,
      };
    case 'preferences': {
      // A field sent empty or left out is "as it is", not a value.
      const chosen = Object.entries(options.choice ?? {}).filter(([, value]) => value !== undefined);
      return { ...before, ...Object.fromEntries(chosen) };
    }
    case 'grantConsent':
      // The way back in after an opt-out: consenting to be contacted lifts the email opt-outs
      // at this scope (a re-permission email is exactly that request).
      return { ...before, consent: 'granted', doNotContact: 'none' };
    case 'withdrawConsent':
      return { ...before, consent: 'withdrawn', doNotContact: 'no_contact' };
    case 'stopTracking':
      return { ...before, tracking: 'refused' };
  }
}

export interface StateChange {
  field: keyof ContactState;
  from: string;
  to: string;
}

export function diffStates(before: ContactState, after: ContactState): StateChange[] {
  return (['doNotContact', 'consent', 'tracking'] as const)
    .filter((field) => before[field] !== after[field])
    .map((field) => ({ field, from: before[field], to: after[field] }));
}

/** Each field's values from the most permissive to the most restrictive. */
const RESTRICTIVENESS: Record<keyof ContactState, readonly string[]> = {
  doNotContact: DO_NOT_CONTACT_LEVELS,
  consent: ['granted', 'unknown', 'withdrawn'] satisfies Consent[],
  tracking: TRACKING_STATES,
};

/** A change that lets more through than before: more email, more tracking, consent where there was none. */
export function widens(change: StateChange): boolean {
  const order = RESTRICTIVENESS[change.field];
  return order.indexOf(change.to) < order.indexOf(change.from);
}

/**
 * Splits a change into what may apply at once (every narrowing field: an opt-out is honoured
 * whoever asks) and what is permissive (every widening field: it needs someone who can vouch
 * for the address). Pure.
 */
export function splitChange(before: ContactState, after: ContactState): { restrictive: ContactState; permissive: StateChange[] } {
  const changes = diffStates(before, after);
  const restrictive = { ...before };
  for (const change of changes) if (!widens(change)) Object.assign(restrictive, { [change.field]: change.to });
  return { restrictive, permissive: changes.filter(widens) };
}

/** The state with these changes applied (a confirmed request, an undo's inverse). */
export function withChanges(state: ContactState, changes: readonly StateChange[]): ContactState {
  const next = { ...state };
  for (const change of changes) Object.assign(next, { [change.field]: change.to });
  return next;
}
