import { browser } from '#imports';
import { mintMessageId } from '../../shared/tracking/message-id.ts';
import { trimSlash } from '../../shared/tracking/urls.ts';
import type { ComposeWindow } from '../mail-clients/adapter.ts';
import type { MessageSent, MessageViewing } from '../messages.ts';
import { isConfigured, type Account, type Settings, type TrackMode } from '../storage.ts';
import { reminderDaysFor } from '../reminders/compose-reminder.ts';
import { findPixelId, pixelIdsIn } from './pixel.ts';
import { mayReuseMessageId, releaseMessageId } from './fresh-message-id.ts';
import { presignLinks } from '../../shared/tracking/rewrite-links.ts';
import { changeBodyForSend } from './send-step.ts';
import { fillInRecipientsLater } from './recipient-fill-in.ts';
import { recipientsAtSend } from './recipients-at-send.ts';
import type { RegisterMessage } from '../../shared/schemas/message.ts';

/** What this send records, decided from the toolbar's choices and the recipients' wishes. */
export interface SendPlan {
  track: boolean;
  mode: TrackMode;
  massMail: boolean;
}

// One id per compose: a cancelled send, Undo or a second press of Send reuses it rather than
// mint a second message, as long as the Worker still accepts changes to that message.
const messageIds = new WeakMap<HTMLElement, string>();
// The id minted before the first send, for signing links while the sender pauses. Send takes it
// only where it would have minted one: an id in the body's own pixel (Undo, a re-opened draft)
// still wins, as the body may not hold that pixel yet when the compose first appears.
const premintedIds = new WeakMap<HTMLElement, string>();

// When each id went out from this page (the latest send under it, at its scheduled time if it
// was scheduled): a send after the Worker's window needs an id of its own (fresh-message-id.ts).
const sentUnder = new Map<string, number>();

/** The id a send of this compose uses now: its own, else its pixel's, else the pre-minted or a new one. */
function messageIdFor(compose: ComposeWindow, body: HTMLElement, workerUrl: string, account: Account): string {
  return messageIds.get(compose.root) ?? findPixelId(body, workerUrl, compose.quoteMarks) ?? premintedIds.get(compose.root) ?? mintMessageId(account.linkKey);
}

// The pixel ids each compose's own view was reported for: one load, one report.
const reportedViews = new WeakMap<HTMLElement, Set<string>>();

/**
 * The compose shows pixels of ours (this message's, added at send or kept in a draft re-opened
 * after Undo; earlier messages' in the quoted history of a reply), so the sender's own browser
 * loads them: the Worker is told, and labels those hits the sender's own view rather than leaving
 * it to the sender's IP (which a VPN or local development hides) or to the time since sending
 * (which a slow machine stretches, and which says nothing for an earlier message). Once per pixel
 * and compose.
 */
export function reportOwnPixel(compose: ComposeWindow, settings: Settings, account: Account | null): void {
  if (!isConfigured(settings, account)) return;
  const body = compose.body();
  if (!body) return;
  const reported = reportedViews.get(compose.root) ?? new Set<string>();
  reportedViews.set(compose.root, reported);
  for (const { id } of pixelIdsIn(body, settings.workerUrl)) {
    if (reported.has(id)) continue;
    reported.add(id);
    const viewing: MessageViewing = { type: 'message-viewing', messageId: id };
    browser.runtime.sendMessage(viewing).catch((err: unknown) => console.warn('[smart-links] own view not reported', err));
  }
}

/**
 * While the sender pauses: signs the links the send would rewrite, with the id it would use,
 * so that the send step in the webmail's event mostly looks signatures up (rewrite-links.ts).
 * Never changes the body.
 */
export function presignForSend(compose: ComposeWindow, settings: Settings, account: Account | null): void {
  if (!isConfigured(settings, account)) return;
  const body = compose.body();
  if (!body) return;
  const messageId = messageIdFor(compose, body, settings.workerUrl, account);
  if (!messageIds.has(compose.root)) premintedIds.set(compose.root, messageId);
  presignLinks(body, { workerUrl: settings.workerUrl, key: account.linkKey, messageId, trackClicks: true });
}

