import { browser } from '#imports';

/** The activity page, or one message's detail in it (`#message=<id>`): where popup and notifications lead. */
export function activityUrl(messageId?: string): string {
  const base = browser.runtime.getURL('/activity.html');
  return messageId ? `${base}#message=${encodeURIComponent(messageId)}` : base;
}

export function messageIdInHash(hash: string): string | null {
  const match = /^#message=([^&]+)/.exec(hash);
  return match ? decodeURIComponent(match[1]!) : null;
}
