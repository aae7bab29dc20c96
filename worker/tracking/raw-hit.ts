import type { Context } from 'hono';
import type { AppEnv } from '../env.ts';

/** What a pixel or link request tells us, captured on the hot path before any classification. */
export interface RawHit {
  /** Minted when the request arrives; makes every later write of this hit idempotent. */
  id: string;
  messageId: string;
  accountId: string;
  kind: 'open' | 'click';
  linkIndex: number | null;
  url: string | null;
  at: string;
  method: string;
  userAgent: string;
  ip: string | null;
  asn: number | null;
}

const MAX_USER_AGENT = 1024;

export function rawHitFromRequest(
  c: Context<AppEnv>,
  fields: Pick<RawHit, 'messageId' | 'accountId' | 'kind' | 'linkIndex' | 'url'>,
): RawHit {
  const cf = c.req.raw.cf as { asn?: unknown } | undefined;
  return {
    ...fields,
    id: crypto.randomUUID(),
    at: new Date().toISOString(),
    method: c.req.method,
    // Bounded: a user agent is evidence, not storage for whatever a client sends.
    userAgent: (c.req.header('user-agent') ?? '').slice(0, MAX_USER_AGENT),
    ip: c.req.header('cf-connecting-ip') ?? null,
    asn: typeof cf?.asn === 'number' ? cf.asn : null,
  };
}
