import { Hono } from 'hono';
import { hashApiToken, mintApiToken } from '../../../shared/crypto/api-token.ts';
import * as v from 'valibot';
import { addAliasSchema, createAccountSchema } from '../../../shared/schemas/accounts.ts';
import { emailAddress } from '../../../shared/schemas/common.ts';
import type { AppEnv } from '../../env.ts';
import { ApiError } from '../../http/errors.ts';
import { validate } from '../../http/validate.ts';

export const accounts = new Hono<AppEnv>();

function bearer(header: string | undefined): string {
  return /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1] ?? '';
}

/**
 * `POST /api/tokens`: a new token for the caller, shown once; with `?revokeCurrent=true` the
 * token used for this call stops working at the same moment (rotation).
 */
accounts.post('/api/tokens', async (c) => {
  const sender = c.get('sender');
  const token = mintApiToken();
  const statements = [c.env.DB.prepare('INSERT INTO api_tokens (token_hash, account_id) VALUES (?, ?)').bind(hashApiToken(token), sender.accountId)];
  if (c.req.query('revokeCurrent') === 'true') {
    statements.push(
      c.env.DB.prepare('UPDATE api_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL').bind(new Date().toISOString(), hashApiToken(bearer(c.req.header('authorization')))),
    );
  }
  await c.env.DB.batch(statements);
  return c.json({ token }, 201);
});

/** `DELETE /api/tokens/current`: revokes the token used for this call. */
accounts.delete('/api/tokens/current', async (c) => {
  await c.env.DB.prepare('UPDATE api_tokens SET revoked_at = ? WHERE token_hash = ?').bind(new Date().toISOString(), hashApiToken(bearer(c.req.header('authorization')))).run();
  return c.body(null, 204);
});

function requireAdmin(role: string): void {
  if (role !== 'admin') throw new ApiError(403, 'forbidden', 'Only an admin can manage accounts.');
}

/** `POST /api/accounts` (admins): creates a sender (and their team when new) with a first token. */
accounts.post('/api/accounts', validate('json', createAccountSchema), async (c) => {
  requireAdmin(c.get('sender').role);
  const input = c.req.valid('json');
  const db = c.env.DB;
  if (await db.prepare('SELECT 1 FROM accounts WHERE email = ?').bind(input.email).first()) {
    throw new ApiError(409, 'exists', 'An account with this address exists already.', 'email');
  }
  const id = crypto.randomUUID();
  const token = mintApiToken();
  const teamId = input.team ? `team-${crypto.randomUUID()}` : null;
  await db.batch([
    ...(input.team ? [db.prepare('INSERT INTO teams (id, name) VALUES (?, ?) ON CONFLICT (name) DO NOTHING').bind(teamId, input.team)] : []),
    db
      .prepare('INSERT INTO accounts (id, email, role, team_id) VALUES (?, ?, ?, (SELECT id FROM teams WHERE name = ?))')
      .bind(id, input.email, input.role, input.team ?? null),
    db.prepare('INSERT INTO api_tokens (token_hash, account_id) VALUES (?, ?)').bind(hashApiToken(token), id),
  ]);
  return c.json({ id, email: input.email, role: input.role, team: input.team ?? null, token }, 201);
});

/** `GET /api/accounts` (admins): the senders, without any secret. */
accounts.get('/api/accounts', async (c) => {
  requireAdmin(c.get('sender').role);
  const rows = await c.env.DB.prepare(
    'SELECT a.id, a.email, a.role, t.name AS team, a.created_at FROM accounts a LEFT JOIN teams t ON t.id = a.team_id WHERE a.deleted_at IS NULL ORDER BY a.email',
  ).all();
  return c.json({ accounts: rows.results });
});

/**
 * `DELETE /api/accounts/<id>` (admins): the sender can no longer sign in; every token is revoked.
 * Links already sent keep redirecting (their keys are kept).
 */
accounts.delete('/api/accounts/:id', async (c) => {
  const sender = c.get('sender');
  requireAdmin(sender.role);
  const id = c.req.param('id');
  if (id === sender.accountId) throw new ApiError(400, 'invalid_request', 'An admin cannot delete their own account.', 'id');
  const now = new Date().toISOString();
  const [deleted] = await c.env.DB.batch([
    c.env.DB.prepare('UPDATE accounts SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL').bind(now, id),
    c.env.DB.prepare('UPDATE api_tokens SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL').bind(now, id),
  ]);
  if (!deleted?.meta.changes) throw new ApiError(404, 'not_found', 'No such account.', 'id');
  return c.body(null, 204);
});

/**
 * `POST /api/accounts/<id>/aliases` (admins): an address this sender may be named by on recipient
 * pages (a shared mailbox, another domain), besides the account's own. Only an admin vouches.
 */
accounts.post('/api/accounts/:id/aliases', validate('json', addAliasSchema), async (c) => {
  requireAdmin(c.get('sender').role);
  const id = c.req.param('id');
  const { email } = c.req.valid('json');
  const db = c.env.DB;
  if (!(await db.prepare('SELECT 1 FROM accounts WHERE id = ? AND deleted_at IS NULL').bind(id).first())) throw new ApiError(404, 'not_found', 'No such account.', 'id');
  const owner = await db
    .prepare('SELECT id FROM accounts WHERE email = ?1 UNION ALL SELECT account_id FROM account_aliases WHERE email = ?1')
    .bind(email)
    .first<{ id: string }>();
  if (owner && owner.id !== id) throw new ApiError(409, 'exists', 'This address belongs to another sender already.', 'email');
  await db.prepare('INSERT INTO account_aliases (email, account_id) VALUES (?, ?) ON CONFLICT (email) DO NOTHING').bind(email, id).run();
  return c.json({ id, email }, 201);
});

/** `DELETE /api/accounts/<id>/aliases/<email>` (admins). */
accounts.delete('/api/accounts/:id/aliases/:email', async (c) => {
  requireAdmin(c.get('sender').role);
  const parsed = v.safeParse(emailAddress, decodeURIComponent(c.req.param('email')));
  if (!parsed.success) throw new ApiError(400, 'invalid_request', 'Not a valid email address.', 'email');
  const deleted = await c.env.DB.prepare('DELETE FROM account_aliases WHERE account_id = ? AND email = ?').bind(c.req.param('id'), parsed.output).run();
  if (!deleted.meta.changes) throw new ApiError(404, 'not_found', 'No such alias for this account.', 'email');
  return c.body(null, 204);
});
