import { smartLinkActionOfSlug, type SmartLinkAction } from '../consent/smart-link-url.ts';
import type { TrackingEvent } from '../schemas/events.ts';
import type { HitClass } from './classify.ts';
import { hitRole, isProxyClass, type MachineClass, type ProxyClass } from './tally.ts';
import type { MessageStatus } from './verdict.ts';

/** An event a person did not make (machines, and the sender's own views): folded away in the popup by default. */
export function isMachineEvent(event: Pick<TrackingEvent, 'kind' | 'class'>): boolean {
  if (event.kind === 'consent') return false;
  const role = hitRole(event.kind, event.class);
  return role === 'machine_fetch' || role === 'machine_click' || role === 'own_view';
}

type MachineClickClass = 'security_scanner' | 'prefetch' | 'bot' | 'self' | 'unknown';
type VisitorClass = 'human' | MachineClickClass;

/**
 * The id of a piece of words, also its key in the extension's locale files (`events.<id>`), so
 * the English below and every translation stay one list. `open.*`, `click.*` and `visit.*` word
 * one hit; `message.*` (with the `open.*` of the class that decided it) word a message's verdict.
 */
export type EventWordId =
  | `open.${HitClass}`
  | `click.${MachineClickClass}`
  | 'click.link'
  | 'click.unknownLink'
  | `visit.${VisitorClass}`
  | 'message.openedByOneOf'
  | `message.unreliableByOneOf.${ProxyClass}`
  | 'message.notOpened';

/**
 * The contract's English words (docs/contract.md: "Opened (unreliable: Gmail proxy)"). `$1` is the
 * link of a click, the page of a Smart Link visit, or the number of recipients.
 */
export const ENGLISH_EVENT_WORDS: Readonly<Record<EventWordId, string>> = {
  'open.human': 'Opened',
  'open.google_proxy': 'Opened (unreliable: Gmail proxy)',
  'open.yahoo_proxy': 'Opened (unreliable: Yahoo proxy)',
  'open.other_proxy': 'Opened (unreliable: mail provider proxy)',
  'open.apple_mpp': 'Delivered to Apple Mail (open unknown)',
  'open.prefetch': 'Prefetched by the mail app (not an open)',
  'open.security_scanner': 'Scanned by a security filter',
  'open.bot': 'Fetched by a bot (not an open)',
  'open.self': 'Your own view (not counted)',
  'open.unknown': 'Fetched by an unrecognised client (not counted as an open)',
  'click.security_scanner': 'Link scanned by a security filter',
  'click.prefetch': 'Link previewed by the mail app (not a click)',
  'click.bot': 'Link fetched by a bot (not a click)',
  'click.self': 'Your own click (not counted)',
  'click.unknown': 'Link fetched by an unrecognised client (not counted as a click)',
  'click.link': 'Clicked $1',
  'click.unknownLink': 'Clicked a link',
  'visit.human': 'Looked at the $1 page (nothing changed)',
  'visit.security_scanner': 'Security scanner looked at the $1 page (nothing changed)',
  'visit.prefetch': 'The mail app previewed the $1 page (nothing changed)',
  'visit.bot': 'A bot looked at the $1 page (nothing changed)',
  'visit.self': 'You looked at the $1 page (not counted)',
  'visit.unknown': 'An unrecognised client looked at the $1 page (nothing changed)',
  'message.openedByOneOf': 'Opened by one of $1 recipients',
  'message.unreliableByOneOf.google_proxy': 'Opened by one of $1 recipients (unreliable: Gmail proxy)',
  'message.unreliableByOneOf.yahoo_proxy': 'Opened by one of $1 recipients (unreliable: Yahoo proxy)',
  'message.unreliableByOneOf.other_proxy': 'Opened by one of $1 recipients (unreliable: mail provider proxy)',
  'message.notOpened': 'Not opened',
};

