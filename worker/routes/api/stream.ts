import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import { ApiError } from '../../http/errors.ts';
import { TICKET_SECRET_HEADER } from '../../stream/sender-stream.ts';
import { parseTicket } from '../../stream/ticket.ts';

export const stream = new Hono<AppEnv>();

const UNKNOWN_TICKET = 'This stream ticket is unknown or was already used; ask POST /api/stream-tickets for a new one.';

/**
 * `GET /api/stream?ticket=` (mounted at that path): upgrades to a WebSocket carrying each new
 * event of the sender as one JSON text frame, an entry of `GET /api/events`. The ticket is the
 * credential (a browser cannot set headers on a WebSocket), so this route sits before the
 * bearer-token check; the sender's object spends it and holds the socket.
 */
stream.get('/', async (c) => {
  const ticket = parseTicket(c.req.query('ticket') ?? '');
  if (!ticket) throw new ApiError(401, 'unauthorized', UNKNOWN_TICKET, 'ticket');
  if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
    // Checked before the ticket is spent: a plain GET must not use it up.
    throw new ApiError(426, 'upgrade_required', 'Open this URL as a WebSocket.');
  }
  let objectId: DurableObjectId;
  try {
    objectId = c.env.SENDER_STREAMS.idFromString(ticket.objectId);
  } catch {
    throw new ApiError(401, 'unauthorized', UNKNOWN_TICKET, 'ticket');
  }
  const headers = new Headers(c.req.raw.headers);
  headers.set(TICKET_SECRET_HEADER, ticket.secret);
  const answer = await c.env.SENDER_STREAMS.get(objectId).fetch(new Request(c.req.raw, { headers }));
  // Copied so that the headers every response gets can still be set on it.
  return answer.webSocket
    ? new Response(null, { status: 101, webSocket: answer.webSocket, headers: answer.headers })
    : new Response(answer.body, answer);
});
