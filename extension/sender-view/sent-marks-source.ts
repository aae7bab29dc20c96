import { workerClient, type TrackedMessageSummary } from '../api/worker-client.ts';
import { accountItem, isConfigured, settingsItem } from '../storage.ts';

/** What the Sent list needs of a tracked message to find its row and mark it. */
export type SentMark = Pick<TrackedMessageSummary, 'subject' | 'to' | 'cc' | 'bcc' | 'sentAt' | 'opens' | 'clicks' | 'lastActivityAt' | 'status' | 'statusBy'>;

const PAGE = 200;
const MAX_PAGES = 5;

/**
 * Background side of the Sent-folder marks: the tracked messages sent after `since`, newest
 * first, at most a thousand (a Sent page shows 50 rows). Untracked ones carry no mark.
 */
export async function sentMarksFor(since: string): Promise<SentMark[]> {
  const [settings, account] = await Promise.all([settingsItem.getValue(), accountItem.getValue()]);
  if (!isConfigured(settings, account)) return [];
  const marks: SentMark[] = [];
  let before: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { messages, next } = await workerClient.messages(settings, { filter: 'all', limit: PAGE, before });
    for (const { subject, to, cc, bcc, sentAt, opens, clicks, lastActivityAt, status, statusBy, tracked } of messages) {
      if (tracked) marks.push({ subject, to, cc, bcc, sentAt, opens, clicks, lastActivityAt, status, statusBy });
    }
    const oldest = messages.at(-1)?.sentAt;
    if (!next || !oldest || oldest < since) break;
    before = next;
  }
  return marks;
}
