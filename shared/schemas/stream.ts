/** `POST /api/stream-tickets` → 201 (docs/contract.md). */
export interface StreamTicket {
  /** `ws(s)://…/api/stream?ticket=…`, good for one connection. */
  url: string;
  expiresAt: string;
}

/** How long a stream ticket can be used, once. */
export const STREAM_TICKET_TTL_MS = 60_000;

/**
 * The keep-alive the extension sends and the Worker answers without waking anything. Chrome keeps
 * an extension's service worker alive while a WebSocket carries traffic at least every 30 s.
 */
export const STREAM_PING = 'ping';
export const STREAM_PONG = 'pong';
