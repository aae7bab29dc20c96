import { i18n } from '#i18n';
import { browser } from '#imports';
import type { TrackingEvent } from '../../shared/schemas/events.ts';
import { eventWords } from '../../shared/tracking/event-words.ts';

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

/** An event in the user's language: "Opened (unreliable: Gmail proxy)" in English. */
export function eventInWords(event: Pick<TrackingEvent, 'kind' | 'class' | 'url' | 'reason'>): string {
  const words = eventWords(event);
  // Consent events come worded by the Worker from the ledger (shared/consent/describe-change.ts).
  if (!words) return event.reason;
  return tKey(`events.${words.id}`, words.link ? [words.link] : undefined);
}

/** The browser's UI language, for dates and numbers beside the translated words. */
export function uiLanguage(): string {
  return browser.i18n.getUILanguage() || navigator.language;
}
