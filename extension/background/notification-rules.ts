import type { TrackingEvent } from '../../shared/schemas/events.ts';
import { describeEvent } from '../../shared/tracking/event-words.ts';
import { CLICK_REPEAT_WINDOW_MS, hitRole, OPEN_REPEAT_WINDOW_MS, type ProxyClass } from '../../shared/tracking/tally.ts';

/** News of one message within this time of its first is one notification ("Opened 3 times, 1 click"). */
export const COALESCE_WINDOW_MS = 60_000;
/**
 * How late an event may reach us after its time (the Worker's queue batches and retries): events
 * up to this much older than the newest one handled are still looked at, once each.
 */
export const LATE_EVENT_MS = 10 * 60_000;
/** At most this many events in one notification's words; more only raise its counts. */
const MAX_TOLD = 50;

/** What a burst of news about one message has told so far, and where it shows. */
export interface Burst {
  notificationId: string;
  /** The time of its first event (ms). */
  firstAt: number;
  told: TrackingEvent[];
  /** What its notification says now (the browser cannot be asked: Chromium's getAll gives ids only). */
  message?: string;
}

export interface NotificationState {
  /** The newest event time handled (ISO); '' before the first look, which only marks where history ends. */
  seenUntil: string;
  /** Events handled lately (id → time in ms): the stream and the poll may both bring one event. */
  handled: Record<string, number>;
  /**
   * Per message, per kind of visit ("open/human", "open/google_proxy", "click/2"), the latest
   * counted hit (ms): a hit within the repeat window of it is the same visit, as the tally folds it.
   */
  lastVisitAt: Record<string, Record<string, number>>;
  /** Per message, the notification that news within a minute joins. */
  bursts: Record<string, Burst>;
  /** Messages the sender silenced. */
  silenced: string[];
  /** Global do-not-disturb. */
  doNotDisturb: boolean;
}

export const INITIAL_NOTIFICATION_STATE: NotificationState = {
  seenUntil: '',
  handled: {},
  lastVisitAt: {},
  bursts: {},
  silenced: [],
  doNotDisturb: false,
};

/** A stored state of an older version (first opens only) read as today's: what it lacks starts empty. */
export function withStateDefaults(stored: Partial<NotificationState> | null | undefined): NotificationState {
  return { ...INITIAL_NOTIFICATION_STATE, ...stored };
}

/** Which kinds of news the sender wants (the options page; all on by default). */
export interface NotifyOn {
  reliableOpens: boolean;
  unreliableOpens: boolean;
  clicks: boolean;
  consentChanges: boolean;
}

/** How a notification is worded; English by default, the background passes the UI language's. */
export interface NotificationWords {
  /** One event: "Opened (unreliable: Gmail proxy)", "Clicked https://…". */
  describe: (event: TrackingEvent) => string;
  /** "Opened", "Opened 3 times". */
  opens: (count: number) => string;
  /** "Opened 2 times (unreliable: Gmail proxy)". */
  unreliableOpens: (count: number, by: ProxyClass) => string;
  /** "1 click", "2 clicks". */
  clicks: (count: number) => string;
  noSubject: string;
}

const PROXY_NAMES: Record<ProxyClass, string> = { google_proxy: 'Gmail proxy', yahoo_proxy: 'Yahoo proxy', other_proxy: 'mail provider proxy' };

export const ENGLISH_WORDS: NotificationWords = {
  describe: describeEvent,
  opens: (count) => (count === 1 ? 'Opened' : `Opened ${count} times`),
  unreliableOpens: (count, by) => (count === 1 ? `Opened (unreliable: ${PROXY_NAMES[by]})` : `Opened ${count} times (unreliable: ${PROXY_NAMES[by]})`),
  clicks: (count) => (count === 1 ? '1 click' : `${count} clicks`),
  noSubject: '(no subject)',
};

const EVERYTHING: NotifyOn = { reliableOpens: true, unreliableOpens: true, clicks: true, consentChanges: true };

/**
 * An event about one of the sender's messages. The events feed also carries the ledger entries of
 * changes the sender made by hand or by import on the opt-out list (no message): not news to them.
 */
export function isAboutAMessage(event: Pick<TrackingEvent, 'messageId'>): boolean {
  return event.messageId !== '';
}

/** What an event is as news: one of the four kinds, or nothing (machines, the sender's own views). */
export type NewsKind = keyof NotifyOn;

/** The kind of news an event would be, and the visit it belongs to (null: a consent change has no repeats). */
export function newsOf(event: TrackingEvent): { kind: NewsKind; visit: { key: string; windowMs: number } | null } | null {
  if (!isAboutAMessage(event)) return null;
  if (event.kind === 'consent') return { kind: 'consentChanges', visit: null };
  // The shared verdict's reading of a hit, and its folding: per class (a Gmail proxy fetch and
  // the person's own client are two visits) and, for clicks, per link.
  switch (hitRole(event.kind, event.class)) {
    case 'click':
      return { kind: 'clicks', visit: { key: `click/${event.linkIndex ?? ''}`, windowMs: CLICK_REPEAT_WINDOW_MS } };
    case 'reliable_open':
      return { kind: 'reliableOpens', visit: { key: `open/${event.class}`, windowMs: OPEN_REPEAT_WINDOW_MS } };
    case 'unreliable_open':
      return { kind: 'unreliableOpens', visit: { key: `open/${event.class}`, windowMs: OPEN_REPEAT_WINDOW_MS } };
    default:
      return null;
  }
}

