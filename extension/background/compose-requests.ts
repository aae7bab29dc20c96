import { browser } from '#imports';
import { WorkerError, workerClient } from '../api/worker-client.ts';
import type { ContactsStatusAnswer, SentUntracked } from '../messages.ts';
import { settingsItem } from '../storage.ts';

/** A compose's recipients' opt-out states. Never throws: a compose shows the problem instead. */
export async function answerContactsStatus(emails: string[]): Promise<ContactsStatusAnswer> {
  const settings = await settingsItem.getValue();
  if (!settings.workerUrl || !settings.apiToken) return { contacts: [], problem: 'Not connected: opt-outs cannot be checked.' };
  try {
    // The Worker takes at most 500 addresses a call; a compose rarely has more.
    const { contacts } = await workerClient.contactsStatus(settings, emails.slice(0, 500));
    return { contacts, problem: null };
  } catch (err) {
    const words = err instanceof WorkerError ? err.message : String(err);
    return { contacts: [], problem: `Opt-outs could not be checked: ${words}` };
  }
}

/** Our send step failed: the email went out untracked, and the sender hears it. */
export async function tellSentUntracked(message: SentUntracked): Promise<void> {
  await browser.notifications.create(`untracked:${Date.now()}`, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    title: 'Sent without tracking',
    message: `"${message.subject || '(no subject)'}" was sent, but it is not tracked: ${message.reason}`,
  });
}
