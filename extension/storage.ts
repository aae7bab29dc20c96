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
}

export const DEFAULT_SETTINGS: Settings = {
  workerUrl: '',
  apiToken: '',
  trackByDefault: true,
  trackMode: 'opens-and-clicks',
  notifyOn: { firstOpen: true, clicks: true, consentChanges: true },
};

/** Fills in what an older stored value lacks, so every reader sees a whole Settings. */
export function withDefaults(stored: Partial<Settings> | null | undefined): Settings {
  return { ...DEFAULT_SETTINGS, ...stored, notifyOn: { ...DEFAULT_SETTINGS.notifyOn, ...stored?.notifyOn } };
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
  // Version 1 stored only the connection and trackByDefault.
  version: 2,
  migrations: { 2: (stored: Partial<Settings>) => withDefaults(stored) },
});

export const accountItem = storage.defineItem<Account | null>('local:account', { fallback: null });

/** Registrations not yet accepted by the Worker; survives browser restarts and an offline Worker. */
export const registrationQueueItem = storage.defineItem<RegisterMessage[]>('local:registrationQueue', { fallback: [] });

export function isConfigured(settings: Settings, account: Account | null): account is Account {
  return settings.workerUrl !== '' && settings.apiToken !== '' && account !== null;
}
