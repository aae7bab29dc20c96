import type { SenderStream } from './stream/sender-stream.ts';
import type { QueuedHits } from './tracking/queue-sink.ts';

/** The Worker's bindings (wrangler.toml). */
export interface Bindings {
  DB: D1Database;
  /** Hits on their way to D1 (wrangler.toml); optional so a deployment without Queues still works. */
  HIT_QUEUE?: Queue<QueuedHits>;
  /** Public origin of this Worker for the URLs it hands out; empty = the request's origin. */
  PUBLIC_URL: string;
  /** Per API token (wrangler.toml). Optional: a deployment without the binding is not limited. */
  API_LIMITER?: RateLimit;
  /** Optional HTTP mail API for opt-out confirmations (README); all three set = on. */
  MAIL_API_URL?: string;
  MAIL_FROM?: string;
  /** A secret: `wrangler secret put MAIL_API_TOKEN`. */
  MAIL_API_TOKEN?: string;
  /** Per Smart Link, on form submissions. */
  FORM_LIMITER?: RateLimit;
  /** One object per sender holding their open event streams (wrangler.toml). */
  SENDER_STREAMS: DurableObjectNamespace<SenderStream>;
}

export interface Sender {
  accountId: string;
  email: string;
  role: 'admin' | 'sender';
  /** The sender's team, for opt-outs scoped to a team. */
  teamId: string | null;
}

export type AppEnv = { Bindings: Bindings; Variables: { sender: Sender } };
