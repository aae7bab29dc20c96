import { trimSlash } from '../../shared/tracking/urls.ts';
import type { QuoteMarks } from '../mail-clients/adapter.ts';
import { quoteStart } from './pixel.ts';
import { genericSmartLinkUrl } from './smart-link-insert.ts';

/**
 * The line a mail merge gets when it carries no way out (marketing mail must: ePrivacy, CAN-SPAM),
 * in the language the recipient most likely reads: the compose's. The link's words alone are the
 * Smart Link, which the send step makes this message's.
 */
const OPT_OUT_LINE = {
  en: { before: 'Don\u2019t want these emails? ', link: 'Unsubscribe' },
  de: { before: 'Sie möchten diese E-Mails nicht mehr erhalten? ', link: 'Abmelden' },
  fr: { before: 'Vous ne souhaitez plus recevoir ces e-mails\u00a0? ', link: 'Se désabonner' },
  es: { before: '¿No quieres recibir estos correos? ', link: 'Darse de baja' },
  it: { before: 'Non vuoi più ricevere queste email? ', link: 'Annulla l\u2019iscrizione' },
  nl: { before: 'Wil je deze e-mails niet meer ontvangen? ', link: 'Afmelden' },
  pt: { before: 'Não quer receber estes e-mails? ', link: 'Cancelar inscrição' },
} as const;
export type OptOutLineLanguage = keyof typeof OPT_OUT_LINE;

/** `de-AT` → `de`; a language without a line of its own gets the English one. */
export function optOutLineLanguage(lang: string | null | undefined): OptOutLineLanguage {
  const primary = (lang ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return Object.hasOwn(OPT_OUT_LINE, primary) ? (primary as OptOutLineLanguage) : 'en';
}

export function optOutLine(language: OptOutLineLanguage): (typeof OPT_OUT_LINE)[OptOutLineLanguage] {
  return OPT_OUT_LINE[language];
}

/** The compose's language: the nearest `lang` around its body (the webmail's own), else the browser's. */
export function composeLanguage(body: HTMLElement): OptOutLineLanguage {
  const marked = body.closest<HTMLElement>('[lang]')?.lang || body.ownerDocument.documentElement.lang;
  return optOutLineLanguage(marked || body.ownerDocument.defaultView?.navigator.language);
}

/** Whether the body already links to Unsubscribe: a generic Smart Link or one made this message's. */
export function hasUnsubscribeLink(body: HTMLElement, workerUrl: string): boolean {
  const generic = genericSmartLinkUrl(workerUrl, 'unsubscribe');
  return [...body.querySelectorAll('a[href]')].some((anchor) => {
    const href = anchor.getAttribute('href') ?? '';
    return href === generic || href.startsWith(`${generic}/`);
  });
}

/**
 * Adds the unsubscribe line at the end of the sender's own text (before any quoted history), as
 * its own block. DOM APIs only (Trusted Types).
 */
export function appendOptOutLine(body: HTMLElement, workerUrl: string, marks: QuoteMarks, language: OptOutLineLanguage = composeLanguage(body)): void {
  const doc = body.ownerDocument;
  const words = OPT_OUT_LINE[language];
  const line = doc.createElement('div');
  const anchor = doc.createElement('a');
  anchor.setAttribute('href', genericSmartLinkUrl(trimSlash(workerUrl), 'unsubscribe'));
  anchor.textContent = words.link;
  line.append(doc.createElement('br'), words.before, anchor);
  const quote = quoteStart(body, marks);
  if (quote?.parentNode) quote.parentNode.insertBefore(line, quote);
  else body.append(line);
}
