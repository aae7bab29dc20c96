import type { ContactStatus } from '../../shared/schemas/contacts.ts';
import type { RecipientChip } from '../mail-clients/adapter.ts';

export type RecipientVerdict =
  /** Opted out of this kind of email: warned while typing, confirmed at send. */
  | { kind: 'opted-out'; chip: RecipientChip; status: ContactStatus; words: string }
  /** Refused tracking: the message goes untracked. */
  | { kind: 'refused-tracking'; chip: RecipientChip; status: ContactStatus; words: string }
  /** The client shows only a name and we never saw the address. */
  | { kind: 'unknown-address'; chip: RecipientChip; words: string }
  /** Asked the Worker, no answer yet (or it could not be reached). */
  | { kind: 'not-checked'; chip: RecipientChip; words: string };

const SCOPE_WORDS = { organisation: 'organisation-wide', team: 'for your team', sender: 'for you' } as const;

/** Why this contact must not get this message, in words, or null when it may. */
export function optOutWords(status: ContactStatus, massMail: boolean): string | null {
  const scope = status.scope ? ` (${SCOPE_WORDS[status.scope.kind]})` : '';
  switch (status.doNotContact) {
    case 'no_contact':
      return `Do not contact${scope}`;
    case 'no_email':
      return `Unsubscribed from all email${scope}`;
    case 'no_mass_email':
      return massMail ? `Unsubscribed from mass email${scope}` : null;
    case 'none':
      return status.reason === 'no_lawful_basis' ? 'No consent or lawful basis recorded (your organisation requires one)' : null;
  }
}

/**
 * What the compose must say about each recipient, from the states fetched while typing: the
 * check at send is synchronous and reads only this.
 */
export function checkRecipients(
  chips: readonly RecipientChip[],
  statuses: ReadonlyMap<string, ContactStatus>,
  massMail: boolean,
): RecipientVerdict[] {
  const verdicts: RecipientVerdict[] = [];
  for (const chip of chips) {
    if (!chip.address) {
      verdicts.push({ kind: 'unknown-address', chip, words: 'Address not known: cannot check opt-outs' });
      continue;
    }
    const status = statuses.get(chip.address);
    if (!status) {
      verdicts.push({ kind: 'not-checked', chip, words: 'Not checked yet' });
      continue;
    }
    const words = optOutWords(status, massMail);
    if (words) verdicts.push({ kind: 'opted-out', chip, status, words });
    else if (status.tracking === 'refused') verdicts.push({ kind: 'refused-tracking', chip, status, words: 'Asked not to be tracked' });
  }
  return verdicts;
}
