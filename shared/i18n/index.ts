import en from './catalogs/en.json';

/** The recipient pages' languages: the 24 official EU languages, then ar he ja nb tr zh. */
export const LOCALES = [
  'bg', 'cs', 'da', 'de', 'el', 'en', 'es', 'et', 'fi', 'fr', 'ga', 'hr', 'hu', 'it', 'lt', 'lv', 'mt', 'nl', 'pl', 'pt', 'ro', 'sk', 'sl', 'sv',
  'ar', 'he', 'ja', 'nb', 'tr', 'zh',
] as const;
export type Locale = (typeof LOCALES)[number];
export const RTL_LOCALES: readonly Locale[] = ['ar', 'he'];

export type Catalog = typeof en;
export type MessageKey = keyof Catalog;

/** Catalogs present; a missing one falls back to English key by key. */
export const catalogs: Partial<Record<Locale, Partial<Catalog>>> = { en };

/**
 * The message in that language with `{name}` placeholders filled from plain-text params (HTML
 * escaping is the renderer's job). A placeholder without a param stays visible as `{name}`
 * rather than failing a recipient's page.
 */
export function translate(locale: Locale, key: MessageKey, params: Record<string, string> = {}): string {
  const text = catalogs[locale]?.[key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (token, name: string) => params[name] ?? token);
}

const NATIVE_NAMES: Record<Locale, string> = {
  bg: 'Български', cs: 'Čeština', da: 'Dansk', de: 'Deutsch', el: 'Ελληνικά', en: 'English', es: 'Español', et: 'Eesti',
  fi: 'Suomi', fr: 'Français', ga: 'Gaeilge', hr: 'Hrvatski', hu: 'Magyar', it: 'Italiano', lt: 'Lietuvių', lv: 'Latviešu',
  mt: 'Malti', nl: 'Nederlands', pl: 'Polski', pt: 'Português', ro: 'Română', sk: 'Slovenčina', sl: 'Slovenščina', sv: 'Svenska',
  ar: 'العربية', he: 'עברית', ja: '日本語', nb: 'Norsk bokmål', tr: 'Türkçe', zh: '中文',
};

export function languageName(locale: Locale): string {
  return catalogs[locale]?.['language.name'] ?? NATIVE_NAMES[locale];
}
