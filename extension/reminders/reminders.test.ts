import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { TrackingEvent } from '../../shared/schemas/events.ts';
import type { MessageStatus } from '../../shared/tracking/verdict.ts';
import { notifyAbout, remindOfDue } from '../background/event-poller.ts';
import { notificationStateItem } from '../background/notification-state.ts';
import { INITIAL_NOTIFICATION_STATE } from '../background/notification-rules.ts';
import { accountItem, DEFAULT_SETTINGS, settingsItem } from '../storage.ts';
import { remindAfterSending, watchReminders } from './reminder-notifications.ts';
import { REMINDER_ALARM, remindersItem } from './reminders.ts';

const DAY = 24 * 60 * 60_000;
const sentAt = '2026-11-24T10:00:00.000Z';
const sent = Date.parse(sentAt);

/** The Worker's answer for GET /api/messages/<id>: its stats, or a status code. */
function workerSays(answers: Record<string, MessageStatus | number>) {
  const asked: string[] = [];
  vi.stubGlobal('fetch', async (url: string) => {
    const id = decodeURIComponent(new URL(url).pathname.split('/').at(-1)!);
    asked.push(id);
    const answer = answers[id] ?? 404;
    if (typeof answer === 'number') return new Response(JSON.stringify({ error: { code: 'not_found', message: 'No such message.' } }), { status: answer });
    return new Response(JSON.stringify({ id, subject: 's', to: [], cc: [], bcc: [], sentAt, tracked: true, stats: { hits: 1, opens: 0, clicks: 0 }, status: answer }), { status: 200 });
  });
  return asked;
}

const shown = async () => Object.keys(await fakeBrowser.notifications.getAll());

describe('reminders: "Remind me if not opened in N days"', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, workerUrl: 'https://t.example', apiToken: 'slt_x' });
    await accountItem.setValue({ email: 'me@acme.com', role: 'sender', linkKey: { id: 'k', secret: 'c2VjcmV0' } });
    await notificationStateItem.setValue({ ...INITIAL_NOTIFICATION_STATE, seenUntil: sentAt });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('is due N days after sending, with an alarm at that time', async () => {
    watchReminders();
    await remindAfterSending('m1', 'Offer', 3, sentAt);
    expect(await remindersItem.getValue()).toEqual({ m1: { messageId: 'm1', subject: 'Offer', days: 3, dueAt: sent + 3 * DAY } });
    await vi.waitFor(async () => expect((await fakeBrowser.alarms.get(REMINDER_ALARM))?.scheduledTime).toBe(sent + 3 * DAY));
  });

  it.each<[string, MessageStatus | number, string[], boolean]>([
    ['still not opened: one notification', 'not_opened', ['reminder:m1'], false],
    ['only machines fetched it: one notification', 'machine_only', ['reminder:m1'], false],
    ['opened meanwhile: none', 'opened', [], false],
    ['opened through a proxy meanwhile: none', 'opened_unreliable', [], false],
    ['not registered yet: none, asked again later', 404, [], true],
    ['the Worker is down: none, asked again later', 503, [], true],
  ])('when due and %s', async (_, answer, notifications, kept) => {
    await remindAfterSending('m1', 'Offer', 3, sentAt);
    const asked = workerSays({ m1: answer });
    await remindOfDue(sent + 3 * DAY - 1);
    expect(asked).toEqual([]);
    await remindOfDue(sent + 3 * DAY);
    expect(await shown()).toEqual(notifications);
    expect(Object.keys(await remindersItem.getValue())).toEqual(kept ? ['m1'] : []);
    await remindOfDue(sent + 4 * DAY);
    expect(await shown()).toEqual(notifications);
  });

  it('says how long it has stayed unopened', async () => {
    await remindAfterSending('m1', 'Offer', 1, sentAt);
    workerSays({ m1: 'not_opened' });
    const create = vi.spyOn(fakeBrowser.notifications, 'create');
    await remindOfDue(sent + DAY);
    expect(create).toHaveBeenCalledWith('reminder:m1', expect.objectContaining({ title: 'Offer', message: 'Not opened after 1 day' }));
  });

  it('waits while do-not-disturb is on', async () => {
    await remindAfterSending('m1', 'Offer', 1, sentAt);
    workerSays({ m1: 'not_opened' });
    await notificationStateItem.setValue({ ...INITIAL_NOTIFICATION_STATE, seenUntil: sentAt, doNotDisturb: true });
    await remindOfDue(sent + DAY);
    expect(await shown()).toEqual([]);
    await notificationStateItem.setValue({ ...INITIAL_NOTIFICATION_STATE, seenUntil: sentAt });
    await remindOfDue(sent + DAY);
    expect(await shown()).toEqual(['reminder:m1']);
  });

  const event = (kind: TrackingEvent['kind'], cls: TrackingEvent['class']): TrackingEvent => ({
    id: `e-${kind}-${cls}`, messageId: 'm1', kind, class: cls, reason: 'r', reliable: cls === 'human', at: new Date(sent + 60_000).toISOString(),
    linkIndex: 0, url: 'https://example.org', subject: 'Offer', to: [],
  });
  it.each<[string, TrackingEvent, boolean]>([
    ['a person\'s open cancels it', event('open', 'human'), false],
    ['a Gmail proxy open cancels it', event('open', 'google_proxy'), false],
    ['a click cancels it', event('click', 'human'), false],
    ['Apple Mail\'s prefetch does not', event('open', 'apple_mpp'), true],
    ['a scanner\'s click does not', event('click', 'security_scanner'), true],
  ])('%s', async (_, news, kept) => {
    await remindAfterSending('m1', 'Offer', 3, sentAt);
    await notifyAbout([news]);
    expect(Object.keys(await remindersItem.getValue())).toEqual(kept ? ['m1'] : []);
  });
});
