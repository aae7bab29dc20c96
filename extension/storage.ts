import { storage } from '#imports';
import type { LinkKey } from '../shared/crypto/mac.ts';
import type { RegisterMessage } from '../shared/schemas/message.ts';
import type { OrgSettings } from '../shared/schemas/org-settings.ts';
import type { NotifyOn } from './background/notification-rules.ts';

/** What "Track this message" records when it is on. */
export type TrackMode = 'opens-and-clicks' | 'opens-only' | 'clicks-only';
export const TRACK_MODES: readonly TrackMode[] = ['opens-and-clicks', 'opens-only', 'clicks-only'];

/** What the user sets on the options page. */
export interface Settings {
  /** The sender's Worker, e.g. https://tracker.example.workers.dev (no trailing slash). */
  workerUrl: string;
  apiToken: string;
  /** Default of the "Track this message" switch in every compose. */
  trackByDefault: boolean;
  /** What a tracked message tracks unless the compose says otherwise. */
  trackMode: TrackMode;
  notifyOn: NotifyOn;
  /** The compose's "Remind me if not opened in N days" starts at this; null: off. */
  remindAfterDays: number | null;
  /**
   * Recipient domains never tracked (colleagues). Null until the account is known: then it
   * becomes the sender's own domain, unless that is a public mailbox provider (colleagues/).
   */
  neverTrackDomains: string[] | null;
}

export const DEFAULT_SETTINGS: Settings = {
  workerUrl: '',
  apiToken: '',
  trackByDefault: true,
  trackMode: 'opens-and-clicks',
  notifyOn: { reliableOpens: true, unreliableOpens: true, clicks: true, consentChanges: true },
  remindAfterDays: null,
  neverTrackDomains: null,
};

/** What version 2 stored for notifications: only a person's first open was told. */
type StoredNotifyOn = Partial<NotifyOn> & { firstOpen?: boolean };

/** Fills in what an older stored value lacks, so every reader sees a whole Settings. */
export function withDefaults(stored: (Omit<Partial<Settings>, 'notifyOn'> & { notifyOn?: StoredNotifyOn }) | null | undefined): Settings {
  const { firstOpen, ...notifyOn } = stored?.notifyOn ?? {};
  return {
    ...DEFAULT_SETTINGS,
    ...stored,
    // Whoever had turned off first-open notifications wants no open notifications now either.
    notifyOn: { ...DEFAULT_SETTINGS.notifyOn, ...(firstOpen === false ? { reliableOpens: false, unreliableOpens: false } : {}), ...notifyOn },
  };
}

/** Who the Worker says the token belongs to, and the key to sign message ids and links with. */
export interface Account {
  email: string;
  role: 'admin' | 'sender';
  linkKey: LinkKey;
  /** The sender's team name, when the Worker tells it (opt-outs can be scoped to it). */
  team?: string | null;
  /** The organisation's rules every compose follows; absent from a Worker older than them. */
  settings?: OrgSettings;
  /** Addresses an admin added for this account, which recipient pages may name it by. */
  aliases?: string[];
}

export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
  // Version 1 stored only the connection and trackByDefault; version 2 notified first opens only.
  version: 3,
  migrations: { 2: (stored: Partial<Settings>) => withDefaults(stored), 3: (stored: Partial<Settings>) => withDefaults(stored) },
});

export const accountItem = storage.defineItem<Account | null>('local:account', { fallback: null });

/** Registrations not yet accepted by the Worker; survives browser restarts and an offline Worker. */
export const registrationQueueItem = storage.defineItem<RegisterMessage[]>('local:registrationQueue', { fallback: [] });

/**
 * Messages the Worker would no longer change (already sent), each with the new id a later send
 * from their compose was registered under instead: its later registrations go there too.
 */
export const resentUnderItem = storage.defineItem<Record<string, string>>('local:resentUnder', { fallback: {} });

export function isConfigured(settings: Settings, account: Account | null): account is Account {
  return settings.workerUrl !== '' && settings.apiToken !== '' && account !== null;
}
