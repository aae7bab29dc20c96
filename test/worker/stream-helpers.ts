import { exports } from 'cloudflare:workers';
import { expect } from 'vitest';
import type { TrackingEvent } from '../../shared/schemas/events.ts';
import type { StreamTicket } from '../../shared/schemas/stream.ts';
import { BASE, call, eventually } from './helpers.ts';

/** A connected stream and every frame it has received so far. */
export interface OpenStream {
  frames: TrackingEvent[];
  socket: WebSocket;
}

export async function ticketFor(token: string): Promise<StreamTicket> {
  const res = await call('/api/stream-tickets', { method: 'POST', token });
  expect(res.status).toBe(201);
  return (await res.json()) as StreamTicket;
}

/** Opens a stream the way a browser does: a GET with `Upgrade: websocket` on the ticket's URL. */
export function upgrade(url: string): Promise<Response> {
  const path = new URL(url);
  return exports.default.fetch(new Request(`${BASE}${path.pathname}${path.search}`, { headers: { upgrade: 'websocket' } }));
}

export async function openStream(token: string): Promise<OpenStream> {
  const res = await upgrade((await ticketFor(token)).url);
  expect(res.status).toBe(101);
  const socket = res.webSocket!;
  const stream: OpenStream = { frames: [], socket };
  socket.accept();
  socket.addEventListener('message', (message) => {
    stream.frames.push(JSON.parse(message.data as string) as TrackingEvent);
  });
  return stream;
}

export function framesOf(stream: OpenStream, messageId: string): Promise<TrackingEvent[]> {
  return eventually(async () => stream.frames.filter((frame) => frame.messageId === messageId).length > 0 && stream.frames, `a frame about ${messageId}`);
}
