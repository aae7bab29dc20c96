import providers from 'email-providers/all.json';

/**
 * Public mailbox providers (gmail.com, outlook.com, gmx.de, ~9000 more), from a list kept up to
 * date by its authors. Large, so only the background and the options page load it; the compose
 * reads the settled list from the settings.
 */
const PUBLIC_MAILBOXES: ReadonlySet<string> = new Set(providers);

export function isPublicMailbox(domain: string): boolean {
  return PUBLIC_MAILBOXES.has(domain.toLowerCase());
}
