import type { SuppressionOwner } from '../../shared/schemas/suppressions.ts';
import { t } from '../ui/i18n.ts';

/** One choice of the owner filter: what `?owner=` says ('' for everyone this sender may see) and its words. */
export interface OwnerChoice {
  value: string;
  words: string;
}

const isMe = (owner: SuppressionOwner, me: string) => owner.kind === 'sender' && owner.label.toLowerCase() === me.toLowerCase();

/**
 * Whose an opt-out is, in words: the whole organisation, a team by name, the reader ("You" with
 * the address), or another sender by address — an admin sees other senders' rows, never as "You".
 */
export function ownerInWords(owner: SuppressionOwner, me: string): string {
  if (owner.kind === 'organisation') return t('owner.organisation');
  if (owner.kind === 'team') return t('owner.team', [owner.label]);
  return isMe(owner, me) ? t('owner.you', [owner.label]) : owner.label;
}

/**
 * The owner filter's choices: everyone, the reader, the organisation, then each other team and
 * sender the list has shown so far (the Worker has no list of them for senders), teams first, by name.
 */
export function ownerChoices(seen: readonly SuppressionOwner[], me: string): OwnerChoice[] {
  const others = new Map<string, OwnerChoice & { kind: SuppressionOwner['kind'] }>();
  for (const owner of seen) {
    if (owner.kind === 'organisation' || isMe(owner, me)) continue;
    const value = `${owner.kind === 'team' ? 'team' : 'account'}:${owner.id}`;
    others.set(value, { value, words: ownerInWords(owner, me), kind: owner.kind });
  }
  const sorted = [...others.values()].sort((a, b) => (a.kind === b.kind ? a.words.localeCompare(b.words) : a.kind === 'team' ? -1 : 1));
  return [
    { value: '', words: t('owner.all') },
    { value: 'me', words: t('owner.me') },
    { value: 'organisation', words: t('owner.organisation') },
    ...sorted.map(({ value, words }) => ({ value, words })),
  ];
}
