import type { Scope } from '../../shared/consent/state.ts';
import type { LawfulBasis } from '../../shared/consent/values.ts';
import type { Sender } from '../env.ts';
import { ApiError } from '../http/errors.ts';
import { contactKey } from './contacts.ts';
import { ledgerStatements, NO_ORIGIN, type ChangeEvidence } from './ledger.ts';

/**
 * Who may record a lawful basis, and with what: recording one lets mail through where the
 * organisation requires a basis, so, like an opt-in, it needs a note of where it comes from
 * (the contract, the legal duty...) and only an admin may record it organisation-wide. Removing
 * one only restricts: no note needed.
 */
export function checkLawfulBasisChange(sender: Sender, scope: Scope, basis: LawfulBasis | null, note: string | null): { field: string; message: string; status: 400 | 403 } | null {
  if (basis === null) return null;
  if (basis === 'consent') return { status: 400, field: 'lawfulBasis', message: 'Consent is recorded by the contact granting it (or by hand with a note, as consent: granted), not as a basis.' };
  if (!note) return { status: 400, field: 'note', message: 'Recording a lawful basis needs a note saying where it comes from (the contract, the legal duty...).' };
  if (scope.kind === 'organisation' && sender.role !== 'admin') return { status: 403, field: 'scope', message: 'Only an admin can record a lawful basis for the whole organisation.' };
  return null;
}

export function assertLawfulBasisChange(sender: Sender, scope: Scope, basis: LawfulBasis | null, note: string | null): void {
  const refusal = checkLawfulBasisChange(sender, scope, basis, note);
  if (refusal) throw new ApiError(refusal.status, refusal.status === 403 ? 'forbidden' : refusal.field === 'note' ? 'note_required' : 'invalid_request', refusal.message, refusal.field);
}

/**
 * The statements that set (or with null, remove) a contact's lawful basis at one scope, with its
 * ledger row; none when it is already so. The contact's other choices at that scope are kept.
 */
export async function planLawfulBasis(
  db: D1Database,
  email: string,
  scope: Scope,
  basis: LawfulBasis | null,
  evidence: Pick<ChangeEvidence, 'source' | 'identifiedBy' | 'accountId' | 'note'>,
): Promise<{ from: string | null; statements: D1PreparedStatement[] }> {
  const key = contactKey(email);
  const row = await db
    .prepare('SELECT lawful_basis FROM contact_preferences WHERE contact_key = ? AND scope_kind = ? AND scope_id = ?')
    .bind(key, scope.kind, scope.id)
    .first<{ lawful_basis: string | null }>();
  const from = row?.lawful_basis ?? null;
  if (from === basis) return { from, statements: [] };
  const at = new Date().toISOString();
  return {
    from,
    statements: [
      db.prepare('INSERT INTO contact_addresses (contact_key, email) VALUES (?, ?) ON CONFLICT (contact_key) DO NOTHING').bind(key, email),
      // A new row starts from the defaults; an existing one keeps its choices and their time.
      db
        .prepare(
          `INSERT INTO contact_preferences (contact_key, scope_kind, scope_id, do_not_contact, consent, tracking, lawful_basis, updated_at)
           VALUES (?, ?, ?, 'none', 'unknown', 'allowed', ?, ?) ON CONFLICT (contact_key, scope_kind, scope_id) DO UPDATE SET lawful_basis = excluded.lawful_basis`,
        )
        .bind(key, scope.kind, scope.id, basis, at),
      ...ledgerStatements(db, { id: crypto.randomUUID(), key, at, scope, changes: [{ field: 'lawfulBasis', from, to: basis }], status: 'applied' }, {
        ...NO_ORIGIN, ...evidence, action: 'lawfulBasis', messageId: null, wording: null,
      }),
    ],
  };
}
