import { applySmartLinkAction, diffStates, type PreferenceChoice, type SmartLinkActionName, type StateChange } from '../../shared/consent/actions.ts';
import { DEFAULT_STATE, type ContactState, type Scope } from '../../shared/consent/state.ts';
import { contactKey, toScopedState } from './contacts.ts';

export interface ChangeEvidence {
  source: 'recipient_page' | 'one_click' | 'sender' | 'import' | 'undo';
  action: SmartLinkActionName | 'manual' | 'undo';
  messageId: string | null;
  accountId: string | null;
  language: string | null;
  wordingHash: string | null;
  networkHint: string | null;
  note: string | null;
}

export interface AppliedChange {
  ledgerId: string | null;
  before: ContactState;
  after: ContactState;
  changes: StateChange[];
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
      db
        .prepare(
          `INSERT INTO consent_ledger (id, contact_key, at, scope_kind, scope_id, source, action, message_id, account_id, changes, language, wording_hash, network_hint, note)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .bind(ledgerId, key, at, scope.kind, scope.id, evidence.source, evidence.action, evidence.messageId, evidence.accountId,
          JSON.stringify(changes), evidence.language, evidence.wordingHash, evidence.networkHint, evidence.note),
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
