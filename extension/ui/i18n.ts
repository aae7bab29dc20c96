import { i18n } from '#i18n';
import { browser } from '#imports';
import { ACTION_WORDS } from '../../shared/consent/describe-change.ts';
import { CONTACT_STATE_VALUES, LAWFUL_BASES, LEDGER_SOURCES } from '../../shared/consent/values.ts';
import type { ConsentEventDetail, TrackingEvent } from '../../shared/schemas/events.ts';
import { eventWords, verdictWords, type VerdictToWord, type Words } from '../../shared/tracking/event-words.ts';

/** The typed translation function, generated from extension/locales/en.yml. */
export const t = i18n.t;

/**
 * For keys built from data (`events.open.<class>`, `contact.consent.<value>`). Untyped on
 * purpose; the locale test checks that every such key exists in every language.
 */
export function tKey(key: string, substitutions?: (string | number)[]): string {
  const untyped = i18n.t as unknown as (key: string, substitutions?: (string | number)[]) => string;
  return substitutions ? untyped(key, substitutions) : untyped(key);
}

/** A ledger action in words ("Unsubscribed", "Changed by a sender"); one this build does not know, generally. */
export function consentActionInWords(action: string): string {
  return tKey(`events.consent.${Object.hasOwn(ACTION_WORDS, action) ? action : 'other'}`);
}

const CONTACT_STATES: Record<string, readonly string[]> = CONTACT_STATE_VALUES;

/** One contact state in words ("No email", "Tracking refused"); "—" for none, the raw value for one unknown here. */
export function contactStateInWords(field: string, value: string | null): string {
  if (value === null) return '—';
  return CONTACT_STATES[field]?.includes(value) ? tKey(`contact.${field}.${value}`) : `${field}: ${value}`;
}

/** A lawful basis in words ("Legitimate interests"); "—" for none, the raw value for one unknown here. */
export function lawfulBasisInWords(basis: string | null): string {
  if (basis === null) return '—';
  return (LAWFUL_BASES as readonly string[]).includes(basis) ? tKey(`lawfulBasis.value.${basis}`) : basis;
}

/** Where a ledger entry came from, in words; a source unknown to this build as it was stored. */
export function ledgerSourceInWords(source: string): string {
  return (LEDGER_SOURCES as readonly string[]).includes(source) ? tKey(`activity.ledgerSources.${source}`) : source;
}

/**
 * A consent change in the user's language: what the recipient did, where it applies, and the
 * states it left, e.g. "Unsubscribed (organisation-wide): No email".
 */
function consentInWords({ action, scope, changes }: ConsentEventDetail): string {
  const what = consentActionInWords(action);
  const where = tKey(`events.consent.scope.${scope}`);
  const now = changes.map((change) => contactStateInWords(change.field, change.to)).join(', ');
  return now ? t('events.consent.withChanges', [what, where, now]) : t('events.consent.words', [what, where]);
}

/** Shared words (shared/tracking/event-words.ts) in the user's language, `$1` filled. */
function wordsInLanguage(words: Words): string {
  // A Smart Link page by the name the compose menu gives it.
  const value = words.link ?? (words.page ? tKey(`compose.action.${words.page}`) : words.count?.toString());
  return tKey(`events.${words.id}`, value === undefined ? undefined : [value]);
}

/** An event in the user's language: "Opened (unreliable: Gmail proxy)" in English. */
export function eventInWords(event: Pick<TrackingEvent, 'kind' | 'class' | 'url' | 'reason' | 'consent'>): string {
  if (event.consent) return consentInWords(event.consent);
  const words = eventWords(event);
  // A consent event from a Worker older than its `consent` field: its English words.
  if (!words) return event.reason;
  return wordsInLanguage(words);
}

/** A message's verdict in the user's language, the same on every screen: "Opened by one of 3 recipients". */
export function verdictInWords(verdict: VerdictToWord, recipients: number): string {
  return wordsInLanguage(verdictWords(verdict, recipients));
}

/** The browser's UI language, for dates and numbers beside the translated words. */
export function uiLanguage(): string {
  return browser.i18n.getUILanguage() || navigator.language;
}
