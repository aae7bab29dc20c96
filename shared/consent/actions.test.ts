import { describe, expect, it } from 'vitest';
import { applySmartLinkAction, diffStates, splitChange, type PreferenceChoice, type SmartLinkActionName } from './actions.ts';
import { DEFAULT_STATE, blocksSending, effectiveState, scopesOf, type ContactState, type ScopedState } from './state.ts';

const granted: ContactState = { doNotContact: 'none', consent: 'granted', tracking: 'allowed' };

describe('applySmartLinkAction', () => {
  it.each<[string, ContactState, SmartLinkActionName, { massMail?: boolean; choice?: PreferenceChoice }, ContactState]>([
    ['unsubscribe from a regular email', DEFAULT_STATE, 'unsubscribe', {}, { doNotContact: 'no_email', consent: 'unknown', tracking: 'allowed' }],
    ['unsubscribe from a mail merge', DEFAULT_STATE, 'unsubscribe', { massMail: true }, { doNotContact: 'no_mass_email', consent: 'unknown', tracking: 'allowed' }],
    ['unsubscribe withdraws a granted consent', granted, 'unsubscribe', {}, { doNotContact: 'no_email', consent: 'withdrawn', tracking: 'allowed' }],
    ['a mail-merge unsubscribe never loosens no_contact', { ...DEFAULT_STATE, doNotContact: 'no_contact' }, 'unsubscribe', { massMail: true }, { ...DEFAULT_STATE, doNotContact: 'no_contact' }],
    ['grant consent after an opt-out', { doNotContact: 'no_email', consent: 'withdrawn', tracking: 'refused' }, 'grantConsent', {}, { doNotContact: 'none', consent: 'granted', tracking: 'refused' }],
    ['withdraw consent', granted, 'withdrawConsent', {}, { doNotContact: 'no_contact', consent: 'withdrawn', tracking: 'allowed' }],
    ['stop tracking', granted, 'stopTracking', {}, { ...granted, tracking: 'refused' }],
    ['preferences without a choice change nothing', granted, 'preferences', {}, granted],
    ['preferences leave a field left alone as it was', granted, 'preferences', { choice: { consent: undefined, tracking: 'refused' } }, { ...granted, tracking: 'refused' }],
    ['preferences with fields left out change nothing', granted, 'preferences', { choice: { doNotContact: undefined, consent: undefined, tracking: undefined } }, granted],
  ])('%s', (_case, before, action, options, after) => {
    expect(applySmartLinkAction(before, action, options)).toEqual(after);
  });

  it('applies exactly the fields chosen on the preferences page', () => {
    expect(applySmartLinkAction(granted, 'preferences', { choice: { doNotContact: 'no_mass_email', tracking: 'refused' } })).toEqual({
      doNotContact: 'no_mass_email', consent: 'granted', tracking: 'refused',
    });
    expect(diffStates(granted, { ...granted, tracking: 'refused' })).toEqual([{ field: 'tracking', from: 'allowed', to: 'refused' }]);
  });
});

describe('effectiveState across scopes', () => {
  const sender = { accountId: 'acc-1', teamId: 'team-news' };
  const row = (kind: ScopedState['scope']['kind'], id: string, state: Partial<ContactState>, updatedAt = '2026-01-01T00:00:00.000Z'): ScopedState => ({
    ...DEFAULT_STATE, ...state, scope: { kind, id }, updatedAt,
  });

  it('lets an organisation-wide opt-out filter down to every sender', () => {
    const state = effectiveState([row('organisation', '', { doNotContact: 'no_email' })], scopesOf(sender));
    expect(state.doNotContact).toBe('no_email');
    expect(state.scope).toEqual({ kind: 'organisation', id: '' });
  });

  it('applies a team opt-out to its senders only', () => {
    const rows = [row('team', 'team-news', { doNotContact: 'no_mass_email' })];
    expect(effectiveState(rows, scopesOf(sender)).doNotContact).toBe('no_mass_email');
    expect(effectiveState(rows, scopesOf({ accountId: 'acc-2', teamId: 'team-events' })).doNotContact).toBe('none');
  });

  it('applies a sender opt-out to that sender only', () => {
    const rows = [row('sender', 'acc-1', { doNotContact: 'no_contact', tracking: 'refused' })];
    expect(effectiveState(rows, scopesOf(sender))).toEqual(expect.objectContaining({ doNotContact: 'no_contact', tracking: 'refused' }));
    expect(effectiveState(rows, scopesOf({ accountId: 'acc-3', teamId: 'team-news' }))).toEqual(expect.objectContaining({ doNotContact: 'none', tracking: 'allowed' }));
  });

  it('takes the strictest opt-out and the latest explicit consent', () => {
    const rows = [
      row('organisation', '', { doNotContact: 'no_mass_email', consent: 'withdrawn' }, '2026-01-01T00:00:00.000Z'),
      row('sender', 'acc-1', { doNotContact: 'no_email', consent: 'granted' }, '2026-02-01T00:00:00.000Z'),
    ];
    expect(effectiveState(rows, scopesOf(sender))).toEqual(expect.objectContaining({ doNotContact: 'no_email', consent: 'granted' }));
  });

  it.each([
    ['none', false, false], ['no_mass_email', false, false], ['no_mass_email', true, true],
    ['no_email', false, true], ['no_contact', false, true],
  ] as const)('%s blocks a %s mass mail: %s', (level, massMail, blocked) => {
    expect(blocksSending({ ...DEFAULT_STATE, doNotContact: level }, massMail)).toBe(blocked);
  });
});

describe('splitChange: restrictive parts apply at once, permissive parts wait', () => {
  const optedOut: ContactState = { doNotContact: 'no_email', consent: 'withdrawn', tracking: 'refused' };
  it.each<[string, ContactState, SmartLinkActionName, { massMail?: boolean; choice?: object }, ContactState, string[]]>([
    ['unsubscribe is all restrictive', granted, 'unsubscribe', {}, { ...granted, doNotContact: 'no_email', consent: 'withdrawn' }, []],
    ['withdraw consent is all restrictive', granted, 'withdrawConsent', {}, { ...granted, doNotContact: 'no_contact', consent: 'withdrawn' }, []],
    ['stop tracking is restrictive', granted, 'stopTracking', {}, { ...granted, tracking: 'refused' }, []],
    ['grant consent after an opt-out is all permissive', optedOut, 'grantConsent', {}, optedOut, ['doNotContact', 'consent']],
    ['grant consent from unknown is permissive', DEFAULT_STATE, 'grantConsent', {}, DEFAULT_STATE, ['consent']],
    ['a preference that narrows one field and widens another is split', optedOut, 'preferences', { choice: { doNotContact: 'no_contact', tracking: 'allowed' } }, { ...optedOut, doNotContact: 'no_contact' }, ['tracking']],
    ['withdrawn back to unknown widens', optedOut, 'preferences', { choice: { consent: 'unknown' } }, optedOut, ['consent']],
  ])('%s', (_case, before, action, options, now, waiting) => {
    const { restrictive, permissive } = splitChange(before, applySmartLinkAction(before, action, options));
    expect(restrictive).toEqual(now);
    expect(permissive.map((change) => change.field)).toEqual(waiting);
  });
});
