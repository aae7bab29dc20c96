import { DO_NOT_CONTACT_LEVELS, type Consent, type DoNotContact, type ScopeKind, type Tracking } from './values.ts';

export { DO_NOT_CONTACT_LEVELS, type Consent, type DoNotContact, type ScopeKind, type Tracking };

/** Where a choice applies: the whole organisation, one team of senders, or one sender. */
export interface Scope {
  kind: ScopeKind;
  /** '' for the organisation; the team id or the sender's account id otherwise. */
  id: string;
}

export interface ContactState {
  doNotContact: DoNotContact;
  consent: Consent;
  tracking: Tracking;
}

export const DEFAULT_STATE: ContactState = { doNotContact: 'none', consent: 'unknown', tracking: 'allowed' };

/** One stored choice at one scope, with when it was made. */
export interface ScopedState extends ContactState {
  scope: Scope;
  updatedAt: string;
}

export function severity(level: DoNotContact): number {
  return DO_NOT_CONTACT_LEVELS.indexOf(level);
}

export function strictest(a: DoNotContact, b: DoNotContact): DoNotContact {
  return severity(a) >= severity(b) ? a : b;
}

/** The scopes that apply to a sender: the organisation, their team (if any), themselves. */
export function scopesOf(sender: { accountId: string; teamId: string | null }): Scope[] {
  return [
    { kind: 'organisation', id: '' },
    ...(sender.teamId ? [{ kind: 'team' as const, id: sender.teamId }] : []),
    { kind: 'sender', id: sender.accountId },
  ];
}

/**
 * What applies to one sender. An opt-out filters down (organisation → team → sender), so the
 * strictest Do Not Contact and any refusal of tracking win; consent is the latest explicit choice.
 */
export function effectiveState(rows: readonly ScopedState[], applicable: readonly Scope[]): ContactState & { scope: Scope | null } {
  const relevant = rows.filter((row) => applicable.some((s) => s.kind === row.scope.kind && s.id === row.scope.id));
  let state: ContactState = { ...DEFAULT_STATE };
  let scope: Scope | null = null;
  let consentAt = '';
  for (const row of relevant) {
    if (severity(row.doNotContact) > severity(state.doNotContact)) {
      state = { ...state, doNotContact: row.doNotContact };
      scope = row.scope;
    }
    if (row.tracking === 'refused') state = { ...state, tracking: 'refused' };
    if (row.consent !== 'unknown' && row.updatedAt > consentAt) {
      state = { ...state, consent: row.consent };
      consentAt = row.updatedAt;
    }
  }
  return { ...state, scope };
}

/** Whether a message of this kind may go to someone in this state (the compose warning). */
export function blocksSending(state: ContactState, massMail: boolean): boolean {
  if (state.doNotContact === 'no_email' || state.doNotContact === 'no_contact') return true;
  return massMail && state.doNotContact === 'no_mass_email';
}
