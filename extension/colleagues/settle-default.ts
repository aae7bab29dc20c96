import { accountItem, settingsItem } from '../storage.ts';
import { defaultColleagueDomains } from './colleague-domains.ts';
import { isPublicMailbox } from './public-mailbox.ts';

/**
 * Once the account is known, a sender who never chose their colleagues' domains gets the default
 * (their own domain, unless it is a public mailbox provider), written into the settings so that
 * the compose, which must decide synchronously at Send, reads a plain list.
 */
export async function settleColleagueDomains(): Promise<void> {
  const account = await accountItem.getValue();
  if (!account) return;
  // The settings are read only now, right before the write (extension storage has no
  // compare-and-set): a list the sender saved meanwhile on the options page wins, and the write
  // carries every other setting as it is now, not as it was when the account was looked up.
  const settings = await settingsItem.getValue();
  if (settings.neverTrackDomains !== null) return;
  await settingsItem.setValue({ ...settings, neverTrackDomains: defaultColleagueDomains(account.email, isPublicMailbox) });
}

/** Settles now and whenever the account changes (the options page connects). */
export function watchColleagueDefault(): void {
  void settleColleagueDomains();
  accountItem.watch(() => void settleColleagueDomains());
}
