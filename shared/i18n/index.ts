import bg from './catalogs/bg.json';
import cs from './catalogs/cs.json';
import da from './catalogs/da.json';
import de from './catalogs/de.json';
import el from './catalogs/el.json';
import en from './catalogs/en.json';
import es from './catalogs/es.json';
import et from './catalogs/et.json';
import fi from './catalogs/fi.json';
import fr from './catalogs/fr.json';
import ga from './catalogs/ga.json';
import hr from './catalogs/hr.json';
import hu from './catalogs/hu.json';
import it from './catalogs/it.json';
import lt from './catalogs/lt.json';
import lv from './catalogs/lv.json';
import mt from './catalogs/mt.json';
import nl from './catalogs/nl.json';
import pl from './catalogs/pl.json';
import pt from './catalogs/pt.json';
import ro from './catalogs/ro.json';
import sk from './catalogs/sk.json';
import sl from './catalogs/sl.json';
import sv from './catalogs/sv.json';
import ar from './catalogs/ar.json';
import he from './catalogs/he.json';
import ja from './catalogs/ja.json';
import nb from './catalogs/nb.json';
import tr from './catalogs/tr.json';
import zh from './catalogs/zh.json';

/** The recipient pages' languages: the 24 official EU languages, then ar he ja nb tr zh. */
export const LOCALES = [
  'bg', 'cs', 'da', 'de', 'el', 'en', 'es', 'et', 'fi', 'fr', 'ga', 'hr', 'hu', 'it', 'lt', 'lv', 'mt', 'nl', 'pl', 'pt', 'ro', 'sk', 'sl', 'sv',
  'ar', 'he', 'ja', 'nb', 'tr', 'zh',
] as const;
export type Locale = (typeof LOCALES)[number];
export const RTL_LOCALES: readonly Locale[] = ['ar', 'he'];

export type Catalog = typeof en;
export type MessageKey = keyof Catalog;

/** Every language's catalog; a key missing from one falls back to English (the meta-test forbids it). */
export const catalogs: Partial<Record<Locale, Partial<Catalog>>> = {
  bg, cs, da, de, el, en, es, et, fi, fr, ga, hr, hu, it, lt, lv, mt, nl, pl, pt, ro, sk, sl, sv, ar, he, ja, nb, tr, zh,
};

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
