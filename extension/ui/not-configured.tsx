import { browser } from '#imports';
import { t } from './i18n.ts';

/** What every page shows before the options have a working Worker URL and token. */
export function NotConfigured() {
  return (
    <main class="page">
      <h1>{t('common.notConfigured.title')}</h1>
      <p>{t('common.notConfigured.body')}</p>
      <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>{t('common.notConfigured.button')}</button>
    </main>
  );
}
