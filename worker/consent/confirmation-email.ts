import { translate, type Locale, type MessageKey } from '../../shared/i18n/index.ts';
import type { Bindings } from '../env.ts';

/** Sending is on only when the deployment configures an HTTP mail API (README); off by default. */
export function mailConfigured(env: Bindings): boolean {
  return Boolean(env.MAIL_API_URL && env.MAIL_API_TOKEN && env.MAIL_FROM);
}

/**
 * One email through the configured API: `{ from, to, subject, text }` with a Bearer token, the
 * shape of common transactional mail APIs. False when it is off or the API refused it; a
 * failure never undoes a recorded choice.
 */
async function sendMail(env: Bindings, to: string, subject: string, text: string): Promise<boolean> {
  if (!mailConfigured(env)) return false;
  try {
    const res = await fetch(env.MAIL_API_URL!, {
      method: 'POST',
      headers: { authorization: `Bearer ${env.MAIL_API_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ from: env.MAIL_FROM, to, subject, text }),
    });
    if (!res.ok) console.error(`email to a recipient not accepted: ${res.status}`);
    return res.ok;
  } catch (err) {
    console.error('email to a recipient failed', err);
    return false;
  }
}

/**
 * After an opt-out, the recipient gets a confirmation with a single-use link back in (Concep's
 * flow), in the page's language; the link reverses the opt-out at the scope it was made.
 */
export function sendOptOutConfirmation(env: Bindings, to: string, locale: Locale, changeKey: MessageKey, optBackInUrl: string): Promise<boolean> {
  return sendMail(env, to, translate(locale, 'email.confirm.subject'), translate(locale, 'email.confirm.body', { change: translate(locale, changeKey), link: optBackInUrl }));
}

/** A permissive change typed on a page waits for this address's mailbox: the link confirms it. */
export function sendConsentRequest(env: Bindings, to: string, locale: Locale, change: string, confirmUrl: string): Promise<boolean> {
  return sendMail(env, to, translate(locale, 'email.request.subject'), translate(locale, 'email.request.body', { change, link: confirmUrl }));
}
