import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { applySmartLinkAction, diffStates, type PreferenceChoice, type SmartLinkActionName, type StateChange } from '../../shared/consent/actions.ts';
import { DEFAULT_STATE, type ContactState, type Scope } from '../../shared/consent/state.ts';
import type { EvidenceKind, LedgerSource, LedgerStatus, SenderSignal } from '../../shared/consent/values.ts';
import { utf8 } from '../../shared/crypto/base64url.ts';
import { noteLedgerRow } from '../stream/consent-changes.ts';
import { contactKey, toScopedState } from './contacts.ts';

/** Where the request came from: kept on every ledger row a request causes. */
export interface RequestOrigin {
  /** The request's network, cut as a hit's IP is (/24 or /48). */
  network: string | null;
  country: string | null;
  /** "CC AS<n>", as the first ledger rows had it. */
  networkHint: string | null;
  senderSignal: SenderSignal | null;
}

export const NO_ORIGIN: RequestOrigin = { network: null, country: null, networkHint: null, senderSignal: null };

/** Everything a ledger row says about who made a change, how they were identified, and what they saw. */
export interface ChangeEvidence extends RequestOrigin {
  source: LedgerSource;
  /** A Smart Link action, `undo`, `optBackIn` (a confirmation email's way back in), `manual` or `lawfulBasis` (a sender's). */
  action: SmartLinkActionName | 'undo' | 'optBackIn' | 'manual' | 'lawfulBasis';
  identifiedBy: EvidenceKind;
  messageId: string | null;
  accountId: string | null;
  /** The words the person saw, in their language: the row keeps the hash, consent_wordings the text. */
  wording: { language: string; text: string } | null;
  note: string | null;
  /** The pending row this one completes (a mailbox confirmation). */
  confirms?: string | null;
}

export interface AppliedChange {
  ledgerId: string | null;
  before: ContactState;
  after: ContactState;
  changes: StateChange[];
}

export function wordingHash(text: string): string {
  return bytesToHex(sha256(utf8(text)));
}

export async function stateAtScope(db: D1Database, key: string, scope: Scope): Promise<ContactState> {
  const row = await db
    .prepare('SELECT * FROM contact_preferences WHERE contact_key = ? AND scope_kind = ? AND scope_id = ?')
    .bind(key, scope.kind, scope.id)
    .first<Parameters<typeof toScopedState>[0]>();
  if (!row) return { ...DEFAULT_STATE };
  const { doNotContact, consent, tracking } = toScopedState(row);
  return { doNotContact, consent, tracking };
}

/**
 * The statements appending one ledger row (append-only: triggers refuse UPDATE and DELETE) and
 * the wording its hash stands for.
 */
export function ledgerStatements(
  db: D1Database,
  row: { id: string; key: string; at: string; scope: Scope; changes: readonly StateChange[] | readonly { field: string; from: string | null; to: string | null }[]; status: LedgerStatus },
  evidence: ChangeEvidence,
): D1PreparedStatement[] {
  const hash = evidence.wording ? wordingHash(evidence.wording.text) : null;
  // Every consent change is pushed to its sender's stream once the request is done.
  noteLedgerRow(row.id);
  return [
    db
      .prepare(
        `INSERT INTO consent_ledger (id, contact_key, at, scope_kind, scope_id, source, action, message_id, account_id, changes, language, wording_hash,
           network_hint, note, identified_by, network, country, sender_signal, status, confirms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(row.id, row.key, row.at, row.scope.kind, row.scope.id, evidence.source, evidence.action, evidence.messageId, evidence.accountId,
        JSON.stringify(row.changes), evidence.wording?.language ?? null, hash, evidence.networkHint, evidence.note, evidence.identifiedBy,
        evidence.network, evidence.country, evidence.senderSignal, row.status, evidence.confirms ?? null),
    ...(evidence.wording && hash
      ? [db.prepare('INSERT INTO consent_wordings (hash, language, wording, first_seen_at) VALUES (?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING')
          .bind(hash, evidence.wording.language, evidence.wording.text, row.at)]
      : []),
  ];
}

export interface PlannedChange extends AppliedChange {
  statements: D1PreparedStatement[];
}

/**
 * The statements that set a contact's state at one scope and append its ledger row. Run them in
 * one D1 batch (a transaction): a change is never stored without its evidence, nor the reverse.
 * No change, no statements and no ledger row.
 */
export async function planStateChange(db: D1Database, email: string, scope: Scope, after: ContactState, evidence: ChangeEvidence): Promise<PlannedChange> {
  const key = contactKey(email);
  const before = await stateAtScope(db, key, scope);
  const changes = diffStates(before, after);
  if (changes.length === 0) return { ledgerId: null, before, after: before, changes, statements: [] };
  const ledgerId = crypto.randomUUID();
  const at = new Date().toISOString();
  return {
    ledgerId,
    before,
    after,
    changes,
    statements: [
      db.prepare('INSERT INTO contact_addresses (contact_key, email) VALUES (?, ?) ON CONFLICT (contact_key) DO NOTHING').bind(key, email.trim().toLowerCase()),
      db
        .prepare(
          `INSERT INTO contact_preferences (contact_key, scope_kind, scope_id, do_not_contact, consent, tracking, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (contact_key, scope_kind, scope_id) DO UPDATE SET do_not_contact = excluded.do_not_contact,
             consent = excluded.consent, tracking = excluded.tracking, updated_at = excluded.updated_at`,
        )
        .bind(key, scope.kind, scope.id, after.doNotContact, after.consent, after.tracking, at),
      ...ledgerStatements(db, { id: ledgerId, key, at, scope, changes, status: 'applied' }, evidence),
    ],
  };
}

export async function recordState(db: D1Database, email: string, scope: Scope, after: ContactState, evidence: ChangeEvidence): Promise<AppliedChange> {
  const { statements, ...applied } = await planStateChange(db, email, scope, after, evidence);
  if (statements.length > 0) await db.batch(statements);
  return applied;
}

export async function applyAction(
  db: D1Database,
  email: string,
  scope: Scope,
  action: SmartLinkActionName,
  options: { massMail?: boolean; choice?: PreferenceChoice },
  evidence: ChangeEvidence,
): Promise<AppliedChange> {
  const before = await stateAtScope(db, contactKey(email), scope);
  return recordState(db, email, scope, applySmartLinkAction(before, action, options), evidence);
}
