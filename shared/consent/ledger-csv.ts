import Papa from 'papaparse';
import * as v from 'valibot';
import { ledgerEntrySchema, type LedgerEntry } from '../schemas/ledger.ts';
import { unescapeFormula } from './suppression-csv.ts';

/**
 * The ledger export's CSV: one column per field of a ledger entry, in the JSON's order, so a CSV
 * and a JSON export of the same range hold the same evidence. `changes` is its JSON text; an
 * empty cell is null (but `scopeId`, where it is the organisation's '').
 */
export const LEDGER_CSV_COLUMNS = Object.keys(ledgerEntrySchema.entries) as (keyof LedgerEntry)[];

function cell(entry: LedgerEntry, column: keyof LedgerEntry): string {
  const value = entry[column];
  if (value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function ledgerToCsv(entries: readonly LedgerEntry[]): string {
  // Cells starting with = + - @ are quoted with a leading ' so spreadsheets do not run them.
  return Papa.unparse({ fields: LEDGER_CSV_COLUMNS, data: entries.map((entry) => LEDGER_CSV_COLUMNS.map((column) => cell(entry, column))) }, { escapeFormulae: true });
}

/**
 * Reads a ledger export back into its entries (for tools that check one against the other);
 * throws on a row that is not an entry, naming its line (the header is line 1).
 */
export function parseLedgerCsv(csv: string): LedgerEntry[] {
  const parsed = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: 'greedy' });
  if (parsed.errors.length > 0) throw new Error(`Line ${(parsed.errors[0]!.row ?? 0) + 2}: ${parsed.errors[0]!.message}`);
  return parsed.data.map((record, index) => {
    const fields = Object.fromEntries(LEDGER_CSV_COLUMNS.map((column) => {
      const text = unescapeFormula(record[column] ?? '');
      if (column === 'changes') return [column, JSON.parse(text || '[]') as unknown];
      return [column, text === '' && column !== 'scopeId' ? null : text];
    }));
    const result = v.safeParse(ledgerEntrySchema, fields);
    if (!result.success) throw new Error(`Line ${index + 2}: ${result.issues[0].message}`);
    return result.output;
  });
}
