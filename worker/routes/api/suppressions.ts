import { Hono, type Context } from 'hono';
import type { ContactState, Scope, ScopeKind } from '../../../shared/consent/state.ts';
import { parseSuppressionCsv, toCsv, type SuppressionRow } from '../../../shared/consent/suppression-csv.ts';
import { manualChangeSchema, suppressionQuerySchema } from '../../../shared/schemas/suppressions.ts';
import { contactKey } from '../../consent/contacts.ts';
import { assertLawfulBasisChange, checkLawfulBasisChange, planLawfulBasis } from '../../consent/lawful-basis.ts';
import { NO_ORIGIN, planStateChange, recordState, stateAtScope, type ChangeEvidence } from '../../consent/ledger.ts';
import { loosens, scopeFor, visibility } from '../../consent/sender-access.ts';
import type { AppEnv, Sender } from '../../env.ts';
import { ApiError } from '../../http/errors.ts';
import { readText } from '../../http/read-body.ts';
import { validate } from '../../http/validate.ts';

/** `/api/suppressions`: the opt-out list, by hand and by CSV (mounted in worker/app.ts). */
export const suppressions = new Hono<AppEnv>();

function senderEvidence(sender: Sender, source: 'sender' | 'import', note: string | null): ChangeEvidence {
  return {
    ...NO_ORIGIN, source, action: 'manual', identifiedBy: source === 'import' ? 'import' : 'sender_with_note',
    messageId: null, accountId: sender.accountId, wording: null, note,
  };
}

async function listRows(c: Context<AppEnv>, q: string | undefined, limit: number): Promise<SuppressionRow[]> {
  const { sql, params } = visibility(c.get('sender'));
  const rows = await c.env.DB.prepare(
    `SELECT COALESCE(a.email, '(erased) ' || p.contact_key) AS email, p.do_not_contact, p.consent, p.tracking, p.scope_kind, p.scope_id, p.updated_at
       FROM contact_preferences p LEFT JOIN contact_addresses a ON a.contact_key = p.contact_key
      WHERE (p.do_not_contact != 'none' OR p.tracking = 'refused' OR p.consent = 'withdrawn') AND ${sql}
        AND (?1 = '' OR a.email LIKE '%' || ?1 || '%')
      ORDER BY p.updated_at DESC LIMIT ${limit}`.replaceAll('?1', `?${params.length + 1}`),
  )
    .bind(...params, (q ?? '').toLowerCase())
    .all<{ email: string; do_not_contact: SuppressionRow['doNotContact']; consent: SuppressionRow['consent']; tracking: SuppressionRow['tracking']; scope_kind: ScopeKind; scope_id: string; updated_at: string }>();
  return rows.results.map((r) => ({
    email: r.email, doNotContact: r.do_not_contact, consent: r.consent, tracking: r.tracking, scope: r.scope_kind, scopeId: r.scope_id, updatedAt: r.updated_at,
  }));
}

/** `GET /api/suppressions?q=&limit=`: the opt-outs this sender may see, newest first. */
suppressions.get('/', validate('query', suppressionQuerySchema), async (c) => {
  const { q, limit = 200 } = c.req.valid('query');
  return c.json({ suppressions: await listRows(c, q, limit) });
});

