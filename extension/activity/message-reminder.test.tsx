import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { remindersItem } from '../reminders/reminders.ts';
import { MessageReminder } from './message-reminder.tsx';

const sentAt = '2026-11-24T10:00:00.000Z';

describe('a reminder on a message already sent (the activity page)', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => document.body.replaceChildren());

  it('is set from when the message was sent, shown, and cancelled', async () => {
    const root = document.createElement('div');
    document.body.append(root);
    await act(() => render(<MessageReminder messageId="m1" subject="Offer" sentAt={sentAt} />, root));
    const select = root.querySelector<HTMLSelectElement>('select[aria-label="Remind me if not opened"]')!;
    await act(() => {
      select.value = '2';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await act(() => [...root.querySelectorAll('button')].find((b) => b.textContent === 'Set reminder')!.click());
    await vi.waitFor(async () => expect((await remindersItem.getValue()).m1).toEqual({ messageId: 'm1', subject: 'Offer', days: 2, dueAt: Date.parse(sentAt) + 2 * 86_400_000 }));
    await vi.waitFor(() => expect(root.textContent).toContain('Reminder set: Remind me if not opened in 2 days'));
    await act(() => [...root.querySelectorAll('button')].find((b) => b.textContent === 'Cancel reminder')!.click());
    await vi.waitFor(async () => expect(await remindersItem.getValue()).toEqual({}));
    await vi.waitFor(() => expect(root.querySelector('select')).not.toBeNull());
  });
});
