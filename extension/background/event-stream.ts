import type { TrackingEvent } from '../../shared/schemas/events.ts';
import { STREAM_PING, STREAM_PONG } from '../../shared/schemas/stream.ts';

/**
 * Chrome (116+) keeps an extension's service worker alive while a WebSocket carries traffic at
 * least every 30 s; a ping every 20 s stays inside that with room for a slow answer.
 */
export const KEEP_ALIVE_MS = 20_000;
/**
 * A connection cut without a close (a sleeping laptop, a dropped NAT entry, a stalled proxy)
 * gives no sign: the browser can wait minutes before it reports anything. So each ping must be
 * answered within this long (the Worker's runtime answers at once, without waking the object),
 * and a connection must open within OPEN_DEADLINE_MS; otherwise it is given up, polling stands in
 * and a new connection is tried. A silent death is thus noticed within KEEP_ALIVE_MS + this.
 */
export const PONG_DEADLINE_MS = 10_000;
export const OPEN_DEADLINE_MS = 15_000;
const FIRST_RETRY_MS = 1_000;
const LAST_RETRY_MS = 30_000;

/**
 * How long to wait before reconnection attempt `attempt` (0 = the first after a drop): doubling
 * from 1 s to at most 30 s, each drawn between half and all of that, so that many browsers cut
 * off together (a Worker deployment) do not come back in lockstep.
 */
export function reconnectDelay(attempt: number, random: number = Math.random()): number {
  const ceiling = Math.min(LAST_RETRY_MS, FIRST_RETRY_MS * 2 ** attempt);
  return Math.round(ceiling * (0.5 + random / 2));
}

/** A frame of the stream as an event, or null for anything else (the pong, a frame we cannot read). */
export function eventOfFrame(data: unknown): TrackingEvent | null {
  if (typeof data !== 'string' || data === STREAM_PONG) return null;
  try {
    const event = JSON.parse(data) as Partial<TrackingEvent> | null;
    return event && typeof event.id === 'string' && typeof event.messageId === 'string' && typeof event.at === 'string' ? (event as TrackingEvent) : null;
  } catch {
    return null;
  }
}

export interface EventStreamOptions {
  /** A fresh single-use stream URL, or null when the extension is not connected to a Worker. */
  ticketUrl: () => Promise<string | null>;
  onEvent: (event: TrackingEvent) => void;
  /** Called on each (re)connection: the moment to catch up on what came while it was down. */
  onOpen: () => void;
  onDown: () => void;
  createSocket?: (url: string) => WebSocket;
}

/**
 * One live connection to the sender's event stream, kept open for as long as the background
 * runs: reconnects with backoff after a drop, pings to stay alive and to notice a silent death,
 * and tells when it is up or down so that polling can stand in.
 */
export class EventStream {
  private socket: WebSocket | null = null;
  private connecting = false;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private keepAliveTimer: ReturnType<typeof setInterval> | null = null;
  /** Runs from a ping (or the connection attempt) until a frame (or the open) arrives. */
  private deadline: ReturnType<typeof setTimeout> | null = null;
  /** Bumped on restart, so that an older connection's late callbacks change nothing. */
  private generation = 0;

  constructor(private readonly options: EventStreamOptions) {}

  get isUp(): boolean {
    return this.socket !== null && this.socket.readyState === 1; // WebSocket.OPEN
  }

  /** Connects unless connected, connecting, or waiting to retry. */
  ensure(): void {
    if (this.socket || this.connecting || this.retryTimer) return;
    void this.connect(this.generation);
  }

  /** Drops any connection and starts afresh (the Worker URL or the token changed). */
  restart(): void {
    this.stop();
    this.attempt = 0;
    this.ensure();
  }

  stop(): void {
    this.generation++;
    this.connecting = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.stopKeepAlive();
    this.clearDeadline();
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000);
  }

  private async connect(generation: number): Promise<void> {
    this.connecting = true;
    let url: string | null;
    try {
      url = await this.options.ticketUrl();
    } catch (err) {
      if (generation !== this.generation) return;
      this.connecting = false;
      console.warn('event stream: no ticket', err);
      return this.retryLater(generation);
    }
    if (generation !== this.generation) return;
    this.connecting = false;
    // Not connected to a Worker: nothing to stream; a settings change restarts us.
    if (url === null) return;
    const socket = (this.options.createSocket ?? ((u) => new WebSocket(u)))(url);
    this.socket = socket;
    this.expectWithin(OPEN_DEADLINE_MS, socket, generation, 'not opened in time');
    socket.addEventListener('open', () => {
      if (generation !== this.generation) return;
      this.clearDeadline();
      this.attempt = 0;
      this.startKeepAlive(socket, generation);
      this.options.onOpen();
    });
    socket.addEventListener('message', (message) => {
      if (generation !== this.generation) return;
      // Any frame, the pong or an event, shows the connection is alive.
      this.clearDeadline();
      const event = eventOfFrame(message.data);
      if (event) this.options.onEvent(event);
    });
    socket.addEventListener('close', () => {
      if (generation === this.generation) this.drop(socket, generation);
    });
  }

  /** The connection is gone (closed, or silent): polling stands in until a retry succeeds. */
  private drop(socket: WebSocket, generation: number): void {
    if (this.socket !== socket) return;
    this.socket = null;
    this.stopKeepAlive();
    this.clearDeadline();
    this.options.onDown();
    this.retryLater(generation);
  }

  private retryLater(generation: number): void {
    const delay = reconnectDelay(this.attempt++);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (generation === this.generation) void this.connect(generation);
    }, delay);
  }

  private startKeepAlive(socket: WebSocket, generation: number): void {
    this.keepAliveTimer = setInterval(() => {
      socket.send(STREAM_PING);
      this.expectWithin(PONG_DEADLINE_MS, socket, generation, 'no answer to ping');
    }, KEEP_ALIVE_MS);
  }

  /** Gives the connection up unless it shows life (opens, or sends a frame) within `ms`. */
  private expectWithin(ms: number, socket: WebSocket, generation: number, reason: string): void {
    this.deadline ??= setTimeout(() => {
      this.deadline = null;
      if (generation !== this.generation) return;
      this.drop(socket, generation);
      socket.close(4000, reason);
    }, ms);
  }

  private clearDeadline(): void {
    if (this.deadline) clearTimeout(this.deadline);
    this.deadline = null;
  }

  private stopKeepAlive(): void {
    if (this.keepAliveTimer) clearInterval(this.keepAliveTimer);
    this.keepAliveTimer = null;
  }
}
