import type { TrackingEvent } from '../../shared/schemas/events.ts';
import { describeEvent } from '../../shared/tracking/event-words.ts';

/** At most one notification per message in this window, however much happens. */
export const PER_MESSAGE_QUIET_MS = 5 * 60_000;

export interface NotificationState {
  /** The newest event time already looked at (ISO); the next poll asks for what came after. */
  seenUntil: string;
  /** Messages whose first reliable open was already announced. */
  announcedOpens: string[];
  /** Message id → when we last notified about it (ms). */
  lastNotifiedAt: Record<string, number>;
  /** Messages the sender silenced. */
  silenced: string[];
  /** Global do-not-disturb. */
  doNotDisturb: boolean;
}

export const INITIAL_NOTIFICATION_STATE: NotificationState = {
  seenUntil: '',
  announcedOpens: [],
  lastNotifiedAt: {},
  silenced: [],
  doNotDisturb: false,
};

export interface PlannedNotification {
  messageId: string;
  title: string;
  message: string;
}

/** Which kinds of news the sender wants (the options page; all on by default). */
export interface NotifyOn {
  firstOpen: boolean;
  clicks: boolean;
  consentChanges: boolean;
}

/** How a notification is worded; English by default, the background passes the UI language's. */
export interface NotificationWords {
  describe: (event: TrackingEvent) => string;
  /** "Clicked … (+2 more)" */
  more: (words: string, more: number) => string;
  noSubject: string;
}

const ENGLISH: NotificationWords = {
  describe: describeEvent,
  more: (words, more) => `${words} (+${more} more)`,
  noSubject: '(no subject)',
};

const EVERYTHING: NotifyOn = { firstOpen: true, clicks: true, consentChanges: true };

/**
 * An event about one of the sender's messages. The events feed also carries the ledger entries of
 * changes the sender made by hand or by import on the opt-out list (no message): not news to them.
 */
export function isAboutAMessage(event: Pick<TrackingEvent, 'messageId'>): boolean {
  return event.messageId !== '';
}

/** Worth telling the sender: a first reliable open, a person's click, a consent change. */
function worthTelling(event: TrackingEvent, announcedOpens: ReadonlySet<string>): boolean {
  if (!isAboutAMessage(event)) return false;
  if (event.kind === 'consent') return true;
  if (event.kind === 'click') return event.reliable;
  return event.reliable && !announcedOpens.has(event.messageId);
}

function wanted(event: TrackingEvent, notifyOn: NotifyOn): boolean {
  if (event.kind === 'consent') return notifyOn.consentChanges;
  return event.kind === 'click' ? notifyOn.clicks : notifyOn.firstOpen;
}

/**
 * Decides which of the newly polled events become notifications. Pure: the poller feeds it the
 * events and the stored state, shows what it returns and stores the new state.
 */
export function planNotifications(
  events: readonly TrackingEvent[],
  state: NotificationState,
  now: number,
  { notifyOn = EVERYTHING, words = ENGLISH }: { notifyOn?: NotifyOn; words?: NotificationWords } = {},
): { notifications: PlannedNotification[]; state: NotificationState } {
  const fresh = events.filter((event) => event.at > state.seenUntil).sort((a, b) => a.at.localeCompare(b.at));
  // The first poll after installing only marks where history ends: no burst of old news.
  if (state.seenUntil === '') return { notifications: [], state: { ...state, seenUntil: fresh.at(-1)?.at ?? new Date(now).toISOString() } };
  const announcedOpens = new Set(state.announcedOpens);
  const lastNotifiedAt = { ...state.lastNotifiedAt };
  const silenced = new Set(state.silenced);
  const byMessage = new Map<string, TrackingEvent[]>();
  for (const event of fresh) {
    if (!worthTelling(event, announcedOpens)) continue;
    // A first open stays announced even when opens are not wanted: turning them on later must not replay it.
    if (event.kind === 'open') announcedOpens.add(event.messageId);
    if (!wanted(event, notifyOn)) continue;
    byMessage.set(event.messageId, [...(byMessage.get(event.messageId) ?? []), event]);
  }
  const notifications: PlannedNotification[] = [];
  for (const [messageId, told] of byMessage) {
    if (state.doNotDisturb || silenced.has(messageId)) continue;
    if (now - (lastNotifiedAt[messageId] ?? Number.NEGATIVE_INFINITY) < PER_MESSAGE_QUIET_MS) continue;
    const latest = told.at(-1)!;
    const described = words.describe(latest);
    const message = told.length > 1 ? words.more(described, told.length - 1) : described;
    notifications.push({ messageId, title: latest.subject || words.noSubject, message });
    lastNotifiedAt[messageId] = now;
  }
  const seenUntil = fresh.at(-1)?.at ?? state.seenUntil;
  return { notifications, state: { ...state, seenUntil, announcedOpens: [...announcedOpens], lastNotifiedAt } };
}
