import { browser } from '#imports';
import type { MailClientAdapter } from '../mail-clients/adapter.ts';
import type { MessageViewing } from '../messages.ts';
import { hideOwnPixels } from '../sender-view/hide-own-pixel.ts';
import { accountItem, DEFAULT_SETTINGS, settingsItem, type Account, type Settings } from '../storage.ts';
import { installSendHook } from './send-hook.ts';
import { trackOnSend } from './track-on-send.ts';

/**
 * Wires the compose features into one webmail page. Settings are loaded once and kept current
 * through storage watchers, because the send hook must decide synchronously.
 */
export function startCompose(adapter: MailClientAdapter, signal: AbortSignal): void {
  let settings: Settings = DEFAULT_SETTINGS;
  let account: Account | null = null;
  void settingsItem.getValue().then((value) => (settings = value));
  void accountItem.getValue().then((value) => (account = value));
  const unwatch = [
    settingsItem.watch((value) => (settings = value)),
    accountItem.watch((value) => (account = value)),
  ];
  signal.addEventListener('abort', () => unwatch.forEach((stop) => stop()), { once: true });

  installSendHook(document, adapter, (compose) => trackOnSend(compose, settings, account), signal);
  const startViewWatch = () =>
    hideOwnPixels(
      document,
      () => (account ? settings.workerUrl : ''),
      (messageId) => {
        const viewing: MessageViewing = { type: 'message-viewing', messageId };
        browser.runtime.sendMessage(viewing).catch((err: unknown) => console.warn('[smart-links] viewing not reported', err));
      },
      signal,
    );
  // The script starts at document_start, before there is a document element to observe.
  if (document.documentElement) startViewWatch();
  else document.addEventListener('DOMContentLoaded', startViewWatch, { once: true, signal });
}
