import { describe, expect, it } from 'vitest';
import type { TrackingEvent } from '../../shared/schemas/events.ts';
import { INITIAL_NOTIFICATION_STATE, PER_MESSAGE_QUIET_MS, planNotifications, type NotificationState } from './notification-rules.ts';

const t0 = Date.parse('2026-11-24T10:00:00.000Z');
let seq = 0;
function event(messageId: string, kind: TrackingEvent['kind'], cls: TrackingEvent['class'], seconds: number, extra: Partial<TrackingEvent> = {}): TrackingEvent {
  return {
    id: `e${seq++}`, messageId, kind, class: cls, reason: 'r', reliable: cls === 'human', at: new Date(t0 + seconds * 1000).toISOString(),
    linkIndex: null, url: kind === 'click' ? 'https://example.org/p' : null, subject: `Subject ${messageId}`, to: ['ana@example.org'], ...extra,
  };
}

const started: NotificationState = { ...INITIAL_NOTIFICATION_STATE, seenUntil: new Date(t0 - 1).toISOString() };

describe('planNotifications', () => {
  it('does not replay history on the first poll after installing', () => {
    const first = planNotifications([event('m0', 'click', 'human', -60)], INITIAL_NOTIFICATION_STATE, t0);
    expect(first.notifications).toEqual([]);
    expect(first.state.seenUntil).toBe(new Date(t0 - 60_000).toISOString());
  });

  it('announces the first reliable open once, never a machine open', () => {
    const first = planNotifications([event('m1', 'open', 'apple_mpp', 1), event('m1', 'open', 'google_proxy', 2), event('m1', 'open', 'human', 3)], started, t0);
    expect(first.notifications).toEqual([{ messageId: 'm1', title: 'Subject m1', message: 'Opened' }]);
    const later = planNotifications([event('m1', 'open', 'human', 4000)], first.state, t0 + PER_MESSAGE_QUIET_MS + 1);
    expect(later.notifications).toEqual([]);
  });

  it('tells each click and consent change, at most once per message per quiet window', () => {
    const first = planNotifications([event('m2', 'click', 'human', 1), event('m2', 'click', 'human', 2)], started, t0);
    expect(first.notifications).toEqual([{ messageId: 'm2', title: 'Subject m2', message: 'Clicked https://example.org/p (+1 more)' }]);
    const soon = planNotifications([event('m2', 'consent', 'human', 60, { reason: 'Unsubscribed (organisation-wide)' })], first.state, t0 + 60_000);
    expect(soon.notifications).toEqual([]);
    const afterQuiet = planNotifications([event('m2', 'consent', 'human', 400, { reason: 'Unsubscribed (organisation-wide)' })], soon.state, t0 + PER_MESSAGE_QUIET_MS + 1);
    expect(afterQuiet.notifications.map((n) => n.message)).toEqual(['Unsubscribed (organisation-wide)']);
  });

  it('does not tell the sender about their own changes on the opt-out list', () => {
    const own = planNotifications([event('', 'consent', 'human', 1, { reason: 'Changed by a sender (organisation-wide): doNotContact none → no_email' })], started, t0);
    expect(own.notifications).toEqual([]);
  });

  it('ignores scanner clicks and events already seen', () => {
    const first = planNotifications([event('m3', 'click', 'security_scanner', 1)], started, t0);
    expect(first.notifications).toEqual([]);
    const replay = planNotifications([event('m4', 'click', 'human', 0)], first.state, t0);
    expect(replay.notifications).toEqual([]);
  });

  it('stays quiet for a silenced message and under do-not-disturb, and still moves on', () => {
    const silenced: NotificationState = { ...started, silenced: ['m5'] };
    const quiet = planNotifications([event('m5', 'click', 'human', 1), event('m6', 'click', 'human', 2)], silenced, t0);
    expect(quiet.notifications.map((n) => n.messageId)).toEqual(['m6']);
    const dnd = planNotifications([event('m7', 'click', 'human', 3)], { ...quiet.state, doNotDisturb: true }, t0);
    expect(dnd.notifications).toEqual([]);
    expect(dnd.state.seenUntil).toBe(new Date(t0 + 3000).toISOString());
  });
});

describe('planNotifications with the options page\'s choices', () => {
  it('leaves out what the sender turned off, and does not replay a first open turned on later', () => {
    const notifyOn = { firstOpen: false, clicks: true, consentChanges: false };
    const first = planNotifications([event('m8', 'open', 'human', 1), event('m9', 'consent', 'human', 2, { reason: 'Unsubscribed (organisation-wide)' }), event('m10', 'click', 'human', 3)], started, t0, { notifyOn });
    expect(first.notifications.map((n) => n.messageId)).toEqual(['m10']);
    const later = planNotifications([event('m8', 'open', 'human', 500)], first.state, t0 + PER_MESSAGE_QUIET_MS + 1);
    expect(later.notifications).toEqual([]);
  });

  it('words a notification in the words it is given', () => {
    const words = { describe: () => 'Geöffnet', more: (w: string, n: number) => `${w} (+${n} weitere)`, noSubject: '(kein Betreff)' };
    const planned = planNotifications([event('m11', 'click', 'human', 1, { subject: null }), event('m11', 'click', 'human', 2, { subject: null })], started, t0, { words });
    expect(planned.notifications).toEqual([{ messageId: 'm11', title: '(kein Betreff)', message: 'Geöffnet (+1 weitere)' }]);
  });
});
