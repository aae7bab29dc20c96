import { storage } from '#imports';
import type { LinkKey } from '../shared/crypto/mac.ts';
import type { RegisterMessage } from '../shared/schemas/message.ts';

/** What "Track this message" records when it is on. */
export type TrackMode = 'opens-and-clicks' | 'opens-only' | 'clicks-only';

/** What the user sets on the options page. */
export interface Settings {
  /** The sender's Worker, e.g. https://tracker.example.workers.dev (no trailing slash). */
  workerUrl: string;
  apiToken: string;
  /** Default of the "Track this message" switch in every compose. */
  trackByDefault: boolean;
  /** Default of the compose's tracking choice; absent in settings saved before it existed. */
  trackMode?: TrackMode;
}

/** Who the Worker says the token belongs to, and the key to sign message ids and links with. */
export interface Account {
  email: string;
  role: 'admin' | 'sender';
  linkKey: LinkKey;
}

export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: { workerUrl: '', apiToken: '', trackByDefault: true },
});

export const accountItem = storage.defineItem<Account | null>('local:account', { fallback: null });

/** Registrations not yet accepted by the Worker; survives browser restarts and an offline Worker. */
export const registrationQueueItem = storage.defineItem<RegisterMessage[]>('local:registrationQueue', { fallback: [] });

export function isConfigured(settings: Settings, account: Account | null): account is Account {
  return settings.workerUrl !== '' && settings.apiToken !== '' && account !== null;
}
