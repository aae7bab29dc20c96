import type { ContactStatus } from '../../shared/schemas/contacts.ts';
import type { RecipientChip } from '../mail-clients/adapter.ts';
import { t } from '../ui/i18n.ts';

export type RecipientVerdict =
  /** Opted out of this kind of email: warned while typing, confirmed at send. */
  | { kind: 'opted-out'; chip: RecipientChip; status: ContactStatus; words: string }
  /** Refused tracking: the message goes untracked. */
  | { kind: 'refused-tracking'; chip: RecipientChip; status: ContactStatus; words: string }
  /** The client shows only a name and we never saw the address. */
  | { kind: 'unknown-address'; chip: RecipientChip; words: string }
  /** Asked the Worker, no answer yet (or it could not be reached). */
  | { kind: 'not-checked'; chip: RecipientChip; words: string };

/** Why this contact must not get this message, in words, or null when it may. */
export function optOutWords(status: ContactStatus, massMail: boolean): string | null {
  // The Worker reports a missing lawful basis as `no_contact`: the reason is the rule, not an opt-out.
  if (status.reason === 'no_lawful_basis') return t('compose.reason.noLawfulBasis');
  const scope = status.scope ? ` (${t(`compose.scope.${status.scope.kind}`)})` : '';
  switch (status.doNotContact) {
    case 'no_contact':
      return t('compose.reason.noContact') + scope;
    case 'no_email':
      return t('compose.reason.noEmail') + scope;
    case 'no_mass_email':
      return massMail ? t('compose.reason.noMassEmail') + scope : null;
    case 'none':
      return null;
  }
}

/** The opt-out states known so far, by lower-cased address. */
export interface StatusLookup {
  get(address: string): ContactStatus | undefined;
}

/**
 * What the compose must say about each recipient, from the states fetched while typing: the
 * check at send is synchronous and reads only this.
 */
export function checkRecipients(
  chips: readonly RecipientChip[],
  statuses: StatusLookup,
  massMail: boolean,
): RecipientVerdict[] {
  const verdicts: RecipientVerdict[] = [];
  for (const chip of chips) {
    if (!chip.address) {
      verdicts.push({ kind: 'unknown-address', chip, words: t('compose.reason.unknownAddress') });
      continue;
    }
    const status = statuses.get(chip.address);
    if (!status) {
      verdicts.push({ kind: 'not-checked', chip, words: t('compose.reason.notChecked') });
      continue;
    }
    const words = optOutWords(status, massMail);
    if (words) verdicts.push({ kind: 'opted-out', chip, status, words });
    else if (status.tracking === 'refused') verdicts.push({ kind: 'refused-tracking', chip, status, words: t('compose.reason.refusedTracking') });
  }
  return verdicts;
}
