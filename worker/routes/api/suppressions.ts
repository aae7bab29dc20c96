import { Hono, type Context } from 'hono';
import type { ContactState, Scope, ScopeKind } from '../../../shared/consent/state.ts';
import { parseSuppressionCsv, toCsv } from '../../../shared/consent/suppression-csv.ts';
import type { Consent, DoNotContact, LawfulBasis, Tracking } from '../../../shared/consent/values.ts';
import {
  manualChangeSchema, suppressionExportQuerySchema, suppressionQuerySchema, type OwnerFilter, type SuppressionRow,
} from '../../../shared/schemas/suppressions.ts';
import { contactKey } from '../../consent/contacts.ts';
import { assertLawfulBasisChange, checkLawfulBasisChange, planLawfulBasis } from '../../consent/lawful-basis.ts';
import { NO_ORIGIN, planStateChange, recordState, stateAtScope, type ChangeEvidence } from '../../consent/ledger.ts';
import { readOrgSettings } from '../../consent/org-settings.ts';
import { loosens, mayView, scopeFor, visibility } from '../../consent/sender-access.ts';
import { organisationNameOr } from '../../consent/sender-identity.ts';
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

/** The scope `?owner=` names, refused (403) when the sender may not see it. */
function ownerScope(sender: Sender, filter: OwnerFilter | undefined): Scope | null {
  if (!filter) return null;
  const scope: Scope = 'id' in filter ? filter : filter.kind === 'me' ? { kind: 'sender', id: sender.accountId } : { kind: 'organisation', id: '' };
  if (!mayView(sender, scope)) throw new ApiError(403, 'forbidden', 'You can see the opt-outs of the organisation, your team and your own; only an admin can name another.', 'owner');
  return scope;
}

interface ListedRow {
  email: string; do_not_contact: DoNotContact; consent: Consent; tracking: Tracking; scope_kind: ScopeKind; scope_id: string; updated_at: string;
  lawful_basis: LawfulBasis | null; owner_email: string | null; team_name: string | null;
}

async function listRows(c: Context<AppEnv>, filter: { q?: string | undefined; owner?: OwnerFilter | undefined }, limit: number): Promise<SuppressionRow[]> {
  const sender = c.get('sender');
  const { sql, params } = visibility(sender);
  const owner = ownerScope(sender, filter.owner);
  const next = params.length + 1;
  const [rows, settings] = await Promise.all([
    c.env.DB.prepare(
      `SELECT COALESCE(a.email, '(erased) ' || p.contact_key) AS email, p.do_not_contact, p.consent, p.tracking, p.scope_kind, p.scope_id, p.updated_at,
              p.lawful_basis, acc.email AS owner_email, t.name AS team_name
         FROM contact_preferences p LEFT JOIN contact_addresses a ON a.contact_key = p.contact_key
         LEFT JOIN accounts acc ON p.scope_kind = 'sender' AND acc.id = p.scope_id
         LEFT JOIN teams t ON p.scope_kind = 'team' AND t.id = p.scope_id
        WHERE (p.do_not_contact != 'none' OR p.tracking = 'refused' OR p.consent = 'withdrawn') AND ${sql}
          AND (?${next} = '' OR a.email LIKE '%' || ?${next} || '%')
          AND (?${next + 1} IS NULL OR (p.scope_kind = ?${next + 1} AND p.scope_id = ?${next + 2}))
        ORDER BY p.updated_at DESC LIMIT ${limit}`,
    )
      .bind(...params, (filter.q ?? '').toLowerCase(), owner?.kind ?? null, owner?.id ?? null)
      .all<ListedRow>(),
    readOrgSettings(c.env.DB),
  ]);
  const organisation = organisationNameOr(settings.organisationName, sender.email);
  return rows.results.map((r) => ({
    email: r.email, doNotContact: r.do_not_contact, consent: r.consent, tracking: r.tracking, scope: r.scope_kind, scopeId: r.scope_id, updatedAt: r.updated_at,
    lawfulBasis: r.lawful_basis,
    owner: {
      kind: r.scope_kind,
      id: r.scope_id,
      // A removed account or team keeps its id as its name.
      label: r.scope_kind === 'organisation' ? organisation : ((r.scope_kind === 'sender' ? r.owner_email : r.team_name) ?? r.scope_id),
    },
  }));
}

