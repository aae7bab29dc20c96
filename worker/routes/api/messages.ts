import { Hono } from 'hono';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { utf8 } from '../../../shared/crypto/base64url.ts';
import { smartLinkUrls } from '../../../shared/consent/smart-link-url.ts';
import { registerMessageSchema, type RegisterMessage, type RegisteredMessage } from '../../../shared/schemas/message.ts';
import { trackedLinkUrl } from '../../../shared/tracking/tracked-link.ts';
import { pixelUrl } from '../../../shared/tracking/urls.ts';
import { messageVerdict } from '../../../shared/tracking/verdict.ts';
import { MESSAGE_ID_PATTERN } from '../../../shared/tracking/message-id.ts';
import type { HitClass } from '../../../shared/tracking/classify.ts';
import type { AppEnv } from '../../env.ts';
import { ApiError } from '../../http/errors.ts';
import { publicUrl } from '../../http/public-url.ts';
import { validate } from '../../http/validate.ts';
import { currentLinkKey } from '../../tracking/link-keys.ts';
import { resolveMessage } from '../../tracking/resolve-message.ts';
import { eventSinkFor } from '../../tracking/sink.ts';
import { UNDO_WINDOW_MS } from '../../../shared/tracking/undo-window.ts';
import { MESSAGE_HITS_SQL } from './event-rows.ts';

export const messages = new Hono<AppEnv>();

function contentHash(message: RegisterMessage): string {
  return bytesToHex(sha256(utf8(JSON.stringify(message))));
}

const NO_RECIPIENTS = JSON.stringify({ to: [], cc: [], bcc: [] });

function recipientsJson(message: RegisterMessage): string {
  return JSON.stringify({ to: message.to, cc: message.cc ?? [], bcc: message.bcc ?? [] });
}

/**
 * A registration that only fills in recipients: the extension registers a message whose
 * addresses it could not read at Send with none (so its pixel is never unregistered) and sends the
 * same registration again once the compose shows them. That is the one change a sent message
 * accepts whenever it comes: everything else must be what was registered, and the stored
 * recipients must still be empty.
 */
function fillsInRecipients(stored: { content_hash: string; recipients: string }, message: RegisterMessage): boolean {
  return stored.recipients === NO_RECIPIENTS && recipientsJson(message) !== NO_RECIPIENTS &&
    contentHash({ ...message, to: [], cc: [], bcc: [] }) === stored.content_hash;
}

/**
 * A registered message may change until it was sent (its scheduled time, or the Worker's receipt
 * of the registration if later, plus the Undo Send window) and only while nobody but the sender
 * has reached it: no hit other than the sender's own, no Smart Link choice.
 */
function editable(stored: { sent_at: string; registered_at: string; reached: number }, now: number): boolean {
  const sentAt = Math.max(Date.parse(stored.sent_at), Date.parse(stored.registered_at.endsWith('Z') ? stored.registered_at : `${stored.registered_at}Z`));
  return stored.reached === 0 && now <= sentAt + UNDO_WINDOW_MS;
}

/**
 * `POST /api/messages`: the extension registers a message after send, retrying until it lands,
 * so the same registration may arrive more than once: 201 the first time, 200 after.
 */
