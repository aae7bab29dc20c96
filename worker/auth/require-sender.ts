import { createMiddleware } from 'hono/factory';
import { hashApiToken, looksLikeApiToken } from '../../shared/crypto/api-token.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../http/errors.ts';
import { noteSenderIp } from './sender-ips.ts';

/** `Authorization: Bearer <token>` → the sender; anything else is a 401 in the error envelope. */
export const requireSender = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new ApiError(401, 'unauthorized', 'Send your API token as "Authorization: Bearer <token>".');
  const token = match[1]!;
  // Limited per presented token, before the lookup, so that guessing costs as much as using.
  const limited = await c.env.API_LIMITER?.limit({ key: hashApiToken(token) });
  if (limited && !limited.success) throw new ApiError(429, 'rate_limited', 'Too many requests with this token; wait a minute and try again.');
  const row = looksLikeApiToken(token)
    ? await c.env.DB.prepare(
        `SELECT a.id, a.email, a.role, a.team_id FROM api_tokens t JOIN accounts a ON a.id = t.account_id
          WHERE t.token_hash = ? AND t.revoked_at IS NULL AND a.deleted_at IS NULL`,
      )
        .bind(hashApiToken(token))
        .first<{ id: string; email: string; role: 'admin' | 'sender'; team_id: string | null }>()
    : null;
  if (!row) throw new ApiError(401, 'unauthorized', 'This API token is not valid or was revoked.');
  c.set('sender', { accountId: row.id, email: row.email, role: row.role, teamId: row.team_id });
  c.executionCtx.waitUntil(
    noteSenderIp(c.env.DB, row.id, c.req.header('cf-connecting-ip') ?? null).catch((err: unknown) => console.error('sender ip not noted', err)),
  );
  await next();
});
