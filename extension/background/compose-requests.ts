import { browser } from '#imports';
import { WorkerError, workerClient } from '../api/worker-client.ts';
import type { LandmarkFailure } from '../../shared/schemas/landmark-failures.ts';
import type { ContactsStatusAnswer, SentUntracked } from '../messages.ts';
import { settingsItem } from '../storage.ts';
import { t } from '../ui/i18n.ts';

/** A compose's recipients' opt-out states. Never throws: a compose shows the problem instead. */
export async function answerContactsStatus(emails: string[]): Promise<ContactsStatusAnswer> {
  const settings = await settingsItem.getValue();
  if (!settings.workerUrl || !settings.apiToken) return { contacts: [], problem: t('compose.notConnected') };
  try {
    // The Worker takes at most 500 addresses a call; a compose rarely has more.
    const { contacts } = await workerClient.contactsStatus(settings, emails.slice(0, 500));
    return { contacts, problem: null };
  } catch (err) {
    const words = err instanceof WorkerError ? err.message : String(err);
    return { contacts: [], problem: t('compose.checkFailed', [words]) };
  }
}

/** Our send step failed: the email went out untracked, and the sender hears it. */
export async function tellSentUntracked(message: SentUntracked): Promise<void> {
  await browser.notifications.create(`untracked:${Date.now()}`, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    title: t('compose.untrackedTitle'),
    message: t('compose.untrackedBody', [message.subject || t('common.noSubject'), message.reason]),
  });
}

/** A compose lacked a landmark: the Worker hears it (best effort; the content script reports each kind once a page). */
export async function reportLandmarkFailure(failure: LandmarkFailure): Promise<void> {
  const settings = await settingsItem.getValue();
  if (!settings.workerUrl || !settings.apiToken) return;
  await workerClient.landmarkFailure(settings, failure).catch((err: unknown) => console.warn('landmark failure not reported', err));
}
