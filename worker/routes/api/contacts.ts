import { Hono } from 'hono';
import * as v from 'valibot';
import { emailAddress } from '../../../shared/schemas/common.ts';
import { contactsStatusSchema, type ContactStatus } from '../../../shared/schemas/contacts.ts';
import { contactKey, statesFor } from '../../consent/contacts.ts';
import { requireAdmin, visibility } from '../../consent/sender-access.ts';
import type { AppEnv } from '../../env.ts';
import { ApiError } from '../../http/errors.ts';
import { validate } from '../../http/validate.ts';

/** `/api/contacts`: one contact's state, evidence and erasure (mounted in worker/app.ts). */
export const contacts = new Hono<AppEnv>();

function emailParam(raw: string): string {
  const parsed = v.safeParse(emailAddress, decodeURIComponent(raw));
  if (!parsed.success) throw new ApiError(400, 'invalid_request', 'Not a valid email address.', 'email');
  return parsed.output;
}

/** `POST /api/contacts/status`: what applies to each address when this sender writes to it. */
contacts.post('/status', validate('json', contactsStatusSchema), async (c) => {
  const { emails } = c.req.valid('json');
  const sender = c.get('sender');
  const states = await statesFor(c.env.DB, [...new Set(emails)], sender);
  const list: ContactStatus[] = states.map(({ email, doNotContact, consent, tracking, scope, lawfulBasis, reason }) => ({ email, doNotContact, consent, tracking, scope, lawfulBasis, reason }));
  return c.json({ contacts: list });
});

/** `GET /api/contacts/<email>/ledger`: every recorded change for a contact, as evidence. */
contacts.get('/:email/ledger', async (c) => {
  const email = emailParam(c.req.param('email'));
  const { sql, params } = visibility(c.get('sender'));
  const rows = await c.env.DB.prepare(
    `SELECT id, at, scope_kind, scope_id, source, action, message_id, changes, language, wording_hash, network_hint, note,
            identified_by, network, country, sender_signal, status, confirms
       FROM consent_ledger p WHERE contact_key = ? AND ${sql} ORDER BY at`,
  )
    .bind(contactKey(email), ...params)
    .all<Record<string, string | null>>();
  return c.json({
    email,
    entries: rows.results.map((row) => ({ ...row, changes: JSON.parse(row.changes ?? '[]') as unknown })),
  });
});

/**
 * `DELETE /api/contacts/<email>` (admins): erasure (GDPR art. 17). The address is removed from
 * the contact table and from every stored message's recipients; what remains is its SHA-256 in
 * the suppression list and the ledger's evidence, so the opt-out is still honoured.
 */
contacts.delete('/:email', async (c) => {
  requireAdmin(c.get('sender'), 'erase a contact');
  const email = emailParam(c.req.param('email'));
  const key = contactKey(email);
  const db = c.env.DB;
  const replacement = `erased:${key.slice(0, 16)}`;
  // recipients is JSON of plain addresses; a quoted exact match cannot hit another address.
  const quoted = JSON.stringify(email);
  await db.batch([
    db.prepare('DELETE FROM contact_addresses WHERE contact_key = ?').bind(key),
    db.prepare('UPDATE messages SET recipients = replace(recipients, ?, ?) WHERE instr(recipients, ?) > 0').bind(quoted, JSON.stringify(replacement), quoted),
  ]);
  return c.body(null, 204);
});
