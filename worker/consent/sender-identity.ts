import { readOrgSettings } from './org-settings.ts';

/**
 * The name recipient pages give a sender: the address a registration claims only when it is the
 * account's own or an alias an admin added for it, else the account's address. A claimed `from`
 * that is neither stays in the message for the sender's own views; pages never show it.
 */
export function shownSenderAddress(claimedFrom: string | null, accountEmail: string, aliases: readonly string[]): string {
  const claimed = claimedFrom?.trim().toLowerCase() ?? '';
  if (claimed && (claimed === accountEmail.toLowerCase() || aliases.some((alias) => alias.toLowerCase() === claimed))) return claimed;
  return accountEmail;
}

export async function aliasesOf(db: D1Database, accountId: string): Promise<string[]> {
  const rows = await db.prepare('SELECT email FROM account_aliases WHERE account_id = ? ORDER BY email').bind(accountId).all<{ email: string }>();
  return rows.results.map((row) => row.email);
}

/** The organisation named on recipient pages: its settings name, else the domain of the sender's own address. */
export function organisationNameOr(setting: string | null, fallbackAddress: string): string {
  return setting ?? fallbackAddress.split('@')[1] ?? fallbackAddress;
}

export async function organisationName(db: D1Database, fallbackAddress: string): Promise<string> {
  return organisationNameOr((await readOrgSettings(db)).organisationName, fallbackAddress);
}
