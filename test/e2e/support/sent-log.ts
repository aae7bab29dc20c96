import { inject } from 'vitest';
import type { SentMail } from './fixture-server.ts';
import { until } from './wait.ts';

export async function sentMail(mailbox: string, count = 1): Promise<SentMail[]> {
  return until(async () => {
    const res = await fetch(`${inject('fixtureControlUrl')}/sent?mailbox=${encodeURIComponent(mailbox)}`);
    const mails = (await res.json()) as SentMail[];
    return mails.length >= count && mails;
  }, `${count} sent mail(s) in mailbox ${mailbox}`);
}

/** The pixel URLs in a sent body, read from the serialized HTML as the recipient would get it. */
export function pixelUrls(html: string, workerUrl: string): string[] {
  const pattern = new RegExp(`<img[^>]+src="(${workerUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/o/[A-Za-z0-9_-]+)"`, 'g');
  return [...html.matchAll(pattern)].map((match) => match[1]!);
}

/**
 * The pixel ids in these mailboxes' sent logs that the Worker does not have as this sender's
 * messages, after giving each registration time to land: a pixel of ours must never go out
 * unregistered, whatever the send path.
 */
export async function unregisteredPixels(mailboxes: readonly string[], workerUrl: string, api: (path: string) => Promise<Response>): Promise<string[]> {
  const ids = new Set<string>();
  for (const mailbox of mailboxes) {
    const res = await fetch(`${inject('fixtureControlUrl')}/sent?mailbox=${encodeURIComponent(mailbox)}`);
    for (const mail of (await res.json()) as SentMail[]) for (const url of pixelUrls(mail.html, workerUrl)) ids.add(url.split('/o/')[1]!);
  }
  const missing: string[] = [];
  for (const id of ids) {
    const registered = await until(async () => {
      const res = await api(`/api/messages/${id}`);
      return res.status === 200;
    }, `the registration of ${id}`).catch(() => false);
    if (!registered) missing.push(id);
  }
  return missing;
}
