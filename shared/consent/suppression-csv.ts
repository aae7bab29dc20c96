import Papa from 'papaparse';
import * as v from 'valibot';
import { emailAddress } from '../schemas/common.ts';
import type { SuppressionRow } from '../schemas/suppressions.ts';
import { consentSchema, doNotContactSchema, lawfulBasisSchema, scopeKindSchema, trackingSchema, type DoNotContact } from './values.ts';

export type { SuppressionRow };

/**
 * The export's columns, each a field of the row; `owner` is written as its label (its kind and
 * id are the scope columns). An import reads the columns it knows and ignores the others, so an
 * export imports back unchanged.
 */
const CSV_CELLS = {
  email: (row) => row.email,
  doNotContact: (row) => row.doNotContact,
  consent: (row) => row.consent,
  tracking: (row) => row.tracking,
  scope: (row) => row.scope,
  scopeId: (row) => row.scopeId,
  updatedAt: (row) => row.updatedAt,
  lawfulBasis: (row) => row.lawfulBasis ?? '',
  owner: (row) => row.owner.label,
} as const satisfies Record<string, (row: SuppressionRow) => string>;

export const CSV_COLUMNS = Object.keys(CSV_CELLS) as (keyof typeof CSV_CELLS)[];

export function toCsv(rows: readonly SuppressionRow[]): string {
  // Cells starting with = + - @ are quoted with a leading ' so spreadsheets do not run them.
  return Papa.unparse({ fields: CSV_COLUMNS, data: rows.map((row) => CSV_COLUMNS.map((column) => CSV_CELLS[column](row))) }, { escapeFormulae: true });
}

const importRowSchema = v.object({
  email: emailAddress,
  doNotContact: v.optional(doNotContactSchema),
  consent: v.optional(consentSchema),
  tracking: v.optional(trackingSchema),
  scope: v.optional(scopeKindSchema, 'organisation'),
  scopeId: v.optional(v.string(), ''),
  /** A lawful basis other than consent, with a note of where it comes from (required with it). */
  lawfulBasis: v.optional(lawfulBasisSchema),
  note: v.optional(v.pipe(v.string(), v.maxLength(2000, 'A note has at most 2000 characters.'))),
});

export type ImportRow = Omit<v.InferOutput<typeof importRowSchema>, 'doNotContact'> & {
  /** The opt-out to record; undefined on a row that records only a lawful basis. */
  doNotContact: DoNotContact | undefined;
  /** 1-based line in the file, the header being line 1: bad rows are reported by it. */
  line: number;
};

export interface RejectedRow {
  /** 1-based line in the file, the header being line 1. */
  line: number;
  field: string | null;
  message: string;
}

/** Undoes the export's guard against spreadsheet formulas (Papa's escapeFormulae), so a cell reads back as it was. */
export function unescapeFormula(cell: string): string {
  return cell.replace(/^'(?=[=+\-@\t\r])/, '');
}

/**
 * Parses an imported suppression list: every good row, and for every bad row its line and why.
 * Empty optional cells keep their defaults (no_email at organisation scope). Optional columns
 * `lawfulBasis` and `note` record a lawful basis.
 */
export function parseSuppressionCsv(csv: string): { rows: ImportRow[]; rejected: RejectedRow[] } {
  const parsed = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: 'greedy', transformHeader: (h) => h.trim() });
  const rows: ImportRow[] = [];
  const rejected: RejectedRow[] = parsed.errors
    .filter((error) => error.row !== undefined)
    .map((error) => ({ line: (error.row ?? 0) + 2, field: null, message: error.message }));
  const badLines = new Set(rejected.map((r) => r.line));
  if (!parsed.meta.fields?.includes('email')) {
    return { rows: [], rejected: [{ line: 1, field: 'email', message: 'The header row must name an "email" column.' }] };
  }
  parsed.data.forEach((record, index) => {
    const line = index + 2;
    if (badLines.has(line)) return;
    const cleaned = Object.fromEntries(
      Object.entries(record).filter(([, value]) => typeof value === 'string' && value.trim() !== '').map(([k, value]) => [k, unescapeFormula(value.trim())]),
    );
    const result = v.safeParse(importRowSchema, cleaned);
    // An empty doNotContact means an opt-out (no_email), unless the row records a lawful basis only.
    if (result.success) rows.push({ ...result.output, doNotContact: result.output.doNotContact ?? (result.output.lawfulBasis ? undefined : 'no_email'), line });
    else {
      const issue = result.issues[0];
      rejected.push({ line, field: issue.path?.map((p) => String(p.key)).join('.') ?? null, message: issue.message });
    }
  });
  return { rows, rejected };
}