export interface PlannedNotification {
  /** Shown again under the same id as its burst grows, so the browser replaces it. */
  notificationId: string;
  messageId: string;
  title: string;
  message: string;
}

export interface Plan {
  notifications: PlannedNotification[];
  state: NotificationState;
  /** Messages someone opened or clicked in these events (their reminders end). */
  opened: string[];
}

/** A burst's words: the one event's own, or the counts ("Opened 3 times, 1 click") and each consent change. */
export function burstWords(told: readonly TrackingEvent[], words: NotificationWords): string {
  if (told.length === 1) return words.describe(told[0]!);
  const reliable = told.filter((event) => newsOf(event)?.kind === 'reliableOpens').length;
  const unreliable = told.filter((event) => newsOf(event)?.kind === 'unreliableOpens');
  const clicks = told.filter((event) => event.kind === 'click').length;
  const parts: string[] = [];
  // Once a person opened it (their own client, or a click), the proxy fetches beside it are opens like the others.
  const opens = reliable + unreliable.length;
  if (opens > 0 && (reliable > 0 || clicks > 0)) parts.push(words.opens(opens));
  else if (opens > 0) parts.push(words.unreliableOpens(opens, unreliable[0]!.class as ProxyClass));
  if (clicks > 0) parts.push(words.clicks(clicks));
  for (const event of told) if (event.kind === 'consent') parts.push(words.describe(event));
  return parts.join(', ');
}

/**
 * Decides which of newly arrived events become notifications: one for each new open visit
 * (reliable or not, after the repeat window), each click and each consent change, never a
 * machine's fetch or the sender's own view; news of one message within a minute joins one
 * notification. Pure: the poller and the stream feed it events and the stored state, show
 * what it returns and store the new state.
 */
export function planNotifications(
  events: readonly TrackingEvent[],
  state: NotificationState,
  { notifyOn = EVERYTHING, words = ENGLISH_WORDS }: { notifyOn?: NotifyOn; words?: NotificationWords } = {},
): Plan {
  const floor = state.seenUntil === '' ? Number.NEGATIVE_INFINITY : Date.parse(state.seenUntil) - LATE_EVENT_MS;
  const fresh = events
    .filter((event) => !Object.hasOwn(state.handled, event.id) && Date.parse(event.at) > floor)
    .sort((a, b) => a.at.localeCompare(b.at));
  const handled = { ...state.handled };
  for (const event of fresh) handled[event.id] = Date.parse(event.at);
  const newest = fresh.reduce((latest, event) => (event.at > latest ? event.at : latest), state.seenUntil);
  // The first look after installing only marks where history ends: no burst of old news.
  if (state.seenUntil === '') {
    return { notifications: [], opened: [], state: { ...state, handled, seenUntil: newest || new Date().toISOString() } };
  }

  const lastVisitAt: NotificationState['lastVisitAt'] = Object.fromEntries(Object.entries(state.lastVisitAt).map(([id, visits]) => [id, { ...visits }]));
  const bursts = { ...state.bursts };
  const silenced = new Set(state.silenced);
  const grown = new Set<string>();
  const opened = new Set<string>();
  for (const event of fresh) {
    const news = newsOf(event);
    if (!news) continue;
    const at = Date.parse(event.at);
    if (news.kind !== 'consentChanges') opened.add(event.messageId);
    if (news.visit) {
      const visits = (lastVisitAt[event.messageId] ??= {});
      const last = visits[news.visit.key];
      visits[news.visit.key] = Math.max(last ?? at, at);
      if (last !== undefined && at - last < news.visit.windowMs) continue;
    }
    if (!notifyOn[news.kind] || state.doNotDisturb || silenced.has(event.messageId)) continue;
    const burst = bursts[event.messageId];
    if (burst && at - burst.firstAt < COALESCE_WINDOW_MS) {
      bursts[event.messageId] = { ...burst, told: burst.told.length < MAX_TOLD ? [...burst.told, event] : burst.told };
    } else {
      bursts[event.messageId] = { notificationId: `message:${event.messageId}:${at}`, firstAt: at, told: [event] };
    }
    grown.add(event.messageId);
  }

  const notifications = [...grown].map((messageId): PlannedNotification => {
    const { notificationId, told } = bursts[messageId]!;
    const message = burstWords(told, words);
    bursts[messageId] = { ...bursts[messageId]!, message };
    return { notificationId, messageId, title: told.at(-1)!.subject || words.noSubject, message };
  });
  return { notifications, opened: [...opened], state: prune({ ...state, seenUntil: newest, handled, lastVisitAt, bursts }) };
}

/** Forgets what can no longer matter: events below the floor, visits and bursts long over. */
function prune(state: NotificationState): NotificationState {
  const floor = Date.parse(state.seenUntil) - LATE_EVENT_MS;
  const visitFloor = floor - OPEN_REPEAT_WINDOW_MS;
  const lastVisitAt = Object.fromEntries(
    Object.entries(state.lastVisitAt)
      .map(([id, visits]) => [id, Object.fromEntries(Object.entries(visits).filter(([, at]) => at >= visitFloor))] as const)
      .filter(([, visits]) => Object.keys(visits).length > 0),
  );
  return {
    ...state,
    handled: Object.fromEntries(Object.entries(state.handled).filter(([, at]) => at > floor)),
    lastVisitAt,
    bursts: Object.fromEntries(Object.entries(state.bursts).filter(([, burst]) => burst.firstAt >= floor)),
  };
}
