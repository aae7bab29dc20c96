import { describe, expect, it } from 'vitest';
import { LOCALES, RTL_LOCALES, translate } from '../../shared/i18n/index.ts';
import { mintMessageId } from '../../shared/tracking/message-id.ts';
import { negotiateLocale } from '../../worker/i18n/negotiate.ts';
import { BASE, call, createSender, linkKeyOf, registration } from './helpers.ts';

describe('negotiateLocale', () => {
  it.each([
    ['fr', 'de', 'fr'],
    [undefined, 'de-AT,de;q=0.9,en;q=0.5', 'de'],
    [undefined, 'pt-BR', 'pt'],
    [undefined, 'zh-Hant-TW,zh;q=0.8', 'zh'],
    [undefined, 'nn-NO', 'nb'],
    [undefined, 'no', 'nb'],
    [undefined, 'xx-YY, ;q=2, fr;q=0', 'en'],
    [undefined, 'ko-KR,ja;q=0.7', 'ja'],
    [undefined, undefined, 'en'],
    ['klingon', 'sv-FI', 'sv'],
    [undefined, 'en-GB;q=0.1,ga;q=0.9', 'ga'],
  ])('?lang=%s with Accept-Language %j gives %s', (lang, header, expected) => {
    expect(negotiateLocale(lang, header)).toBe(expected);
  });
});

describe('Smart Link pages in every language', () => {
  it('render all 30 with their lang, direction and a language picker', async () => {
    expect(LOCALES).toHaveLength(30);
    const token = await createSender('i18n@example.com');
    const id = mintMessageId(await linkKeyOf(token));
    const reg = (await (await call('/api/messages', { method: 'POST', token, body: JSON.stringify(registration(id)) })).json()) as {
      smartLinks: { preferences: string };
    };
    const path = reg.smartLinks.preferences.slice(BASE.length);
    for (const locale of LOCALES) {
      const html = await (await call(`${path}?lang=${locale}`)).text();
      const dir = RTL_LOCALES.includes(locale) ? 'rtl' : 'ltr';
      expect(html, locale).toContain(`<html lang="${locale}" dir="${dir}">`);
      expect(html, locale).toContain(`<option value="${locale}" lang="${locale}" selected="">`);
      expect(html.length, locale).toBeLessThan(15_000);
      expect(html, locale).toContain(`<title>${translate(locale, 'page.title.preferences')}</title>`);
      if (locale !== 'en') expect(html, locale).not.toContain('Your email preferences');
    }
    const fromHeader = await (await call(path, { headers: { 'accept-language': 'ar-EG,ar;q=0.9' } })).text();
    expect(fromHeader).toContain('<html lang="ar" dir="rtl">');
  });
});
