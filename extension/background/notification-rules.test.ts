import { describe, expect, it } from 'vitest';
import type { TrackingEvent } from '../../shared/schemas/events.ts';
import type { HitClass } from '../../shared/tracking/classify.ts';
import { OPEN_REPEAT_WINDOW_MS } from '../../shared/tracking/tally.ts';
import { COALESCE_WINDOW_MS, INITIAL_NOTIFICATION_STATE, planNotifications, withStateDefaults, type NotificationState, type NotifyOn } from './notification-rules.ts';

const t0 = Date.parse('2026-11-24T10:00:00.000Z');
let seq = 0;
type Spec = [messageId: string, kind: TrackingEvent['kind'], cls: HitClass, seconds: number, extra?: Partial<TrackingEvent>];
function event([messageId, kind, cls, seconds, extra = {}]: Spec): TrackingEvent {
  return {
    id: `e${seq++}`, messageId, kind, class: cls, reason: 'r', reliable: cls === 'human', at: new Date(t0 + seconds * 1000).toISOString(),
    linkIndex: kind === 'click' ? 0 : null, url: kind === 'click' ? 'https://example.org/p' : null, subject: `Subject ${messageId}`, to: ['ana@example.org'], ...extra,
  };
}
const consent = (messageId: string, seconds: number): Spec => [messageId, 'consent', 'human', seconds, { reason: 'Unsubscribed (organisation-wide)' }];

const started: NotificationState = { ...INITIAL_NOTIFICATION_STATE, seenUntil: new Date(t0 - 1).toISOString() };
const MIN = 60;
const REPEAT = OPEN_REPEAT_WINDOW_MS / 1000;

/** Feeds the events one poll per batch, as the poller or the stream would, and collects what was shown. */
function run(batches: Spec[][], options: { notifyOn?: NotifyOn; state?: NotificationState } = {}) {
  let state = options.state ?? started;
  const shown: { id: string; message: string }[] = [];
  const opened: string[] = [];
  for (const batch of batches) {
    const plan = planNotifications(batch.map(event), state, { notifyOn: options.notifyOn });
    state = plan.state;
    opened.push(...plan.opened);
    for (const n of plan.notifications) {
      const at = shown.findIndex((s) => s.id === n.notificationId);
      if (at >= 0) shown.splice(at, 1);
      shown.push({ id: n.notificationId, message: n.message });
    }
  }
  return { shown: shown.map((s) => s.message), ids: shown.map((s) => s.id), state, opened };
}

describe('planNotifications: what becomes a notification', () => {
  it.each<[string, Spec[][], string[]]>([
    ['a person\'s open', [[['m', 'open', 'human', 1]]], ['Opened']],
    ['a Gmail proxy open, said to be unreliable', [[['m', 'open', 'google_proxy', 1]]], ['Opened (unreliable: Gmail proxy)']],
    ['a Yahoo proxy open', [[['m', 'open', 'yahoo_proxy', 1]]], ['Opened (unreliable: Yahoo proxy)']],
    ['a person\'s click', [[['m', 'click', 'human', 1]]], ['Clicked https://example.org/p']],
    ['a consent change', [[consent('m', 1)]], ['Unsubscribed (organisation-wide)']],
    ['a repeat open within the window: the same visit', [[['m', 'open', 'human', 1]], [['m', 'open', 'human', 1 + REPEAT - 1]]], ['Opened']],
    ['a new visit after the window', [[['m', 'open', 'human', 1]], [['m', 'open', 'human', 1 + REPEAT]]], ['Opened', 'Opened']],
    ['proxy re-fetches every minute fold into one visit however long', [[['m', 'open', 'google_proxy', 0]], [['m', 'open', 'google_proxy', 2 * MIN]], [['m', 'open', 'google_proxy', 4 * MIN]]], ['Opened (unreliable: Gmail proxy)']],
    ['a double click is one click', [[['m', 'click', 'human', 1], ['m', 'click', 'human', 2]]], ['Clicked https://example.org/p']],
    ['Apple Mail, a scanner, a bot, a prefetch: never', [[['m', 'open', 'apple_mpp', 1], ['m', 'open', 'security_scanner', 2], ['m', 'open', 'bot', 3], ['m', 'open', 'prefetch', 4], ['m', 'open', 'unknown', 5], ['m', 'click', 'security_scanner', 6]]], []],
    ['the sender\'s own view or click: never', [[['m', 'open', 'self', 1], ['m', 'click', 'self', 2]]], []],
    ['the sender\'s own changes on the opt-out list (no message): never', [[consent('', 1)]], []],
  ])('%s', (_, batches, expected) => {
    expect(run(batches).shown).toEqual(expected);
  });
});

