import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { withChanges, type StateChange } from '../../shared/consent/actions.ts';
import type { Scope } from '../../shared/consent/state.ts';
import type { EvidenceKind, LedgerSource } from '../../shared/consent/values.ts';
import { randomBase64url, utf8 } from '../../shared/crypto/base64url.ts';
import { trimSlash } from '../../shared/tracking/urls.ts';
import { contactKey } from './contacts.ts';
import { ledgerStatements, NO_ORIGIN, planStateChange, stateAtScope, type AppliedChange, type ChangeEvidence, type RequestOrigin } from './ledger.ts';

/** A mailed confirmation link works for a week, once. */
export const REQUEST_LIFETIME_MS = 7 * 86_400_000;

export function confirmationUrl(workerUrl: string, token: string): string {
  return `${trimSlash(workerUrl)}/s/confirm/${token}`;
}

function tokenHash(token: string): string {
  return bytesToHex(sha256(utf8(token)));
}

/** A change waiting for the address's mailbox, as stored until its link is used or expires. */
export interface ConsentRequest {
  ledgerId: string;
  email: string;
  scope: Scope;
  changes: StateChange[];
  action: ChangeEvidence['action'];
  messageId: string | null;
  accountId: string | null;
  language: string;
}

interface RequestRow {
  ledger_id: string; email: string; scope_kind: Scope['kind']; scope_id: string; changes: string; action: ChangeEvidence['action'];
  message_id: string | null; account_id: string | null; language: string;
}

function fromRow(row: RequestRow): ConsentRequest {
  return {
    ledgerId: row.ledger_id, email: row.email, scope: { kind: row.scope_kind, id: row.scope_id }, changes: JSON.parse(row.changes) as StateChange[],
    action: row.action, messageId: row.message_id, accountId: row.account_id, language: row.language,
  };
}

/**
 * A permissive change nobody could vouch for yet: its ledger row says `pending` (the sender sees
 * "Consent requested, not confirmed") and changes nothing; the token of its single-use link is
 * returned once and stored hashed. With `reverses` (the way back in that an opt-out
 * confirmation offers) no request was made yet: only the link is made, naming the opt-out's row.
 */
export async function requestConfirmation(
  db: D1Database,
  email: string,
  scope: Scope,
  changes: readonly StateChange[],
  evidence: ChangeEvidence,
  options: { language: string; reverses?: string },
): Promise<{ token: string; ledgerId: string }> {
  const token = randomBase64url(32);
  const ledgerId = options.reverses ?? crypto.randomUUID();
  const key = contactKey(email);
  const now = Date.now();
  const at = new Date(now).toISOString();
  await db.batch([
    ...(options.reverses === undefined ? ledgerStatements(db, { id: ledgerId, key, at, scope, changes, status: 'pending' }, evidence) : []),
    db
      .prepare(
        `INSERT INTO consent_requests (token_hash, ledger_id, email, contact_key, scope_kind, scope_id, changes, action, message_id, account_id, language, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(tokenHash(token), ledgerId, email, key, scope.kind, scope.id, JSON.stringify(changes), evidence.action, evidence.messageId, evidence.accountId,
        options.language, at, new Date(now + REQUEST_LIFETIME_MS).toISOString()),
  ]);
  return { token, ledgerId };
}

/** The request behind a link, if it is still valid; reading it changes nothing. */
export async function findConsentRequest(db: D1Database, token: string): Promise<ConsentRequest | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const row = await db
    .prepare('SELECT * FROM consent_requests WHERE token_hash = ? AND expires_at > ?')
    .bind(tokenHash(token), new Date().toISOString())
    .first<RequestRow>();
  return row ? fromRow(row) : null;
}

/**
 * Uses a link: the request is deleted as it is read (single use, and the address it kept goes
 * with it), then its changes are set on the state at its scope as it is now, with a ledger row
 * `mailbox_confirmed` that names the pending row it completes.
 */
export async function confirmConsentRequest(db: D1Database, token: string, origin: RequestOrigin, wording: ChangeEvidence['wording']): Promise<(AppliedChange & { request: ConsentRequest }) | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const row = await db
    .prepare('DELETE FROM consent_requests WHERE token_hash = ? AND expires_at > ? RETURNING *')
    .bind(tokenHash(token), new Date().toISOString())
    .first<RequestRow>();
  if (!row) return null;
  const request = fromRow(row);
  const current = await stateAtScope(db, contactKey(request.email), request.scope);
  const planned = await planStateChange(db, request.email, request.scope, withChanges(current, request.changes), {
    ...origin,
    source: 'recipient_page',
    action: request.action,
    identifiedBy: 'mailbox_confirmed',
    messageId: request.messageId,
    accountId: request.accountId,
    wording,
    note: null,
    confirms: request.ledgerId,
  });
  const { statements, ...applied } = planned;
  if (statements.length > 0) await db.batch(statements);
  return { ...applied, request };
}

/** Requests expired by one cron run at most; the rest wait for the next run (every 15 minutes). */
const EXPIRED_PER_RUN = 500;

interface ExpiredRow extends RequestRow {
  token_hash: string;
  contact_key: string;
  expires_at: string;
  /** The pending ledger row's channel and evidence kind; null for an opt-out's way back in, which requested nothing. */
  source: LedgerSource | null;
  identified_by: EvidenceKind | null;
}

/**
 * Expired links (the cron): each goes with the address it kept, and a request that left a
 * pending ledger row gets an `expired` row naming it, at its expiry time, so the ledger and the
 * sender see that nothing came of it. One batch: no request is deleted without its row.
 */
export async function expireConsentRequests(db: D1Database, now: Date): Promise<D1PreparedStatement[]> {
  const due = await db
    .prepare(
      `SELECT r.*, l.source, l.identified_by FROM consent_requests r LEFT JOIN consent_ledger l ON l.id = r.ledger_id AND l.status = 'pending'
        WHERE r.expires_at < ? ORDER BY r.expires_at LIMIT ${EXPIRED_PER_RUN}`,
    )
    .bind(now.toISOString())
    .all<ExpiredRow>();
  if (due.results.length === 0) return [];
  return [
    ...due.results.flatMap((row) => {
      if (!row.source || !row.identified_by) return [];
      const request = fromRow(row);
      return ledgerStatements(db, { id: crypto.randomUUID(), key: row.contact_key, at: row.expires_at, scope: request.scope, changes: request.changes, status: 'expired' }, {
        ...NO_ORIGIN, source: row.source, action: request.action, identifiedBy: row.identified_by, messageId: request.messageId, accountId: request.accountId,
        wording: null, note: null, confirms: request.ledgerId,
      });
    }),
    db.prepare('DELETE FROM consent_requests WHERE token_hash IN (SELECT value FROM json_each(?))').bind(JSON.stringify(due.results.map((row) => row.token_hash))),
  ];
}
