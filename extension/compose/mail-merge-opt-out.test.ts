import { gmailSelectors } from '../mail-clients/gmail/selectors.ts';
import { describe, expect, it } from 'vitest';
import { appendOptOutLine, composeLanguage, hasUnsubscribeLink, optOutLineLanguage } from './mail-merge-opt-out.ts';

const WORKER = 'https://t.example';

describe('the unsubscribe line of a mail merge', () => {
  it.each([
    ['en', 'en', 'Don\u2019t want these emails? Unsubscribe'],
    ['de-AT', 'de', 'Sie möchten diese E-Mails nicht mehr erhalten? Abmelden'],
    ['fr', 'fr', 'Vous ne souhaitez plus recevoir ces e-mails\u00a0? Se désabonner'],
    ['es_419', 'es', '¿No quieres recibir estos correos? Darse de baja'],
    ['fi', 'en', 'Don\u2019t want these emails? Unsubscribe'],
    ['', 'en', 'Don\u2019t want these emails? Unsubscribe'],
  ])('in a compose in %s: the %s line, its link the generic Unsubscribe Smart Link', (lang, expected, text) => {
    expect(optOutLineLanguage(lang)).toBe(expected);
    const body = document.createElement('div');
    body.append('Hello all.');
    appendOptOutLine(body, `${WORKER}/`, gmailSelectors.quotedHistory, optOutLineLanguage(lang));
    const line = body.lastElementChild!;
    expect(line.textContent).toBe(text);
    expect(line.querySelector('a')!.getAttribute('href')).toBe(`${WORKER}/s/unsubscribe`);
    expect(hasUnsubscribeLink(body, WORKER)).toBe(true);
  });

  it('takes the compose\'s language from the nearest lang around its body', () => {
    const page = document.createElement('div');
    page.lang = 'de';
    const body = document.createElement('div');
    page.append(body);
    document.body.append(page);
    expect(composeLanguage(body)).toBe('de');
    page.remove();
  });

  it('goes before the quoted history of a reply', () => {
    const body = document.createElement('div');
    const quote = document.createElement('div');
    quote.className = 'gmail_quote';
    body.append('New text.', quote);
    appendOptOutLine(body, WORKER, gmailSelectors.quotedHistory, 'en');
    expect(body.lastElementChild).toBe(quote);
    expect(quote.previousElementSibling!.textContent).toContain('Unsubscribe');
  });

  it.each([
    ['a generic Unsubscribe Smart Link', `${WORKER}/s/unsubscribe`, true],
    ['one made this message\'s at an earlier Send', `${WORKER}/s/unsubscribe/abcdefghijklmnop/sig`, true],
    ['another Smart Link', `${WORKER}/s/preferences`, false],
    ['another site\'s unsubscribe page', 'https://example.org/s/unsubscribe', false],
  ])('counts %s as an Unsubscribe link: %s', (_what, href, expected) => {
    const body = document.createElement('div');
    const a = document.createElement('a');
    a.setAttribute('href', href);
    body.append(a);
    expect(hasUnsubscribeLink(body, WORKER)).toBe(expected);
  });
});
