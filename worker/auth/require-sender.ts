import { createMiddleware } from 'hono/factory';
import { hashApiToken, looksLikeApiToken } from '../../shared/crypto/api-token.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../http/errors.ts';
import { AUTH_FAILURE_LIMIT, authWindow, clientNetwork, failureCount, recordFailure } from './auth-failures.ts';
import { noteSenderIp } from './sender-ips.ts';

/** The period of the per-token limit, API_LIMITER in wrangler.toml. */
const TOKEN_LIMIT_PERIOD_SECONDS = 60;

/**
 * `Authorization: Bearer <token>` → the sender; anything else is a 401 in the error envelope,
 * counted against the client's network (auth-failures.ts), which past its limit gets 429s.
 */
export const requireSender = createMiddleware<AppEnv>(async (c, next) => {
  const db = c.env.DB;
  const token = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
  if (token) {
    // Limited per presented token, before the lookup, so that guessing costs as much as using.
    const limited = await c.env.API_LIMITER?.limit({ key: hashApiToken(token) });
    if (limited && !limited.success) {
      throw new ApiError(429, 'rate_limited', 'Too many requests with this token; wait a minute and try again.', undefined, { 'retry-after': String(TOKEN_LIMIT_PERIOD_SECONDS) });
    }
  }
  const network = clientNetwork(c.req.header('cf-connecting-ip'));
  const window = authWindow(Date.now());
  const [failures, row] = await Promise.all([
    network ? failureCount(db, network, window).first<{ failures: number }>() : null,
    token && looksLikeApiToken(token)
      ? db
          .prepare(
            `SELECT a.id, a.email, a.role, a.team_id FROM api_tokens t JOIN accounts a ON a.id = t.account_id
              WHERE t.token_hash = ? AND t.revoked_at IS NULL AND a.deleted_at IS NULL`,
          )
          .bind(hashApiToken(token))
          .first<{ id: string; email: string; role: 'admin' | 'sender'; team_id: string | null }>()
      : null,
  ]);
  // Refused whatever the token, or the limiter would still answer which guess was right.
  if ((failures?.failures ?? 0) >= AUTH_FAILURE_LIMIT) {
    throw new ApiError(429, 'rate_limited', 'Too many failed sign-ins from your network; wait a few minutes and try again.', undefined, { 'retry-after': String(window.retryAfterSeconds) });
  }
  if (!row) {
    if (network) await recordFailure(db, network, window);
    throw new ApiError(401, 'unauthorized', token ? 'This API token is not valid or was revoked.' : 'Send your API token as "Authorization: Bearer <token>".');
  }
  c.set('sender', { accountId: row.id, email: row.email, role: row.role, teamId: row.team_id });
  c.executionCtx.waitUntil(
    noteSenderIp(db, row.id, c.req.header('cf-connecting-ip') ?? null).catch((err: unknown) => console.error('sender ip not noted', err)),
  );
  await next();
});