function hasSmartLinks(body: HTMLElement, workerUrl: string): boolean {
  const prefix = `${trimSlash(workerUrl)}/s/`;
  return [...body.querySelectorAll('a[href]')].some((a) => (a.getAttribute('href') ?? '').startsWith(prefix));
}

/**
 * At send: add the pixel and rewrite the links (both once, however often Send is pressed, and
 * only what the plan asks for), complete the Smart Links, and hand the registration to the
 * background (with the time it is scheduled for, if it is). Synchronous: it runs inside the webmail's send event and reads settings the
 * content script already holds. An untracked message with Smart Links is still registered
 * (`tracked: false`): its recipients' choices must reach the sender.
 */
export function trackOnSend(compose: ComposeWindow, settings: Settings, account: Account | null, plan: SendPlan, scheduledFor: Date | null = null): void {
  if (!isConfigured(settings, account)) return;
  const body = compose.body();
  if (!body) return;
  const { recipients, none } = recipientsAtSend(compose.recipientChips(), compose.typedRecipients());
  // With no recipient at all the webmail refuses to send (and the sender adds one and presses
  // Send again, which comes back here): nothing of ours goes into a message that does not leave.
  if (none) return;
  const everyone = [...recipients.to, ...recipients.cc, ...recipients.bcc];
  // Mail to yourself only is never tracked (your own opens would be all there is to see).
  if (everyone.length > 0 && everyone.every((address) => address === account.email.toLowerCase())) return;
  if (!plan.track && !hasSmartLinks(body, settings.workerUrl)) return;
  let messageId = messageIdFor(compose, body, settings.workerUrl, account);
  const sentAt = scheduledFor ?? new Date();
  const earlierSendAt = sentUnder.get(messageId);
  if (earlierSendAt !== undefined && !mayReuseMessageId(earlierSendAt, Date.now())) {
    releaseMessageId(body, settings.workerUrl, messageId, compose.quoteMarks);
    messageId = mintMessageId(account.linkKey);
  }
  messageIds.set(compose.root, messageId);
  sentUnder.set(messageId, sentAt.getTime());
  const links = changeBodyForSend(body, {
    workerUrl: settings.workerUrl,
    key: account.linkKey,
    messageId,
    pixel: plan.track && plan.mode !== 'clicks-only',
    trackClicks: plan.track && plan.mode !== 'opens-only',
    quoteMarks: compose.quoteMarks,
  });

  reportOwnPixel(compose, settings, account);

  const registration: RegisterMessage = {
    id: messageId,
    from: account.email,
    subject: compose.subject(),
    ...recipients,
    massMail: plan.massMail,
    tracked: plan.track,
    links,
    // A scheduled send leaves at its time: machines fetching "within seconds of sending" are
    // judged against that, and the Sent list shows that time.
    sentAt: sentAt.toISOString(),
  };
  // Registered even when no address can be read yet (a name typed, not resolved): a pixel of ours
  // never leaves unregistered. The recipients follow if the compose shows them before it closes.
  queueRegistration(registration, plan.track ? reminderDaysFor(compose.root, settings) : null);
  if (everyone.length === 0) fillInRecipientsLater(compose, registration, queueRegistration);
}

/** Fire and forget: the background queues it durably; the send must not wait for us. */
/** `remindAfterDays`: the compose's "Remind me if not opened in N days", set with the first registration. */
function queueRegistration(registration: RegisterMessage, remindAfterDays: number | null = null): void {
  const sent: MessageSent = { type: 'message-sent', registration, ...(remindAfterDays !== null ? { remindAfterDays } : {}) };
  browser.runtime.sendMessage(sent).catch((err: unknown) => console.error('[smart-links] registration not queued', err));
}