/** `GET /api/suppressions?q=&owner=&limit=`: the opt-outs this sender may see, newest first, with whose each is. */
suppressions.get('/', validate('query', suppressionQuerySchema), async (c) => {
  const { q, owner, limit = 200 } = c.req.valid('query');
  return c.json({ suppressions: await listRows(c, { q, owner }, limit) });
});

/** `GET /api/suppressions/export?owner=`: the same list as CSV, for spreadsheets and other tools; it imports back unchanged. */
suppressions.get('/export', validate('query', suppressionExportQuerySchema), async (c) => {
  const csv = toCsv(await listRows(c, { owner: c.req.valid('query').owner }, 100_000));
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

/**
 * The scope a CSV row names: the one of its `scopeId` (an export names each row's), else the
 * sender's own of that kind. A sender imports into the scopes they see; an admin into any sender's
 * or team's that exists.
 */
async function importScope(db: D1Database, sender: Sender, kind: ScopeKind, scopeId: string, known: Map<string, boolean>): Promise<Scope> {
  if (kind === 'organisation' || scopeId === '') return scopeFor(sender, kind);
  const scope: Scope = { kind, id: scopeId };
  if (sender.role !== 'admin') {
    if (mayView(sender, scope)) return scope;
    throw new ApiError(403, 'forbidden', "Only an admin can import into another sender's or team's list.", 'scopeId');
  }
  const key = `${kind}:${scopeId}`;
  if (!known.has(key)) {
    const row = await db.prepare(kind === 'sender' ? 'SELECT 1 AS y FROM accounts WHERE id = ?' : 'SELECT 1 AS y FROM teams WHERE id = ?').bind(scopeId).first();
    known.set(key, row !== null);
  }
  if (!known.get(key)) throw new ApiError(400, 'invalid_request', `No ${kind === 'sender' ? 'sender account' : 'team'} has the id ${scopeId}.`, 'scopeId');
  return scope;
}

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
  const knownScopes = new Map<string, boolean>();
  let imported = 0;
  let unchanged = 0;
  for (const row of rows) {
    let scope: Scope;
    try {
      scope = await importScope(c.env.DB, sender, row.scope, row.scopeId, knownScopes);
    } catch (err) {
      rejected.push({ line: row.line, field: err instanceof ApiError && err.field ? err.field : 'scope', message: (err as Error).message });
      continue;
    }
    const before = await stateAtScope(c.env.DB, contactKey(row.email), scope);
    const after: ContactState = { doNotContact: row.doNotContact ?? before.doNotContact, consent: row.consent ?? before.consent, tracking: row.tracking ?? before.tracking };
    if (loosens(before, after)) {
      rejected.push({ line: row.line, field: 'doNotContact', message: 'An import cannot opt a contact back in; do it by hand with a note of the consent received.' });
      continue;
    }
    // Planned first, so its ledger row comes before the basis's, as by hand (each row takes its time when planned).
    const planned = await planStateChange(c.env.DB, row.email, scope, after, senderEvidence(sender, 'import', row.note ?? null));
    const basis = row.lawfulBasis
      ? await planLawfulBasis(c.env.DB, row.email, scope, row.lawfulBasis, { source: 'import', identifiedBy: 'import', accountId: sender.accountId, note: row.note ?? null })
      : { statements: [] };
    // A basis already recorded at that scope (an export imported back) needs no new note.
    const refusal = basis.statements.length > 0 ? checkLawfulBasisChange(sender, scope, row.lawfulBasis ?? null, row.note ?? null) : null;
    if (refusal) {
      rejected.push({ line: row.line, field: refusal.field, message: refusal.message });
      continue;
    }
    statements.push(...planned.statements, ...basis.statements);
    if (planned.ledgerId || basis.statements.length > 0) imported++;
    else unchanged++;
  }
  if (statements.length > 0) await c.env.DB.batch(statements);
  rejected.sort((a, b) => a.line - b.line);
  return c.json({ imported, unchanged, rejected });
});
