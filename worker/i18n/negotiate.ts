import { match } from '@formatjs/intl-localematcher';
import { LOCALES, type Locale } from '../../shared/i18n/index.ts';

function parseAcceptLanguage(header: string): string[] {
  return header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q) };
    })
    .filter(({ tag, q }) => /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(tag) && q > 0 && q <= 1)
    .sort((a, b) => b.q - a.q)
    .map(({ tag }) => tag)
    .slice(0, 20);
}

/**
 * The page language: `?lang=` first, then Accept-Language with proper matching (de-AT → de,
 * nn/no → nb, zh-Hant-TW → zh), English when nothing fits. `supported`: the page's languages
 * (the recipient pages' by default; English among them).
 */
export function negotiateLocale<L extends string = Locale>(
  langParam: string | undefined,
  acceptLanguage: string | undefined,
  supported: readonly L[] = LOCALES as readonly string[] as readonly L[],
): L {
  const asked = langParam?.toLowerCase();
  if (asked && (supported as readonly string[]).includes(asked)) return asked as L;
  const requested = parseAcceptLanguage(acceptLanguage ?? '').map((tag) => (/^(no|nn)(-|$)/i.test(tag) ? 'nb' : tag));
  try {
    return match(requested, [...supported], 'en', { algorithm: 'best fit' }) as L;
  } catch {
    // A tag Intl cannot canonicalise: fall back rather than fail the page.
    return 'en' as L;
  }
}
