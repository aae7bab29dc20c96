import { browser } from '#imports';
import { mintMessageId } from '../../shared/tracking/message-id.ts';
import { rewriteLinks } from '../../shared/tracking/rewrite-links.ts';
import type { ComposeWindow } from '../mail-clients/adapter.ts';
import type { MessageSent } from '../messages.ts';
import { isConfigured, type Account, type Settings } from '../storage.ts';
import { ensurePixel, findPixelId } from './pixel.ts';

// One id per compose for its whole life: a cancelled send, Undo or a second press of Send
// must reuse it rather than mint a second message.
const messageIds = new WeakMap<HTMLElement, string>();

/**
 * At send: add the pixel and rewrite the links (both once, however often Send is pressed) and
 * hand the registration to the background. Synchronous: it
 * runs inside the webmail's send event and reads settings the content script already holds.
 */
export function trackOnSend(compose: ComposeWindow, settings: Settings, account: Account | null): void {
  if (!isConfigured(settings, account)) return;
  const body = compose.body();
  if (!body) return;
  const recipients = compose.recipients();
  const everyone = [...recipients.to, ...recipients.cc, ...recipients.bcc];
  // Mail to yourself only is never tracked (your own opens would be all there is to see).
  if (everyone.length > 0 && everyone.every((address) => address === account.email.toLowerCase())) return;
  const messageId =
    messageIds.get(compose.root) ?? findPixelId(body, settings.workerUrl) ?? mintMessageId(account.linkKey);
  messageIds.set(compose.root, messageId);
  ensurePixel(body, settings.workerUrl, messageId);
  const links = rewriteLinks(body, { workerUrl: settings.workerUrl, key: account.linkKey, messageId, trackClicks: true });

  const sent: MessageSent = {
    type: 'message-sent',
    registration: {
      id: messageId,
      from: account.email,
      subject: compose.subject(),
      ...recipients,
      massMail: false,
      tracked: true,
      links,
      sentAt: new Date().toISOString(),
    },
  };
  // Fire and forget: the background queues it durably; the send must not wait for us.
  browser.runtime.sendMessage(sent).catch((err: unknown) => console.error('[smart-links] registration not queued', err));
}
