import { browser } from '#imports';
import type { ContactStatus } from '../../shared/schemas/contacts.ts';
import type { ContactsStatusAnswer, ContactsStatusRequest } from '../messages.ts';
import { t } from '../ui/i18n.ts';
import type { StatusLookup } from './opt-out-check.ts';

/** A state this old is asked for again: opt-outs take effect at once, also in open composes. */
const FRESH_MS = 60_000;

/**
 * The opt-out states of the addresses this page's composes mention, fetched while the sender
 * types (through the background, which holds the token) so that the check at Send is synchronous.
 */
export class RecipientStatuses implements StatusLookup {
  private readonly known = new Map<string, { status: ContactStatus; at: number }>();
  private readonly pending = new Set<string>();
  private readonly listeners = new Set<() => void>();
  problem: string | null = null;

  get(address: string): ContactStatus | undefined {
    return this.known.get(address)?.status;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Asks for the addresses not known, or known for too long; listeners hear when answers land. */
  request(addresses: readonly string[], now = Date.now()): void {
    const wanted = addresses.filter((address) => {
      const entry = this.known.get(address);
      return !this.pending.has(address) && (!entry || now - entry.at > FRESH_MS);
    });
    if (wanted.length === 0) return;
    wanted.forEach((address) => this.pending.add(address));
    const request: ContactsStatusRequest = { type: 'contacts-status', emails: wanted };
    void (browser.runtime.sendMessage(request) as Promise<ContactsStatusAnswer | undefined>)
      .then((answer) => {
        this.problem = answer?.problem ?? null;
        for (const status of answer?.contacts ?? []) this.known.set(status.email.toLowerCase(), { status, at: Date.now() });
      })
      .catch((err: unknown) => {
        this.problem = t('compose.checkFailed', [String(err)]);
      })
      .finally(() => {
        wanted.forEach((address) => this.pending.delete(address));
        this.listeners.forEach((listener) => listener());
      });
  }
}
