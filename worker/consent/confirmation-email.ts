import { translate, type Locale, type MessageKey } from '../../shared/i18n/index.ts';
import type { Bindings } from '../env.ts';

/** Sending is on only when the deployment configures an HTTP mail API (README); off by default. */
export function mailConfigured(env: Bindings): boolean {
  return Boolean(env.MAIL_API_URL && env.MAIL_API_TOKEN && env.MAIL_FROM);
}

/**
 * After an opt-out, the recipient gets a confirmation with a link back in, in the page's language
 * (Concep's flow). The body is `{ from, to, subject, text }` with a Bearer token, the shape of
 * common transactional mail APIs. Failure to send never undoes the recorded choice.
 */
export async function sendOptOutConfirmation(
  env: Bindings,
  to: string,
  locale: Locale,
  changeKey: MessageKey,
  optBackInUrl: string,
): Promise<boolean> {
  if (!mailConfigured(env)) return false;
  const res = await fetch(env.MAIL_API_URL!, {
    method: 'POST',
    headers: { authorization: `Bearer ${env.MAIL_API_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      from: env.MAIL_FROM,
      to,
      subject: translate(locale, 'email.confirm.subject'),
      text: translate(locale, 'email.confirm.body', { change: translate(locale, changeKey), link: optBackInUrl }),
    }),
  });
  if (!res.ok) console.error(`confirmation email to a recipient not accepted: ${res.status}`);
  return res.ok;
}
