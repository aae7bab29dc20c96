import * as v from 'valibot';
import { evidenceKindSchema, ledgerSourceSchema, ledgerStatusSchema, scopeKindSchema, senderSignalSchema } from '../consent/values.ts';

/**
 * One consent ledger row with all its evidence, as `GET /api/ledger` exports it (JSON and CSV
 * carry the same fields). Rows written before the evidence columns existed have nulls there.
 */
export const ledgerEntrySchema = v.object({
  id: v.string(),
  at: v.string(),
  /** The address; null once the contact was erased (only `contactKey` stays). */
  email: v.nullable(v.string()),
  /** SHA-256 of the lower-cased address: what the ledger keys a contact by. */
  contactKey: v.string(),
  scope: scopeKindSchema,
  /** '' for the organisation, else the team or sender id. */
  scopeId: v.string(),
  source: ledgerSourceSchema,
  /** A Smart Link action, `undo`, `optBackIn`, `manual` or `lawfulBasis`. */
  action: v.string(),
  status: ledgerStatusSchema,
  identifiedBy: v.nullable(evidenceKindSchema),
  messageId: v.nullable(v.string()),
  accountId: v.nullable(v.string()),
  changes: v.array(v.object({ field: v.string(), from: v.nullable(v.string()), to: v.nullable(v.string()) })),
  language: v.nullable(v.string()),
  /** SHA-256 of the exact wording shown: `GET /api/ledger/wordings/<hash>` gives it back. */
  wordingHash: v.nullable(v.string()),
  network: v.nullable(v.string()),
  country: v.nullable(v.string()),
  networkHint: v.nullable(v.string()),
  senderSignal: v.nullable(senderSignalSchema),
  note: v.nullable(v.string()),
  /** The pending row this one completes (a mailbox confirmation). */
  confirms: v.nullable(v.string()),
});

export type LedgerEntry = v.InferOutput<typeof ledgerEntrySchema>;

/** The wording a hash stands for, as `GET /api/ledger/wordings/<hash>` answers it. */
export const consentWordingSchema = v.object({
  hash: v.string(),
  language: v.string(),
  wording: v.string(),
  firstSeenAt: v.string(),
});

export type ConsentWording = v.InferOutput<typeof consentWordingSchema>;

export const wordingHashSchema = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'A wording hash is 64 lower-case hex digits (SHA-256).'));

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const BOUND_MESSAGE = 'A date (2026-11-24, a whole UTC day) or an ISO-8601 instant (2026-11-24T10:00:00.000Z).';

/**
 * Where a range bound starts and where it ends, as ISO instants: a date covers its whole UTC
 * day, an instant only itself. Null when `text` is neither (or no such day, like 2026-02-30).
 */
export function boundSpan(text: string): { start: string; end: string } | null {
  const time = Date.parse(DAY.test(text) ? `${text}T00:00:00.000Z` : text);
  if (Number.isNaN(time) || !(DAY.test(text) || v.is(v.pipe(v.string(), v.isoTimestamp()), text))) return null;
  const start = new Date(time).toISOString();
  if (DAY.test(text) && start.slice(0, 10) !== text) return null;
  return { start, end: new Date(time + (DAY.test(text) ? 86_400_000 : 1)).toISOString() };
}

const rangeBound = v.pipe(v.string(), v.check((text) => boundSpan(text) !== null, BOUND_MESSAGE));

/** `GET /api/ledger?from=&to=&format=`: both bounds inclusive; without them, from the first row until now. */
export const ledgerExportQuerySchema = v.object({
  from: v.optional(rangeBound),
  to: v.optional(rangeBound),
  format: v.optional(v.picklist(['json', 'csv'], 'format is json or csv.'), 'json'),
});

/**
 * The rows a range selects are those with `from <= at < until` (ISO instants compare as text).
 * Null when the range ends before it starts.
 */
export function ledgerRange(query: { from?: string | undefined; to?: string | undefined }, now: Date): { from: string; until: string } | null {
  const from = query.from ? boundSpan(query.from)!.start : '';
  const until = query.to ? boundSpan(query.to)!.end : new Date(now.getTime() + 1).toISOString();
  return from < until ? { from, until } : null;
}