/** `GET /api/suppressions/export`: the same list as CSV, for spreadsheets and other tools. */
suppressions.get('/export', async (c) => {
  const csv = toCsv(await listRows(c, undefined, 100_000));
  return c.body(csv, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="suppression-list.csv"' });
});

/** `POST /api/suppressions`: opt a contact out by hand; opting back in needs a note of the consent received. */
suppressions.post('/', validate('json', manualChangeSchema), async (c) => {
  const sender = c.get('sender');
  const input = c.req.valid('json');
  const scope = scopeFor(sender, input.scope);
  const before = await stateAtScope(c.env.DB, contactKey(input.email), scope);
  const after: ContactState = { doNotContact: input.doNotContact ?? before.doNotContact, consent: input.consent ?? before.consent, tracking: input.tracking ?? before.tracking };
  if (loosens(before, after)) {
    if (!input.note) throw new ApiError(400, 'note_required', 'Opting a contact back in needs a note recording the written consent you received.', 'note');
    if (scope.kind === 'organisation' && sender.role !== 'admin') {
      throw new ApiError(403, 'forbidden', 'Only an admin can opt a contact back in for the whole organisation.', 'scope');
    }
  }
  if (input.lawfulBasis) assertLawfulBasisChange(sender, scope, input.lawfulBasis, input.note ?? null);
  const applied = await recordState(c.env.DB, input.email, scope, after, senderEvidence(sender, 'sender', input.note ?? null));
  const basis = input.lawfulBasis
    ? await planLawfulBasis(c.env.DB, input.email, scope, input.lawfulBasis, { source: 'sender', identifiedBy: 'sender_with_note', accountId: sender.accountId, note: input.note ?? null })
    : { statements: [] };
  if (basis.statements.length > 0) await c.env.DB.batch(basis.statements);
  const changed = applied.ledgerId !== null || basis.statements.length > 0;
  return c.json({ email: input.email, scope, before: applied.before, after: applied.after, changes: applied.changes }, changed ? 201 : 200);
});

const MAX_IMPORT_BYTES = 5_000_000;
const MAX_IMPORT_ROWS = 10_000;

/**
 * `POST /api/suppressions/import` (text/csv): every good row is applied in one D1 batch, so an
 * import is whole or not at all; bad rows come back with their line and reason. Imports only
 * opt contacts out: an opt-in needs a note, one contact at a time.
 */
suppressions.post('/import', async (c) => {
  const sender = c.get('sender');
  // A spreadsheet's export may be in its own charset (Excel's is often windows-1252).
  const text = await readText(c, ['text/csv', 'text/plain']);
  if (text.length > MAX_IMPORT_BYTES) throw new ApiError(413, 'too_large', 'Import at most 5 MB at once.');
  const { rows, rejected } = parseSuppressionCsv(text);
  if (rows.length > MAX_IMPORT_ROWS) throw new ApiError(413, 'too_large', `Import at most ${MAX_IMPORT_ROWS} rows at once.`);
  const statements: D1PreparedStatement[] = [];
  let imported = 0;
  let unchanged = 0;
  for (const row of rows) {
    let scope: Scope;
    try {
      scope = scopeFor(sender, row.scope);
    } catch (err) {
      rejected.push({ line: row.line, field: 'scope', message: (err as Error).message });
      continue;
    }
    const refusal = row.lawfulBasis ? checkLawfulBasisChange(sender, scope, row.lawfulBasis, row.note ?? null) : null;
    if (refusal) {
      rejected.push({ line: row.line, field: refusal.field, message: refusal.message });
      continue;
    }
    const before = await stateAtScope(c.env.DB, contactKey(row.email), scope);
    const after: ContactState = { doNotContact: row.doNotContact ?? before.doNotContact, consent: row.consent ?? before.consent, tracking: row.tracking ?? before.tracking };
    if (loosens(before, after)) {
      rejected.push({ line: row.line, field: 'doNotContact', message: 'An import cannot opt a contact back in; do it by hand with a note of the consent received.' });
      continue;
    }
    const planned = await planStateChange(c.env.DB, row.email, scope, after, senderEvidence(sender, 'import', row.note ?? null));
    const basis = row.lawfulBasis
      ? await planLawfulBasis(c.env.DB, row.email, scope, row.lawfulBasis, { source: 'import', identifiedBy: 'import', accountId: sender.accountId, note: row.note ?? null })
      : { statements: [] };
    statements.push(...planned.statements, ...basis.statements);
    if (planned.ledgerId || basis.statements.length > 0) imported++;
    else unchanged++;
  }
  if (statements.length > 0) await c.env.DB.batch(statements);
  rejected.sort((a, b) => a.line - b.line);
  return c.json({ imported, unchanged, rejected });
});
