import { Hono } from 'hono';
import type { StreamTicket } from '../../../shared/schemas/stream.ts';
import type { AppEnv } from '../../env.ts';
import { publicUrl } from '../../http/public-url.ts';
import { formatTicket } from '../../stream/ticket.ts';

export const streamTickets = new Hono<AppEnv>();

/**
 * `POST /api/stream-tickets` (mounted at that path): a single-use ticket to open the sender's
 * event stream, valid 60 s. It takes no body.
 */
streamTickets.post('/', async (c) => {
  const objectId = c.env.SENDER_STREAMS.idFromName(c.get('sender').accountId);
  const { secret, expiresAt } = await c.env.SENDER_STREAMS.get(objectId).issueTicket();
  const url = new URL('/api/stream', publicUrl(c).replace(/^http/, 'ws'));
  url.searchParams.set('ticket', formatTicket(objectId.toString(), secret));
  return c.json({ url: url.toString(), expiresAt } satisfies StreamTicket, 201);
});
