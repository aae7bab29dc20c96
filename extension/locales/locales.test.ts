import { generateChromeMessages, parseMessagesFile } from '@wxt-dev/i18n/build';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTION_WORDS, SCOPE_WORDS } from '../../shared/consent/describe-change.ts';
import { CONSENT_STATES, DO_NOT_CONTACT_LEVELS, LAWFUL_BASES, LEDGER_SOURCES, SCOPE_KINDS, TRACKING_STATES } from '../../shared/consent/values.ts';
import { ENGLISH_EVENT_WORDS, ENGLISH_PAGE_NAMES, type EventWordId } from '../../shared/tracking/event-words.ts';
import type { HitClass } from '../../shared/tracking/classify.ts';

// Vitest runs from the repository root; import.meta.url is not a file URL under happy-dom.
const dir = join(process.cwd(), 'extension/locales/');
const files = readdirSync(dir).filter((file) => file.endsWith('.yml'));
const locales = Object.fromEntries(
  await Promise.all(files.map(async (file) => [file.replace('.yml', ''), generateChromeMessages(await parseMessagesFile(dir + file))] as const)),
);
const english = locales.en!;

function placeholders(message: string): string[] {
  return [...new Set(message.match(/\$[1-9]/g) ?? [])].sort();
}

describe('extension locales', () => {
  it('are English plus at least German, French and Spanish', () => {
    expect(Object.keys(locales)).toEqual(expect.arrayContaining(['en', 'de', 'fr', 'es']));
  });

  describe.each(Object.keys(locales).filter((lang) => lang !== 'en'))('%s', (lang) => {
    const messages = locales[lang]!;
    it('has every English key and no other', () => {
      expect(Object.keys(messages).sort()).toEqual(Object.keys(english).sort());
    });
    it('uses the same placeholders and plural forms in every message', () => {
      const mismatches = Object.entries(english)
        .filter(([key, { message }]) => {
          const translated = messages[key]?.message ?? '';
          return placeholders(translated).join() !== placeholders(message).join() || translated.split(' | ').length !== message.split(' | ').length;
        })
        .map(([key]) => key);
      expect(mismatches).toEqual([]);
    });
    it('translates the sentences rather than copying the English', () => {
      const copied = Object.entries(english).filter(([key, { message }]) => message.length > 30 && messages[key]?.message === message).map(([key]) => key);
      expect(copied).toEqual([]);
    });
  });

  it('keeps the contract\'s English event words (docs/contract.md) as the English UI', () => {
    for (const [id, words] of Object.entries(ENGLISH_EVENT_WORDS) as [EventWordId, string][]) {
      expect(english[`events_${id.replaceAll('.', '_')}`]?.message, id).toBe(words);
    }
    // A Smart Link page visit names the page as the compose menu does.
    for (const [action, name] of Object.entries(ENGLISH_PAGE_NAMES)) expect(english[`compose_action_${action}`]?.message, action).toBe(name);
  });

  it('words consent events in English as the Worker\'s reason does (shared/consent/describe-change.ts)', () => {
    for (const [action, words] of Object.entries(ACTION_WORDS)) expect(english[`events_consent_${action}`]?.message, action).toBe(words);
    for (const [scope, words] of Object.entries(SCOPE_WORDS)) expect(english[`events_consent_scope_${scope}`]?.message, scope).toBe(words);
  });

  it('names every hit class, every contact state and every lawful basis', () => {
    const classes: HitClass[] = ['human', 'self', 'google_proxy', 'apple_mpp', 'yahoo_proxy', 'other_proxy', 'prefetch', 'security_scanner', 'bot', 'unknown'];
    const keys = [
      ...classes.map((c) => `hitClass_${c}`),
      ...DO_NOT_CONTACT_LEVELS.map((v) => `contact_doNotContact_${v}`),
      ...CONSENT_STATES.map((v) => `contact_consent_${v}`),
      ...TRACKING_STATES.map((v) => `contact_tracking_${v}`),
      ...SCOPE_KINDS.map((v) => `contact_scope_${v}`),
      ...LEDGER_SOURCES.map((v) => `activity_ledgerSources_${v}`),
      ...LAWFUL_BASES.map((v) => `lawfulBasis_value_${v}`),
    ];
    expect(keys.filter((key) => !english[key])).toEqual([]);
  });

  it('gives the outward names of docs/contract.md in English', () => {
    expect([english.options_workerUrl?.message, english.options_apiToken?.message, english.options_save?.message]).toEqual(['Worker URL', 'API token', 'Save']);
  });
});
