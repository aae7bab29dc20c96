import { DurableObject } from 'cloudflare:workers';
import type { TrackingEvent } from '../../shared/schemas/events.ts';
import { STREAM_PING, STREAM_PONG, STREAM_TICKET_TTL_MS } from '../../shared/schemas/stream.ts';
import { errorBody } from '../http/errors.ts';
import { hashTicketSecret, mintTicketSecret } from './ticket.ts';

const TICKET_PREFIX = 'ticket:';
/** The header the Worker passes a ticket's secret in when it forwards an upgrade here. */
export const TICKET_SECRET_HEADER = 'x-stream-ticket-secret';

function refused(message: string): Response {
  return Response.json(errorBody('unauthorized', message), { status: 401 });
}

/**
 * One object per sender holds that sender's open streams (the extension in each of their browsers).
 * Per sender, not per organisation: events belong to one sender (as in `GET /api/events`), so a
 * push goes to every socket of the object without filtering, and a busy organisation spreads over
 * as many objects (and machines) as it has senders instead of queueing behind one single-threaded
 * object (docs/scaling.md).
 *
 * Sockets are accepted with the hibernation API: between events the object leaves memory while
 * the sockets stay open, and the keep-alive pings are answered by the runtime itself
 * (`setWebSocketAutoResponse`) without waking it, so an idle connection bills no duration.
 */
export class SenderStream extends DurableObject {
  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(STREAM_PING, STREAM_PONG));
  }

  /**
   * A single-use ticket for opening a stream: browsers cannot put a bearer token on a WebSocket,
   * so the token buys a ticket over HTTPS and the ticket goes in the URL. Only its hash is kept.
   */
  issueTicket(now = Date.now()): { secret: string; expiresAt: string } {
    const kv = this.ctx.storage.kv;
    // Unused tickets are swept here rather than by an alarm: a sender mints a handful a day.
    for (const [key, until] of kv.list<number>({ prefix: TICKET_PREFIX })) if (until <= now) kv.delete(key);
    const secret = mintTicketSecret();
    const expiresAt = now + STREAM_TICKET_TTL_MS;
    kv.put(TICKET_PREFIX + hashTicketSecret(secret), expiresAt);
    return { secret, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** `GET /api/stream?ticket=`, forwarded by the Worker: spends the ticket, then upgrades. */
  override fetch(request: Request): Response {
    const key = TICKET_PREFIX + hashTicketSecret(request.headers.get(TICKET_SECRET_HEADER) ?? '');
    // Synchronous storage: nothing can run between reading the ticket and deleting it, so a
    // ticket opens one stream however many requests race with it.
    const expiresAt = this.ctx.storage.kv.get<number>(key);
    if (expiresAt === undefined) return refused('This stream ticket is unknown or was already used; ask POST /api/stream-tickets for a new one.');
    this.ctx.storage.kv.delete(key);
    if (expiresAt <= Date.now()) return refused('This stream ticket has expired; ask POST /api/stream-tickets for a new one.');
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }

  /** How many streams of the sender are open. */
  listeners(): number {
    return this.ctx.getWebSockets().length;
  }

  /** Sends each event as one text frame to every open stream of the sender; returns how many streams. */
  publish(events: TrackingEvent[]): number {
    const sockets = this.ctx.getWebSockets();
    if (sockets.length === 0) return 0;
    const frames = events.map((event) => JSON.stringify(event));
    for (const socket of sockets) {
      try {
        for (const frame of frames) socket.send(frame);
      } catch {
        // A socket closing under us: its extension catches up through /api/events on reconnect.
      }
    }
    return sockets.length;
  }

  /** Anything a client sends besides the auto-answered ping carries nothing for us. */
  override webSocketMessage(): void {}

  override webSocketClose(socket: WebSocket, code: number, reason: string): void {
    try {
      // Completes the closing handshake (the runtime does it itself under newer compatibility dates).
      socket.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // already closed
    }
  }
}
