/** @jsxImportSource hono/jsx */
import type { FC } from 'hono/jsx';
import { languageName } from '../../shared/i18n/index.ts';
import { PRIVACY_CATALOGS, PRIVACY_LOCALES, type Policy } from '../privacy/policy.ts';
import { PAGE_CSS } from './smart-link-page.tsx';

const POLICY_CSS = 'h2{font-size:1.15rem;margin:1.5rem 0 .5rem}code{font-size:.8rem;overflow-wrap:anywhere}';

/** The privacy policy as one page, in the look of the recipient pages: no script, no cookie. */
export const PrivacyPage: FC<{ policy: Policy }> = ({ policy }) => {
  const text = PRIVACY_CATALOGS[policy.locale];
  return (
    <html lang={policy.locale} dir="ltr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{policy.title}</title>
        <style>{PAGE_CSS + POLICY_CSS}</style>
      </head>
      <body>
        <main>
          <div class="card">
            <h1>{policy.title}</h1>
            <p>{policy.intro}</p>
            {policy.sections.map((section) => (
              <section id={section.topic}>
                <h2>{section.heading}</h2>
                {section.paragraphs.map((paragraph) => (
                  <p>{paragraph}</p>
                ))}
                {section.tables.length > 0 && (
                  <p class="note">
                    {policy.columnsLabel}{' '}
                    {section.tables.map(({ table, columns }, i) => (
                      <>
                        {i > 0 && '; '}
                        <code>{table}</code> ({columns.join(', ')})
                      </>
                    ))}
                  </p>
                )}
              </section>
            ))}
          </div>
          <form class="lang" method="get" action="/privacy">
            <label for="lang">{text['language.label']}</label>
            <select id="lang" name="lang">
              {PRIVACY_LOCALES.map((locale) => (
                <option value={locale} lang={locale} selected={locale === policy.locale}>{languageName(locale)}</option>
              ))}
            </select>{' '}
            <button type="submit" class="secondary">{text['language.submit']}</button>
          </form>
        </main>
      </body>
    </html>
  );
};
