import { describe, expect, it } from 'vitest';
import type { ContactStatus } from '../../shared/schemas/contacts.ts';
import type { RecipientChip } from '../mail-clients/adapter.ts';
import { checkRecipients, optOutWords } from './opt-out-check.ts';

function status(change: Partial<ContactStatus>): ContactStatus {
  return { email: 'a@example.org', doNotContact: 'none', consent: 'unknown', tracking: 'allowed', scope: null, lawfulBasis: null, reason: null, ...change };
}

const org = { kind: 'organisation', id: 'org' } as const;

describe('optOutWords', () => {
  it.each([
    ['no contact, organisation-wide', status({ doNotContact: 'no_contact', scope: org }), false, 'Do not contact (organisation-wide)'],
    ['no email, for a team', status({ doNotContact: 'no_email', scope: { kind: 'team', id: 't' } }), false, 'Unsubscribed from all email (for your team)'],
    ['no mass email on a one-to-one message', status({ doNotContact: 'no_mass_email', scope: org }), false, null],
    ['no mass email on a mail merge', status({ doNotContact: 'no_mass_email', scope: org }), true, 'Unsubscribed from mass email (organisation-wide)'],
    ['nothing against them', status({}), true, null],
    // As the Worker answers it: no_contact, with the rule as the reason.
    ['no lawful basis where one is required', status({ doNotContact: 'no_contact', reason: 'no_lawful_basis' }), false, 'No lawful basis recorded (EU rule of your organisation)'],
    ['no lawful basis, also on a mail merge', status({ doNotContact: 'no_contact', reason: 'no_lawful_basis' }), true, 'No lawful basis recorded (EU rule of your organisation)'],
  ])('%s', (_case, contact, massMail, expected) => {
    expect(optOutWords(contact, massMail)).toBe(expected);
  });
});

describe('checkRecipients', () => {
  const chip = (address: string | null, label = address ?? 'Ana Example'): RecipientChip => ({ field: 'to', address, label, element: document.createElement('span') });

  it('says for each recipient what applies, from the states fetched while typing', () => {
    const statuses = new Map([
      ['out@example.org', status({ email: 'out@example.org', doNotContact: 'no_email', scope: org })],
      ['private@example.org', status({ email: 'private@example.org', tracking: 'refused' })],
      ['fine@example.org', status({ email: 'fine@example.org' })],
    ]);
    const verdicts = checkRecipients([chip('out@example.org'), chip('private@example.org'), chip('fine@example.org'), chip(null), chip('new@example.org')], statuses, false);
    expect(verdicts.map((v) => [v.kind, v.chip.label, v.words])).toEqual([
      ['opted-out', 'out@example.org', 'Unsubscribed from all email (organisation-wide)'],
      ['refused-tracking', 'private@example.org', 'Asked not to be tracked'],
      ['unknown-address', 'Ana Example', 'Address not known: cannot check opt-outs'],
      ['not-checked', 'new@example.org', 'Not checked yet'],
    ]);
  });
});
