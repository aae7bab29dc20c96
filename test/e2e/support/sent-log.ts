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
