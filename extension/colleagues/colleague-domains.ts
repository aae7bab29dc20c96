/**
 * Colleagues are not recipients: mail only to the sender's own organisation is not tracked (what
 * a colleague opens is not the sender's business, and it would drown the real recipients' news).
 * Pure: the options page, the background and the compose all decide with these.
 */

/** The domain of an address, lower-cased, or null for something that is not an address. */
export function domainOf(address: string): string | null {
  const at = address.lastIndexOf('@');
  const domain = at > 0 ? address.slice(at + 1).trim().toLowerCase() : '';
  return isDomain(domain) ? domain : null;
}

/** A host name as a person types it in the options: "Example.com", "@example.com", " example.com. ". */
export function normaliseDomain(input: string): string | null {
  const domain = input.trim().toLowerCase().replace(/^@/, '').replace(/\.$/, '');
  return isDomain(domain) ? domain : null;
}

function isDomain(text: string): boolean {
  return /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/.test(text);
}

/**
 * The list a new sender starts with: their own domain, unless it is a public mailbox provider
 * (gmail.com, outlook.com...), whose other users are strangers, not colleagues.
 */
export function defaultColleagueDomains(senderEmail: string, isPublicMailbox: (domain: string) => boolean): string[] {
  const own = domainOf(senderEmail);
  return own && !isPublicMailbox(own) ? [own] : [];
}

/** Whether an address is at one of these domains or below one ("eu.example.com" under "example.com"). */
export function isColleague(address: string, domains: readonly string[]): boolean {
  const domain = domainOf(address);
  return domain !== null && domains.some((colleagues) => domain === colleagues || domain.endsWith(`.${colleagues}`));
}

/**
 * A message goes untracked only when every recipient is a colleague. One address we cannot read
 * (a chip showing a name only) could be anybody's: then it is tracked as usual.
 */
export function onlyColleagues(addresses: readonly (string | null)[], domains: readonly string[]): boolean {
  return domains.length > 0 && addresses.length > 0 && addresses.every((address) => address !== null && isColleague(address, domains));
}

/** Parses the options' text box (one domain per line, or separated by commas/spaces): the domains, and what was not one. */
export function parseDomainList(text: string): { domains: string[]; rejected: string[] } {
  const domains = new Set<string>();
  const rejected: string[] = [];
  for (const entry of text.split(/[\s,;]+/).filter(Boolean)) {
    const domain = normaliseDomain(entry);
    if (domain) domains.add(domain);
    else rejected.push(entry);
  }
  return { domains: [...domains], rejected };
}
