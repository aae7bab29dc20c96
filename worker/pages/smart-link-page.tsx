/** @jsxImportSource hono/jsx */
import type { Child, FC, PropsWithChildren } from 'hono/jsx';
import type { StateChange } from '../../shared/consent/actions.ts';
import type { ContactState } from '../../shared/consent/state.ts';
import { CONTACT_STATE_VALUES, type ScopeKind } from '../../shared/consent/values.ts';
import { LOCALES, RTL_LOCALES, languageName, translate, type Locale, type MessageKey } from '../../shared/i18n/index.ts';

/** Small, no script, readable on a phone, high contrast, visible focus. */
export const PAGE_CSS = `*{box-sizing:border-box}body{margin:0;font:17px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#f6f7f9}
main{max-width:34rem;margin:0 auto;padding:1.5rem 1rem}.card{background:#fff;border:1px solid #d0d4da;border-radius:12px;padding:1.25rem}
h1{font-size:1.5rem;margin:0 0 .75rem}fieldset{border:0;padding:0;margin:1rem 0}legend{font-weight:600;margin-bottom:.25rem}
label{display:block;padding:.25rem 0}input[type=email]{width:100%;font:inherit;padding:.5rem;border:1px solid #6b7280;border-radius:8px}
button{font:inherit;font-weight:600;padding:.65rem 1.1rem;border-radius:8px;border:2px solid #0b57d0;background:#0b57d0;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#0b57d0}:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.error{color:#a40e26;font-weight:600}.note{color:#4b5563;font-size:.9rem}.lang{margin-top:1.5rem;font-size:.9rem}
.lang select{font:inherit}dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}dt{font-weight:600}`;

export interface PageText {
  locale: Locale;
  t: (key: MessageKey, params?: Record<string, string>) => string;
  /**
   * The message with each filled-in value in its own <bdi>: an address or a Latin name inside an
   * Arabic or Hebrew sentence keeps its own direction and does not scramble the sentence.
   */
  tx: (key: MessageKey, params: Record<string, string>) => Child;
}

export function pageText(locale: Locale): PageText {
  return {
    locale,
    t: (key, params) => translate(locale, key, params),
    tx: (key, params) => {
      const template = translate(locale, key);
      const parts = template.split(/(\{\w+\})/).map((part) => {
        const name = /^\{(\w+)\}$/.exec(part)?.[1];
        return name !== undefined && params[name] !== undefined ? <bdi>{params[name]}</bdi> : part;
      });
      return <>{parts}</>;
    },
  };
}

export const Layout: FC<PropsWithChildren<{ text: PageText; title: string; selfUrl: string }>> = ({ text, title, selfUrl, children }) => (
  <html lang={text.locale} dir={RTL_LOCALES.includes(text.locale) ? 'rtl' : 'ltr'}>
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="robots" content="noindex" />
      <title>{title}</title>
      <style>{PAGE_CSS}</style>
    </head>
    <body>
      <main>
        <div class="card">{children}</div>
        <form class="lang" method="get" action={selfUrl}>
          <label for="lang">{text.t('language.label')}</label>
          <select id="lang" name="lang">
            {LOCALES.map((locale) => (
              <option value={locale} lang={locale} selected={locale === text.locale}>{languageName(locale)}</option>
            ))}
          </select>{' '}
          <button type="submit" class="secondary">{text.t('language.submit')}</button>
        </form>
        <p class="note">{text.t('footer.evidence')} {text.t('footer.noAccount')}</p>
      </main>
    </body>
  </html>
);

export interface ScopeChoice {
  kind: ScopeKind;
  label: Child;
}

export const ScopeFieldset: FC<{ text: PageText; choices: ScopeChoice[] }> = ({ text, choices }) =>
  choices.length < 2 ? (
    <input type="hidden" name="scope" value={choices[0]?.kind ?? 'organisation'} />
  ) : (
    <fieldset>
      <legend>{text.t('scope.legend')}</legend>
      {choices.map((choice, i) => (
        <label>
          <input type="radio" name="scope" value={choice.kind} checked={i === 0} /> {choice.label}
        </label>
      ))}
    </fieldset>
  );

const OPTIONS = CONTACT_STATE_VALUES;
const KEY_PREFIX = { doNotContact: 'dnc', consent: 'consent', tracking: 'tracking' } as const;
const LEGEND = { doNotContact: 'contact.legend', consent: 'consent.legend', tracking: 'tracking.legend' } as const;

/**
 * The Update preferences form; nothing changes until it is submitted. It shows the current state
 * only when it may (a sole recipient): otherwise nothing is preselected and a field left alone
 * stays as it is.
 */
export const PreferenceFields: FC<{ text: PageText; state: ContactState | null }> = ({ text, state }) => (
  <>
    {(Object.keys(OPTIONS) as (keyof typeof OPTIONS)[]).map((field) => (
      <fieldset>
        <legend>{text.t(LEGEND[field])}</legend>
        {OPTIONS[field].map((value) => (
          <label>
            <input type="radio" name={field} value={value} checked={state?.[field] === value} /> {text.t(`${KEY_PREFIX[field]}.${value}` as MessageKey)}
          </label>
        ))}
      </fieldset>
    ))}
  </>
);

/** Changes in the reader's words, e.g. "Consent: I consent to being contacted" (emails, the confirmation page). */
export function changeWords(text: PageText, changes: readonly StateChange[]): string {
  return changes.map((change) => `${text.t(LEGEND[change.field])} → ${text.t(`${KEY_PREFIX[change.field]}.${change.to}` as MessageKey)}`).join('; ');
}

/** A contact's choices, shown once the reader proved the address is theirs. */
export const CurrentChoices: FC<{ text: PageText; state: ContactState }> = ({ text, state }) => (
  <>
    <h2>{text.t('state.current')}</h2>
    <dl>
      {(Object.keys(OPTIONS) as (keyof typeof OPTIONS)[]).map((field) => (
        <>
          <dt>{text.t(LEGEND[field])}</dt>
          <dd>{text.t(`${KEY_PREFIX[field]}.${state[field]}` as MessageKey)}</dd>
        </>
      ))}
    </dl>
  </>
);
