import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { negotiateLocale } from '../../worker/i18n/negotiate.ts';
import { DEFAULT_RETENTION_DAYS } from '../../worker/maintenance/retention.ts';
import { POLICY_TOPICS, PRIVACY_CATALOGS, PRIVACY_LOCALES, STORED_COLUMNS, type PrivacyKey } from '../../worker/privacy/policy.ts';
import { call } from './helpers.ts';

/** As hono/jsx escapes text. */
const escaped = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');

// Bookkeeping of SQLite, D1 and the migration runner: no data of anyone.
const NOT_OURS = /^(sqlite_|_cf_|d1_migrations$)/;

async function schemaColumns(): Promise<string[]> {
  const tables = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all<{ name: string }>();
  const columns: string[] = [];
  for (const { name } of tables.results.filter((table) => !NOT_OURS.test(table.name))) {
    const info = await env.DB.prepare(`PRAGMA table_info("${name}")`).all<{ name: string }>();
    columns.push(...info.results.map((column) => `${name}.${column.name}`));
  }
  return columns.sort();
}

describe('the privacy policy accounts for every stored column', () => {
  it('worker/migrations/stored-columns.json lists exactly the columns of the migrated schema', async () => {
    const schema = await schemaColumns();
    const listed = [...STORED_COLUMNS.keys()].sort();
    const unlisted = schema.filter((column) => !STORED_COLUMNS.has(column));
    const gone = listed.filter((column) => !schema.includes(column));
    expect(unlisted, 'columns stored but missing from worker/migrations/stored-columns.json: add each with the policy section that says what it holds (and say it in worker/privacy/catalogs)').toEqual([]);
    expect(gone, 'columns in worker/migrations/stored-columns.json that no migration creates').toEqual([]);
  });

  it('files each column under a section of the policy', () => {
    const topics = new Set<string>(POLICY_TOPICS);
    expect([...STORED_COLUMNS].filter(([, topic]) => !topics.has(topic))).toEqual([]);
  });

  it('quotes the retention default the schema gives new accounts', async () => {
    const info = await env.DB.prepare('PRAGMA table_info(accounts)').all<{ name: string; dflt_value: string | null }>();
    expect(info.results.find((column) => column.name === 'retention_days')?.dflt_value).toBe(String(DEFAULT_RETENTION_DAYS));
  });

  it('shows each table under its section on the page', async () => {
    const html = await (await call('/privacy?lang=en')).text();
    for (const [column, topic] of STORED_COLUMNS) {
      const section = html.slice(html.indexOf(`<section id="${topic}">`));
      const table = column.split('.')[0]!;
      expect(section.slice(0, section.indexOf('</section>')), column).toContain(`<code>${table}</code>`);
    }
  });
});

describe('GET /privacy', () => {
  const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();

  it.each(PRIVACY_LOCALES.filter((locale) => locale !== 'en'))('%s translates every text of the English policy with the same placeholders', (locale) => {
    const en = PRIVACY_CATALOGS.en;
    const catalog = PRIVACY_CATALOGS[locale];
    expect(Object.keys(catalog).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as PrivacyKey[]) {
      expect(placeholders(catalog[key]), `${locale} ${key}`).toEqual(placeholders(en[key]));
      expect(catalog[key], `${locale} ${key} is untranslated`).not.toBe(en[key]);
    }
  });

  it('has a heading and a text for exactly the policy sections', () => {
    const sections = Object.keys(PRIVACY_CATALOGS.en).filter((key) => key.startsWith('section.')).sort();
    expect(sections).toEqual(POLICY_TOPICS.flatMap((topic) => [`section.${topic}.body`, `section.${topic}.heading`]).sort());
  });

  it.each(PRIVACY_LOCALES)('is served in %s: every section, the retention figures, no script and no cookie', async (locale) => {
    const res = await call(`/privacy?lang=${locale}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-language')).toBe(locale);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    const text = PRIVACY_CATALOGS[locale];
    expect(html).toContain(`<html lang="${locale}" dir="ltr">`);
    expect(html).toContain(`<title>${escaped(text.title)}</title>`);
    for (const topic of POLICY_TOPICS) expect(html, topic).toContain(`<h2>${escaped(text[`section.${topic}.heading`])}</h2>`);
    expect(html).not.toMatch(/\{\w+\}/);
    expect(html).toContain(`${DEFAULT_RETENTION_DAYS} `);
    expect(html).not.toContain('<script');
    expect(html).toContain(`<option value="${locale}" lang="${locale}" selected="">`);
  });

  it.each([
    [undefined, 'de-AT,de;q=0.9,en;q=0.5', 'de'],
    [undefined, 'fr-CA', 'fr'],
    [undefined, 'es-MX,es;q=0.9', 'es'],
    [undefined, 'it-IT,it;q=0.9', 'en'],
    [undefined, 'pt-BR,es;q=0.5', 'es'],
    [undefined, undefined, 'en'],
    ['es', 'de', 'es'],
    ['it', 'fr', 'fr'],
  ])('?lang=%s with Accept-Language %j is in %s, as the Smart Link pages choose among its languages', async (lang, acceptLanguage, expected) => {
    expect(negotiateLocale(lang, acceptLanguage, PRIVACY_LOCALES)).toBe(expected);
    const res = await call(`/privacy${lang ? `?lang=${lang}` : ''}`, { headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {} });
    expect(res.headers.get('content-language')).toBe(expected);
  });

  it('names the organisation once an admin has set its name', async () => {
    expect(await (await call('/privacy')).text()).toContain(escaped(PRIVACY_CATALOGS.en['intro.unnamed']));
    await env.DB.prepare("INSERT INTO org_settings (key, value) VALUES ('organisation_name', 'Acme & Co')").run();
    try {
      const html = await (await call('/privacy?lang=de')).text();
      expect(html).toContain('Acme &amp; Co nutzt Smart Links &amp; Tracking');
    } finally {
      await env.DB.prepare("DELETE FROM org_settings WHERE key = 'organisation_name'").run();
    }
  });
});
