import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TrackingEvent } from '../../shared/schemas/events.ts';
import { EventStream, eventOfFrame, KEEP_ALIVE_MS, OPEN_DEADLINE_MS, PONG_DEADLINE_MS, reconnectDelay } from './event-stream.ts';

describe('reconnectDelay', () => {
  it.each([
    [0, 0, 500],
    [0, 1, 1000],
    [1, 1, 2000],
    [3, 0.5, 6000],
    [5, 1, 30_000],
    [40, 1, 30_000],
    [40, 0, 15_000],
  ])('attempt %i with draw %d waits %i ms', (attempt, random, expected) => {
    expect(reconnectDelay(attempt, random)).toBe(expected);
  });
});

const EVENT: TrackingEvent = {
  id: 'h1', messageId: 'm1', kind: 'open', class: 'human', reason: 'mail client or browser', reliable: true,
  at: '2026-12-07T10:00:00.000Z', linkIndex: null, url: null, subject: 'Offer', to: ['ana@example.org'], consent: null,
};

describe('eventOfFrame', () => {
  it.each([
    ['an event', JSON.stringify(EVENT), EVENT],
    ['the pong', 'pong', null],
    ['not JSON', '{oops', null],
    ['JSON that is no event', '{"hello":1}', null],
    ['null', 'null', null],
    ['a binary frame', new ArrayBuffer(2), null],
  ])('reads %s', (_case, frame, expected) => {
    expect(eventOfFrame(frame)).toEqual(expected);
  });
});

/** Just enough of a WebSocket for the stream: the test opens, feeds and drops it. */
class FakeSocket extends EventTarget {
  readyState = 0;
  sent: string[] = [];
  closed = false;
  constructor(readonly url: string) {
    super();
  }
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.closed = true;
  }
  open() {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }
  receive(data: string) {
    this.dispatchEvent(new MessageEvent('message', { data }));
  }
  drop() {
    this.readyState = 3;
    this.dispatchEvent(new Event('close'));
  }
}

describe('EventStream', () => {
  let sockets: FakeSocket[];
  let events: TrackingEvent[];
  let opens: number;
  let downs: number;
  let tickets: number;

  function stream(ticketUrl: () => Promise<string | null> = async () => `wss://w.example/api/stream?ticket=${++tickets}`) {
    return new EventStream({
      ticketUrl,
      onEvent: (event) => events.push(event),
      onOpen: () => opens++,
      onDown: () => downs++,
      createSocket: (url) => {
        const socket = new FakeSocket(url);
        sockets.push(socket);
        return socket as unknown as WebSocket;
      },
    });
  }

  /** A stream whose first connection got its ticket and opened. */
  async function openStream() {
    const live = stream();
    live.ensure();
    await vi.advanceTimersByTimeAsync(0);
    sockets[0]!.open();
    return live;
  }

  beforeEach(() => {
    vi.useFakeTimers();
    sockets = [];
    events = [];
    opens = 0;
    downs = 0;
    tickets = 0;
  });
  afterEach(() => vi.useRealTimers());

  it('passes each pushed event on and pings inside Chrome\'s 30 s window', async () => {
    const live = await openStream();
    expect(live.isUp).toBe(true);
    expect(opens).toBe(1);
    sockets[0]!.receive(JSON.stringify(EVENT));
    sockets[0]!.receive('pong');
    expect(events).toEqual([EVENT]);
    await vi.advanceTimersByTimeAsync(KEEP_ALIVE_MS);
    expect(sockets[0]!.sent).toEqual(['ping']);
    expect(KEEP_ALIVE_MS).toBeLessThan(30_000);
  });

  it('reconnects with a new ticket after a drop, and says it was down', async () => {
    const live = await openStream();
    sockets[0]!.drop();
    expect(live.isUp).toBe(false);
    expect(downs).toBe(1);
    live.ensure(); // an alarm in between does not open a second connection
    await vi.advanceTimersByTimeAsync(1000);
    expect(sockets).toHaveLength(2);
    expect(sockets[1]!.url).toMatch(/ticket=2$/);
    sockets[1]!.open();
    expect(opens).toBe(2);
  });

  it('keeps a connection that answers each ping in time', async () => {
    const live = await openStream();
    // Each pong comes a moment before its ping's deadline.
    await vi.advanceTimersByTimeAsync(KEEP_ALIVE_MS + PONG_DEADLINE_MS - 1);
    sockets[0]!.receive('pong');
    for (const _ping of [2, 3]) {
      await vi.advanceTimersByTimeAsync(KEEP_ALIVE_MS);
      sockets[0]!.receive('pong');
    }
    await vi.advanceTimersByTimeAsync(PONG_DEADLINE_MS);
    expect(sockets[0]!.sent).toEqual(['ping', 'ping', 'ping']);
    expect(live.isUp).toBe(true);
    expect(downs).toBe(0);
  });

  it('gives up a connection that stopped answering its pings without closing, and tries a new one', async () => {
    const live = await openStream();
    // Silence from here on: no close ever comes (a dropped NAT entry, a sleeping laptop).
    await vi.advanceTimersByTimeAsync(KEEP_ALIVE_MS + PONG_DEADLINE_MS - 1);
    expect(live.isUp).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets[0]!.closed).toBe(true);
    expect(downs).toBe(1);
    expect(live.isUp).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sockets).toHaveLength(2);
  });

  it('gives up a connection that does not open in time', async () => {
    const live = stream();
    live.ensure();
    await vi.advanceTimersByTimeAsync(OPEN_DEADLINE_MS);
    expect(sockets[0]!.closed).toBe(true);
    expect(downs).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sockets).toHaveLength(2);
    sockets[1]!.open();
    expect(live.isUp).toBe(true);
  });

  it('retries when no ticket can be had, and stays idle when not connected to a Worker', async () => {
    let configured = true;
    let failures = 1;
    const live = stream(async () => {
      if (!configured) return null;
      if (failures-- > 0) throw new Error('unreachable');
      return 'wss://w.example/api/stream?ticket=x';
    });
    live.ensure();
    await vi.advanceTimersByTimeAsync(0);
    expect(sockets).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sockets).toHaveLength(1);
    configured = false;
    live.restart();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets[0]!.closed).toBe(true);
    expect(sockets).toHaveLength(1);
  });

  it('ignores what an old connection says after a restart', async () => {
    const live = await openStream();
    live.restart();
    await vi.advanceTimersByTimeAsync(0);
    sockets[0]!.receive(JSON.stringify(EVENT));
    sockets[0]!.drop();
    expect(events).toEqual([]);
    expect(downs).toBe(0);
    expect(sockets).toHaveLength(2);
  });
});
