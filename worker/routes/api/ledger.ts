import { Hono } from 'hono';
import * as v from 'valibot';
import { ledgerToCsv } from '../../../shared/consent/ledger-csv.ts';
import type { EvidenceKind, LedgerSource, LedgerStatus, ScopeKind, SenderSignal } from '../../../shared/consent/values.ts';
import { ledgerExportQuerySchema, ledgerRange, wordingHashSchema, type ConsentWording, type LedgerEntry } from '../../../shared/schemas/ledger.ts';
import { requireAdmin } from '../../consent/sender-access.ts';
import type { AppEnv } from '../../env.ts';
import { ApiError } from '../../http/errors.ts';
import { validate } from '../../http/validate.ts';

/** `/api/ledger`: the consent ledger as evidence, and the wordings its hashes stand for (mounted in worker/app.ts). */
export const ledger = new Hono<AppEnv>();

/** One export answers at most this many rows; a longer range is refused, to be cut in parts. */
const MAX_EXPORT_ROWS = 50_000;

interface LedgerRow {
  id: string; at: string; email: string | null; contact_key: string; scope_kind: ScopeKind; scope_id: string; source: LedgerSource; action: string;
  status: LedgerStatus; identified_by: EvidenceKind | null; message_id: string | null; account_id: string | null; changes: string; language: string | null;
  wording_hash: string | null; network: string | null; country: string | null; network_hint: string | null; sender_signal: SenderSignal | null;
  note: string | null; confirms: string | null;
}

/** An empty text and no text say the same; the export writes both as null, so CSV and JSON agree. */
const orNull = (text: string | null): string | null => (text === '' ? null : text);

function toEntry(row: LedgerRow): LedgerEntry {
  return {
    id: row.id, at: row.at, email: row.email, contactKey: row.contact_key, scope: row.scope_kind, scopeId: row.scope_id, source: row.source,
    action: row.action, status: row.status, identifiedBy: row.identified_by, messageId: row.message_id, accountId: row.account_id,
    changes: JSON.parse(row.changes) as LedgerEntry['changes'], language: orNull(row.language), wordingHash: row.wording_hash, network: orNull(row.network),
    country: orNull(row.country), networkHint: orNull(row.network_hint), senderSignal: row.sender_signal, note: orNull(row.note), confirms: row.confirms,
  };
}

interface WordingRow { hash: string; language: string; wording: string; first_seen_at: string }
const WORDINGS = 'SELECT hash, language, wording, first_seen_at FROM consent_wordings';

const toWording = (row: WordingRow): ConsentWording => ({ hash: row.hash, language: row.language, wording: row.wording, firstSeenAt: row.first_seen_at });

/**
 * `GET /api/ledger?from=&to=&format=json|csv` (admins): every ledger row in the range, oldest
 * first, with all its evidence; the JSON adds the wording behind each hash it names.
 */
ledger.get('/', validate('query', ledgerExportQuerySchema), async (c) => {
  requireAdmin(c.get('sender'), 'export the consent ledger');
  const query = c.req.valid('query');
  const range = ledgerRange(query, new Date());
  if (!range) throw new ApiError(400, 'invalid_request', 'The range ends before it starts.', 'to');
  const rows = await c.env.DB.prepare(
    `SELECT l.id, l.at, a.email, l.contact_key, l.scope_kind, l.scope_id, l.source, l.action, l.status, l.identified_by, l.message_id, l.account_id,
            l.changes, l.language, l.wording_hash, l.network, l.country, l.network_hint, l.sender_signal, l.note, l.confirms
       FROM consent_ledger l LEFT JOIN contact_addresses a ON a.contact_key = l.contact_key
      WHERE l.at >= ? AND l.at < ? ORDER BY l.at, l.id LIMIT ${MAX_EXPORT_ROWS + 1}`,
  )
    .bind(range.from, range.until)
    .all<LedgerRow>();
  if (rows.results.length > MAX_EXPORT_ROWS) {
    throw new ApiError(400, 'range_too_large', `The range holds more than ${MAX_EXPORT_ROWS} ledger rows; export it in shorter ranges.`, 'from');
  }
  const entries = rows.results.map(toEntry);
  if (query.format === 'csv') {
    const name = `consent-ledger-${query.from ?? 'start'}-${query.to ?? 'now'}.csv`.replace(/[^A-Za-z0-9._-]/g, '_');
    return c.body(ledgerToCsv(entries), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"` });
  }
  const hashes = [...new Set(entries.flatMap((entry) => (entry.wordingHash ? [entry.wordingHash] : [])))];
  const wordings = hashes.length === 0 ? [] : (await c.env.DB.prepare(
    `${WORDINGS} WHERE hash IN (SELECT value FROM json_each(?)) ORDER BY hash`,
  ).bind(JSON.stringify(hashes)).all<WordingRow>()).results.map(toWording);
  return c.json({ from: range.from || null, until: range.until, entries, wordings });
});

/**
 * `GET /api/ledger/wordings/<hash>` (admins, as the export): the exact words a ledger row's
 * `wordingHash` stands for; their SHA-256 is the hash. A page's words name its sender.
 */
ledger.get('/wordings/:hash', async (c) => {
  requireAdmin(c.get('sender'), 'read the wordings behind the consent ledger');
  const parsed = v.safeParse(wordingHashSchema, c.req.param('hash'));
  if (!parsed.success) throw new ApiError(400, 'invalid_request', parsed.issues[0].message, 'hash');
  const row = await c.env.DB.prepare(`${WORDINGS} WHERE hash = ?`).bind(parsed.output).first<WordingRow>();
  if (!row) throw new ApiError(404, 'not_found', 'No wording has this hash.', 'hash');
  return c.json(toWording(row));
});