messages.post('/api/messages', validate('json', registerMessageSchema), async (c) => {
  const sender = c.get('sender');
  const message = c.req.valid('json');
  const db = c.env.DB;

  const owner = await resolveMessage(db, message.id);
  if (owner && owner.accountId !== sender.accountId) {
    throw new ApiError(409, 'id_taken', 'This message id belongs to another sender.', 'id');
  }
  const hash = contentHash(message);
  const existing = await db
    .prepare(
      `SELECT content_hash, recipients, sent_at, registered_at,
              EXISTS (SELECT 1 FROM hits WHERE message_id = ?1 AND hit_class != 'self')
                OR EXISTS (SELECT 1 FROM consent_ledger WHERE message_id = ?1) AS reached
         FROM messages WHERE id = ?1`,
    )
    .bind(message.id)
    .first<{ content_hash: string; recipients: string; sent_at: string; registered_at: string; reached: number }>();

  if (existing && existing.content_hash !== hash && fillsInRecipients(existing, message)) {
    await db.prepare('UPDATE messages SET recipients = ?, content_hash = ? WHERE id = ?').bind(recipientsJson(message), hash, message.id).run();
  } else if (existing && existing.content_hash !== hash && !editable(existing, Date.now())) {
    throw new ApiError(409, 'message_sent', 'This message went out already: its content and recipients can no longer change. Send it again under a new id.', 'id');
  } else if (existing?.content_hash !== hash) {
    const recipients = recipientsJson(message);
    // Undo-then-send (or a rescheduled send) re-registers the same id with edited content, while editable().
    await db.batch([
      db
        .prepare(
          `INSERT INTO messages (id, account_id, from_address, subject, subject_folded, recipients, mass_mail, tracked, sent_at, content_hash)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET from_address = excluded.from_address, subject = excluded.subject,
             subject_folded = excluded.subject_folded, recipients = excluded.recipients, mass_mail = excluded.mass_mail,
             tracked = excluded.tracked, sent_at = excluded.sent_at, content_hash = excluded.content_hash`,
        )
        // sent_at in one UTC form, as the message list sorts and pages on it as a string; the
        // subject folded here, where all of Unicode folds, for its case-insensitive search.
        .bind(message.id, sender.accountId, message.from, message.subject, message.subject.toLowerCase(), recipients,
          message.massMail ? 1 : 0, message.tracked ? 1 : 0, new Date(message.sentAt).toISOString(), hash),
      db.prepare('DELETE FROM message_links WHERE message_id = ?').bind(message.id),
      ...message.links.map((link) =>
        db.prepare('INSERT INTO message_links (message_id, link_index, url) VALUES (?, ?, ?)').bind(message.id, link.index, link.url),
      ),
    ]);
  }

  const base = publicUrl(c);
  const key = owner?.key ?? (await currentLinkKey(db, sender.accountId));
  const body: RegisteredMessage = {
    id: message.id,
    pixelUrl: pixelUrl(base, message.id),
    links: message.links.map((link) => ({ ...link, trackedUrl: trackedLinkUrl(base, key, message.id, link.index, link.url) })),
    smartLinks: smartLinkUrls(base, key, message.id),
  };
  return c.json(body, existing ? 200 : 201);
});

/** `GET /api/messages/<id>`: the message with its raw hit count and its verdict (shared/tracking/verdict.ts). */
messages.get('/api/messages/:id', async (c) => {
  const sender = c.get('sender');
  const id = c.req.param('id');
  const row = await c.env.DB.prepare(
    `SELECT id, from_address, subject, recipients, mass_mail, tracked, sent_at, registered_at
       FROM messages WHERE id = ? AND account_id = ?`,
  )
    .bind(id, sender.accountId)
    .first<{ id: string; from_address: string; subject: string; recipients: string; mass_mail: number; tracked: number; sent_at: string; registered_at: string }>();
  if (!row) throw new ApiError(404, 'not_found', 'No message with this id for your account.', 'id');
  const hits = await c.env.DB.prepare(MESSAGE_HITS_SQL)
    .bind(id, sender.accountId)
    .all<{ kind: 'open' | 'click'; hit_class: HitClass; at: string; link_index: number | null }>();
  const { opens, clicks, ...verdict } = messageVerdict(hits.results.map((h) => ({ kind: h.kind, hitClass: h.hit_class, at: h.at, linkIndex: h.link_index })));
  const recipients = JSON.parse(row.recipients) as { to: string[]; cc: string[]; bcc: string[] };
  return c.json({
    id: row.id,
    from: row.from_address,
    subject: row.subject,
    ...recipients,
    massMail: row.mass_mail === 1,
    tracked: row.tracked === 1,
    sentAt: row.sent_at,
    registeredAt: row.registered_at,
    stats: { hits: hits.results.length, opens, clicks },
    reliableOpens: verdict.reliableOpens,
    machineOpens: verdict.machineOpens,
    status: verdict.status,
    statusBy: verdict.statusBy,
  });
});

/**
 * `POST /api/messages/<id>/viewing`: the sender's extension is showing this message now (Sent
 * folder, a quoted reply, the compose at send); the hit it causes is the sender's own
 * (EventSink.senderViewing).
 */
messages.post('/api/messages/:id/viewing', async (c) => {
  const sender = c.get('sender');
  const id = c.req.param('id');
  if (!MESSAGE_ID_PATTERN.test(id)) throw new ApiError(400, 'invalid_request', 'Not a message id.', 'id');
  const owner = await resolveMessage(c.env.DB, id);
  if (!owner || owner.accountId !== sender.accountId) throw new ApiError(404, 'not_found', 'No message with this id for your account.', 'id');
  await eventSinkFor(c.env).senderViewing({ messageId: id, accountId: sender.accountId, at: Date.now() });
  return c.body(null, 204);
});
