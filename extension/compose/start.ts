import { browser } from '#imports';
import type { ComposeWindow, MailClientAdapter } from '../mail-clients/adapter.ts';
import type { MessageViewing, SentUntracked } from '../messages.ts';
import { hideOwnPixels } from '../sender-view/hide-own-pixel.ts';
import { accountItem, DEFAULT_SETTINGS, isConfigured, settingsItem, type Account, type Settings } from '../storage.ts';
import { DEFAULT_ORG_SETTINGS } from '../../shared/schemas/org-settings.ts';
import { ComposeSession } from './compose-session.ts';
import { appendOptOutLine } from './mail-merge-opt-out.ts';
import { RecipientStatuses } from './recipient-status.ts';
import { installSendHook } from './send-hook.ts';
import { checkLandmarks, LANDMARK_GRACE_MS } from './landmark-health.ts';
import { insertSmartLink, rememberSelections } from './smart-link-insert.ts';
import { mountToolbar, unmountToolbar } from './toolbar.tsx';
import { presignForSend, reportOwnPixel, trackOnSend } from './track-on-send.ts';
import { watchComposes } from './watch-composes.ts';

/** How long the compose must stay still before its links are signed ahead of Send. */
const PRESIGN_PAUSE_MS = 400;

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

  const statuses = new RecipientStatuses();
  const sessions = new WeakMap<HTMLElement, ComposeSession>();
  const sessionOf = (compose: ComposeWindow) => {
    let session = sessions.get(compose.root);
    if (!session) {
      session = new ComposeSession(compose, () => settings, statuses, () => account?.settings ?? DEFAULT_ORG_SETTINGS);
      sessions.set(compose.root, session);
    }
    return session;
  };

  // Each kind of landmark failure is reported once per page.
  const reportedLandmarks = new Set<string>();
  const checkLandmarksOf = (session: ComposeSession) =>
    checkLandmarks(adapter, session.compose, (words) => session.setLandmarkProblem(words), reportedLandmarks);

  installSendHook(
    document,
    adapter,
    (compose, occasion) => {
      if (!isConfigured(settings, account)) return 'send';
      const session = sessionOf(compose);
      // A compose without its landmarks goes out untracked (the session's plan says so), and is reported.
      checkLandmarksOf(session);
      const { decision, plan, appendOptOut } = session.decide(occasion);
      if (decision === 'hold') return decision;
      const body = appendOptOut ? compose.body() : null;
      if (body) appendOptOutLine(body, settings.workerUrl, compose.quoteMarks);
      trackOnSend(compose, settings, account, plan, occasion.scheduledFor ?? null);
      return decision;
    },
    (compose, err) => {
      const untracked: SentUntracked = { type: 'sent-untracked', subject: compose.subject(), reason: err instanceof Error ? err.message : String(err) };
      void browser.runtime.sendMessage(untracked).catch(() => undefined);
    },
    signal,
  );
  rememberSelections(document, adapter, signal);
  watchComposes(
    document,
    adapter,
    (compose) => {
      const session = sessionOf(compose);
      const host = mountToolbar(document, session, {
        insertSmartLink: (action) => void (isConfigured(settings, account) && insertSmartLink(session.compose, settings.workerUrl, action)),
      });
      const unsubscribe = statuses.subscribe(() => session.refresh());
      let presignTimer: ReturnType<typeof setTimeout> | undefined;
      const presignSoon = () => {
        clearTimeout(presignTimer);
        presignTimer = setTimeout(() => {
          try {
            reportOwnPixel(session.compose, settings, account);
            presignForSend(session.compose, settings, account);
          } catch (err) {
            // Only a speed-up: Send signs whatever is missing.
            console.warn('[smart-links] links not signed ahead', err);
          }
        }, PRESIGN_PAUSE_MS);
      };
      compose.placeToolbar(host);
      session.refresh();
      // Once the compose had time to build itself, its landmarks must be there; if the toolbar's
      // own place is gone too, it goes at the top of the compose, to say why nothing is tracked.
      let settled = false;
      const checkSettled = () => {
        if (checkLandmarksOf(session).length > 0 && !session.compose.placeToolbar(host) && !host.isConnected) session.compose.root.prepend(host);
      };
      const landmarkTimer = setTimeout(() => {
        settled = true;
        if (isConfigured(settings, account)) checkSettled();
      }, LANDMARK_GRACE_MS);
      // A draft re-opened after Undo already shows our pixel, and the browser is loading it.
      reportOwnPixel(compose, settings, account);
      presignSoon();
      return {
        refresh(current) {
          current.placeToolbar(host);
          session.refresh();
          if (settled && isConfigured(settings, account)) checkSettled();
          presignSoon();
        },
        remove() {
          clearTimeout(presignTimer);
          clearTimeout(landmarkTimer);
          unsubscribe();
          unmountToolbar(host);
        },
      };
    },
    signal,
  );

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
