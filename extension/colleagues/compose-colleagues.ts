import type { ComposeWindow } from '../mail-clients/adapter.ts';
import type { Settings } from '../storage.ts';
import { t } from '../ui/i18n.ts';
import { onlyColleagues } from './colleague-domains.ts';

/**
 * Why this compose goes untracked although the switch is on: all its recipients are colleagues.
 * The chips (some show a name only) and the addresses the client reports are read together.
 */
export function colleaguesOnlyReason(compose: ComposeWindow, settings: Settings): string | null {
  const domains = settings.neverTrackDomains ?? [];
  if (domains.length === 0) return null;
  const { to, cc, bcc } = compose.recipients();
  const addresses = [...compose.recipientChips().map((chip) => chip.address), ...to, ...cc, ...bcc];
  return onlyColleagues(addresses, domains) ? t('colleagues.untracked', [domains.join(', ')]) : null;
}
