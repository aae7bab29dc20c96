import { t, tKey } from './i18n.ts';

/**
 * The page's lang follows the language its words come in (screen readers pronounce by it), and
 * its title is translated too.
 */
export function setDocumentLanguage(titleKey?: string): void {
  document.documentElement.lang = t('common.lang');
  if (titleKey) document.title = tKey(titleKey);
}