describe('planNotifications: news of one message within a minute is one notification', () => {
  it.each<[string, Spec[][], string[]]>([
    ['three opens and a click in one poll', [[['m', 'open', 'human', 0], ['m', 'open', 'google_proxy', 5], ['m', 'open', 'yahoo_proxy', 10], ['m', 'click', 'human', 20]]], ['Opened 3 times, 1 click']],
    ['the same, arriving one by one (the stream): one notification that grows', [[['m', 'open', 'human', 0]], [['m', 'open', 'google_proxy', 5]], [['m', 'open', 'yahoo_proxy', 10]], [['m', 'click', 'human', 20]]], ['Opened 3 times, 1 click']],
    ['proxy opens only, counted and still unreliable', [[['m', 'open', 'google_proxy', 0], ['m', 'open', 'yahoo_proxy', 5]]], ['Opened 2 times (unreliable: Gmail proxy)']],
    ['an open then a consent change', [[['m', 'open', 'human', 0], consent('m', 30)]], ['Opened, Unsubscribed (organisation-wide)']],
    ['a proxy open then a click: a person opened it', [[['m', 'open', 'google_proxy', 0]], [['m', 'click', 'human', 20]]], ['Opened, 1 click']],
    ['two clicks on two links', [[['m', 'click', 'human', 0, { linkIndex: 0 }], ['m', 'click', 'human', 1, { linkIndex: 1 }]]], ['2 clicks']],
    ['a minute later: a second notification', [[['m', 'open', 'human', 0]], [['m', 'click', 'human', COALESCE_WINDOW_MS / 1000]]], ['Opened', 'Clicked https://example.org/p']],
    ['two messages: one each', [[['a', 'open', 'human', 0], ['b', 'open', 'google_proxy', 1]]], ['Opened', 'Opened (unreliable: Gmail proxy)']],
  ])('%s', (_, batches, expected) => {
    expect(run(batches).shown).toEqual(expected);
  });

  it('shows a growing burst again under its own id, so the browser replaces it', () => {
    const { ids } = run([[['m', 'open', 'human', 0]], [['m', 'click', 'human', 20]]]);
    expect(ids).toEqual([`message:m:${t0}`]);
  });
});

describe('planNotifications with the sender\'s choices', () => {
  const only = (on: Partial<NotifyOn>): NotifyOn => ({ reliableOpens: false, unreliableOpens: false, clicks: false, consentChanges: false, ...on });
  const mixed: Spec[][] = [[['m1', 'open', 'human', 0]], [['m2', 'open', 'google_proxy', 100]], [['m3', 'click', 'human', 200]], [consent('m4', 300)]];
  it.each<[string, NotifyOn, string[]]>([
    ['reliable opens only', only({ reliableOpens: true }), ['Opened']],
    ['unreliable opens only', only({ unreliableOpens: true }), ['Opened (unreliable: Gmail proxy)']],
    ['clicks only', only({ clicks: true }), ['Clicked https://example.org/p']],
    ['consent only', only({ consentChanges: true }), ['Unsubscribed (organisation-wide)']],
    ['nothing', only({}), []],
  ])('%s', (_, notifyOn, expected) => {
    expect(run(mixed, { notifyOn }).shown).toEqual(expected);
  });

  it('does not replay an open that came while opens were off, when they are turned on', () => {
    const off = run([[['m', 'open', 'human', 0]]], { notifyOn: only({ clicks: true }) });
    expect(off.shown).toEqual([]);
    expect(run([[['m', 'open', 'human', 30]]], { state: off.state }).shown).toEqual([]);
  });

  it('stays quiet for a silenced message and under do-not-disturb, and still moves on', () => {
    const silenced = run([[['m5', 'click', 'human', 1], ['m6', 'click', 'human', 2]]], { state: { ...started, silenced: ['m5'] } });
    expect(silenced.shown).toEqual(['Clicked https://example.org/p']);
    expect(silenced.ids).toEqual([`message:m6:${t0 + 2000}`]);
    const dnd = run([[['m7', 'click', 'human', 3]]], { state: { ...silenced.state, doNotDisturb: true } });
    expect(dnd.shown).toEqual([]);
    expect(dnd.state.seenUntil).toBe(new Date(t0 + 3000).toISOString());
    // Back from do-not-disturb: what came meanwhile stays untold.
    expect(run([[['m7', 'click', 'human', 3]]], { state: { ...dnd.state, doNotDisturb: false } }).shown).toEqual([]);
  });
});

describe('planNotifications: each event once, whoever brings it', () => {
  it('does not replay history on the first look after installing', () => {
    const first = planNotifications([event(['m0', 'click', 'human', -60])], INITIAL_NOTIFICATION_STATE);
    expect(first.notifications).toEqual([]);
    expect(first.state.seenUntil).toBe(new Date(t0 - 60_000).toISOString());
    expect(planNotifications([event(['m0', 'click', 'human', -60])].map((e) => ({ ...e, id: Object.keys(first.state.handled)[0]! })), first.state).notifications).toEqual([]);
  });

  it('tells an event the stream brought and the poll brings again once', () => {
    const fromStream = event(['m', 'open', 'human', 1]);
    const a = planNotifications([fromStream], started);
    const b = planNotifications([fromStream, event(['m', 'click', 'human', 90])], a.state);
    expect(a.notifications.map((n) => n.message)).toEqual(['Opened']);
    expect(b.notifications.map((n) => n.message)).toEqual(['Clicked https://example.org/p']);
  });

  it('still tells an event that arrives a little after newer ones (the Worker\'s queue)', () => {
    const newer = planNotifications([event(['a', 'open', 'human', 120])], started);
    expect(planNotifications([event(['b', 'open', 'human', 60])], newer.state).notifications.map((n) => n.messageId)).toEqual(['b']);
  });

  it('says which messages were opened or clicked, machines aside (their reminders end)', () => {
    expect(run([[['a', 'open', 'google_proxy', 1], ['b', 'click', 'human', 2], ['c', 'open', 'apple_mpp', 3], consent('d', 4)]]).opened).toEqual(['a', 'b']);
  });

  it('reads a state stored by the older version, which notified first opens only', () => {
    const old = { seenUntil: started.seenUntil, announcedOpens: ['m'], lastNotifiedAt: {}, silenced: ['x'], doNotDisturb: false } as Partial<NotificationState>;
    const plan = planNotifications([event(['m', 'open', 'human', 1]), event(['x', 'open', 'human', 1])], withStateDefaults(old));
    expect(plan.notifications.map((n) => n.message)).toEqual(['Opened']);
  });
});
