import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { MessageListEntry } from '../../shared/schemas/message-list.ts';
import { accountItem, DEFAULT_SETTINGS, settingsItem } from '../storage.ts';
import { sentMarksFor } from './sent-marks-source.ts';

function entry(id: string, sentAt: string, extra: Partial<MessageListEntry> = {}): MessageListEntry {
  return { id, subject: id, to: ['ana@example.org'], cc: [], bcc: [], sentAt, tracked: true, massMail: false, opens: 1, reliableOpens: 1, machineOpens: 0, clicks: 0, lastActivityAt: null, status: 'opened', statusBy: 'human', ...extra };
}

describe('the Sent marks source (background)', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => vi.unstubAllGlobals());

  it('asks nothing before the Worker is connected', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    expect(await sentMarksFor('2026-11-01T00:00:00.000Z')).toEqual([]);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('pages back until it passes `since`, and leaves untracked messages unmarked', async () => {
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, workerUrl: 'https://t.example', apiToken: 'slt_x' });
    await accountItem.setValue({ email: 'me@example.com', role: 'sender', linkKey: { id: 'k', secret: 's' } as never });
    const pages: Record<string, { messages: MessageListEntry[]; next: string | null }> = {
      '': { messages: [entry('new', '2026-11-30T10:00:00.000Z'), entry('untracked', '2026-11-29T10:00:00.000Z', { tracked: false })], next: '2026-11-29T10:00:00.000Z' },
      '2026-11-29T10:00:00.000Z': { messages: [entry('old', '2026-10-01T10:00:00.000Z')], next: '2026-10-01T10:00:00.000Z' },
    };
    const asked: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      const before = new URL(url).searchParams.get('before') ?? '';
      asked.push(before);
      return new Response(JSON.stringify(pages[before] ?? { messages: [], next: null }), { status: 200 });
    });
    const marks = await sentMarksFor('2026-11-01T00:00:00.000Z');
    expect(marks.map((mark) => mark.subject)).toEqual(['new', 'old']);
    // The second page already reached back past `since`: no third request.
    expect(asked).toEqual(['', '2026-11-29T10:00:00.000Z']);
  });
});
