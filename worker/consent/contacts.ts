import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { utf8 } from '../../shared/crypto/base64url.ts';
import { readOrgSettings } from './org-settings.ts';
import { effectiveState, scopesOf, type ContactState, type Scope, type ScopedState } from '../../shared/consent/state.ts';

export function contactKey(email: string): string {
  return bytesToHex(sha256(utf8(email.trim().toLowerCase())));
}

interface PreferenceRow {
  contact_key: string;
  scope_kind: Scope['kind'];
  scope_id: string;
  do_not_contact: ContactState['doNotContact'];
  consent: ContactState['consent'];
  tracking: ContactState['tracking'];
  lawful_basis: string | null;
  updated_at: string;
}

export function toScopedState(row: PreferenceRow): ScopedState {
  return {
    scope: { kind: row.scope_kind, id: row.scope_id },
    doNotContact: row.do_not_contact,
    consent: row.consent,
    tracking: row.tracking,
    updatedAt: row.updated_at,
  };
}

/** Every stored choice of these contacts, by contact key. */
export async function loadPreferences(db: D1Database, keys: readonly string[]): Promise<Map<string, ScopedState[]>> {
  const byKey = new Map<string, ScopedState[]>();
  // D1 binds at most 100 parameters per statement.
  for (let i = 0; i < keys.length; i += 90) {
    const chunk = keys.slice(i, i + 90);
    const rows = await db
      .prepare(`SELECT * FROM contact_preferences WHERE contact_key IN (${chunk.map(() => '?').join(',')})`)
      .bind(...chunk)
      .all<PreferenceRow>();
    for (const row of rows.results) byKey.set(row.contact_key, [...(byKey.get(row.contact_key) ?? []), toScopedState(row)]);
  }
  return byKey;
}

export interface SenderScope {
  accountId: string;
  teamId: string | null;
}

async function lawfulBases(db: D1Database, keys: readonly string[]): Promise<Map<string, string>> {
  const bases = new Map<string, string>();
  for (let i = 0; i < keys.length; i += 90) {
    const chunk = keys.slice(i, i + 90);
    const rows = await db
      .prepare(`SELECT contact_key, lawful_basis FROM contact_preferences WHERE lawful_basis IS NOT NULL AND contact_key IN (${chunk.map(() => '?').join(',')})`)
      .bind(...chunk)
      .all<{ contact_key: string; lawful_basis: string }>();
    for (const row of rows.results) bases.set(row.contact_key, row.lawful_basis);
  }
  return bases;
}

export async function requiresLawfulBasis(db: D1Database): Promise<boolean> {
  return (await readOrgSettings(db)).requireLawfulBasis;
}

/**
 * What applies to each address when this sender writes to it. When the organisation requires a
 * lawful basis (GDPR), anyone without consent or another recorded basis counts as Do Not Contact.
 */
export async function statesFor(db: D1Database, emails: readonly string[], sender: SenderScope) {
  const keys = emails.map(contactKey);
  const [stored, bases, strict] = await Promise.all([loadPreferences(db, keys), lawfulBases(db, keys), requiresLawfulBasis(db)]);
  return emails.map((email, i) => {
    const state = effectiveState(stored.get(keys[i]!) ?? [], scopesOf(sender));
    const lawfulBasis = state.consent === 'granted' ? 'consent' : (bases.get(keys[i]!) ?? null);
    const blocked = strict && lawfulBasis === null;
    return { email, ...state, ...(blocked ? { doNotContact: 'no_contact' as const } : {}), lawfulBasis, reason: blocked ? ('no_lawful_basis' as const) : null };
  });
}

export async function senderScope(db: D1Database, accountId: string): Promise<SenderScope> {
  const row = await db.prepare('SELECT team_id FROM accounts WHERE id = ?').bind(accountId).first<{ team_id: string | null }>();
  return { accountId, teamId: row?.team_id ?? null };
}
