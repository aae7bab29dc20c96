import { describe, expect, it } from 'vitest';
import en from './catalogs/en.json';
import { LOCALES, RTL_LOCALES, catalogs, languageName, translate, type MessageKey } from './index.ts';

const KEYS = Object.keys(en) as MessageKey[];
const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
// Words that are the same in some languages as in English, and may stay so.
const SAME_AS_ENGLISH_ALLOWED = new Set(['OK']);

describe('recipient page catalogs', () => {
  it('exist for exactly the 30 languages, on disk and in the index', () => {
    const files = Object.keys(import.meta.glob('./catalogs/*.json')).map((path) => path.slice('./catalogs/'.length, -'.json'.length)).sort();
    expect(files).toEqual([...LOCALES].sort());
    expect(Object.keys(catalogs).sort()).toEqual([...LOCALES].sort());
  });

  it.each(LOCALES.filter((l) => l !== 'en'))('%s has every key, the same placeholders, and nothing left in English', (locale) => {
    const catalog = catalogs[locale]!;
    expect(Object.keys(catalog).sort()).toEqual([...KEYS].sort());
    for (const key of KEYS) {
      const value = catalog[key]!;
      expect(value.trim(), `${locale} ${key}`).not.toBe('');
      expect(placeholders(value), `${locale} ${key}`).toEqual(placeholders(en[key]));
      if (!SAME_AS_ENGLISH_ALLOWED.has(value) && !/^\{\w+\}$/.test(en[key])) expect(value, `${locale} ${key} is untranslated`).not.toBe(en[key]);
    }
  });

  it('reads right to left exactly for Arabic and Hebrew', () => {
    expect([...RTL_LOCALES].sort()).toEqual(['ar', 'he']);
  });

  it('fills placeholders and names each language in itself', () => {
    expect(translate('de', 'scope.team', { team: 'Events' })).toContain('Events');
    expect(translate('en', 'intro.sentTo', {})).toBe('This email was sent to {email}.');
    expect(languageName('de')).toBe('Deutsch');
    expect(languageName('ja')).toBe('日本語');
  });
});