/** The Smart Link pages by name, as the compose menu names them (the locales' `compose.action.*`). */
export const ENGLISH_PAGE_NAMES: Readonly<Record<SmartLinkAction, string>> = {
  unsubscribe: 'Unsubscribe',
  preferences: 'Update preferences',
  grantConsent: 'Grant consent',
  withdrawConsent: 'Withdraw consent',
  stopTracking: 'Stop tracking me',
};

/** Words by id, with what fills `$1`: a link as it is, a Smart Link page by name, a number. */
export interface Words {
  id: EventWordId;
  link?: string;
  page?: SmartLinkAction;
  count?: number;
}

const MACHINE_CLICKS: ReadonlySet<HitClass> = new Set<MachineClickClass>(['security_scanner', 'prefetch', 'bot', 'self', 'unknown']);
const SMART_LINK_VISIT = 'smart-link:';

/** The Smart Link page a click visited (the Worker records a page view as `smart-link:<slug>`), if it was one. */
function visitedPage(url: string | null): SmartLinkAction | null {
  if (!url?.startsWith(SMART_LINK_VISIT)) return null;
  const slug = url.slice(SMART_LINK_VISIT.length);
  return smartLinkActionOfSlug(slug);
}

/** Which words an open, a click or a Smart Link page visit takes; null for consent events (their reason is the words). */
export function eventWords(event: Pick<TrackingEvent, 'kind' | 'class' | 'url'>): Words | null {
  if (event.kind === 'consent') return null;
  if (event.kind === 'open') return { id: `open.${event.class}` };
  // Looking at a Smart Link page changes nothing (only its form does): say so, not "Clicked".
  const page = visitedPage(event.url);
  if (page) return { id: `visit.${MACHINE_CLICKS.has(event.class) ? (event.class as MachineClickClass) : 'human'}`, page };
  if (MACHINE_CLICKS.has(event.class)) return { id: `click.${event.class as MachineClickClass}` };
  return event.url ? { id: 'click.link', link: event.url } : { id: 'click.unknownLink' };
}

/** What a message's verdict needs to be worded. */
export interface VerdictToWord {
  status: MessageStatus;
  statusBy: HitClass | null;
}

/**
 * A message's verdict in words, the same on every screen: "Opened", "Opened (unreliable: Gmail
 * proxy)", "Delivered to Apple Mail (open unknown)", "Scanned by a security filter", "Not
 * opened". One body goes to every recipient, so an open of a message to several cannot say whose
 * it was: "Opened by one of 3 recipients".
 */
export function verdictWords({ status, statusBy }: VerdictToWord, recipients: number): Words {
  const several = recipients > 1;
  switch (status) {
    case 'opened':
      return several ? { id: 'message.openedByOneOf', count: recipients } : { id: 'open.human' };
    case 'opened_unreliable': {
      const proxy: ProxyClass = statusBy && isProxyClass(statusBy) ? statusBy : 'other_proxy';
      return several ? { id: `message.unreliableByOneOf.${proxy}`, count: recipients } : { id: `open.${proxy}` };
    }
    case 'machine_only':
      return { id: `open.${(statusBy ?? 'unknown') as MachineClass}` };
    case 'not_opened':
      return { id: 'message.notOpened' };
  }
}

/** Fills a `$1` placeholder the way browser.i18n does (`$$` is a literal dollar). */
export function fillPlaceholders(template: string, values: readonly string[]): string {
  return template.replace(/\$(\$|[1-9])/g, (_, what: string) => (what === '$' ? '$' : (values[Number(what) - 1] ?? '')));
}

/** Words in English, `$1` filled. */
export function englishWords(words: Words): string {
  const value = words.link ?? (words.page ? ENGLISH_PAGE_NAMES[words.page] : words.count?.toString());
  return fillPlaceholders(ENGLISH_EVENT_WORDS[words.id], value === undefined ? [] : [value]);
}

/** The event in English words, e.g. "Opened (unreliable: Gmail proxy)"; the extension's UI translates by `eventWords`. */
export function describeEvent(event: Pick<TrackingEvent, 'kind' | 'class' | 'url' | 'reason'>): string {
  const words = eventWords(event);
  return words ? englishWords(words) : event.reason;
}
