import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../schemas/ledger.ts';
import { LEDGER_CSV_COLUMNS, ledgerToCsv, parseLedgerCsv } from './ledger-csv.ts';

const base: LedgerEntry = {
  id: 'l-1', at: '2026-11-24T10:00:00.000Z', email: 'ana@example.org', contactKey: 'a'.repeat(64), scope: 'organisation', scopeId: '', source: 'recipient_page',
  action: 'unsubscribe', status: 'applied', identifiedBy: 'sole_recipient', messageId: 'msg-0000000000000001', accountId: 'acc-1',
  changes: [{ field: 'doNotContact', from: 'none', to: 'no_email' }], language: 'fr', wordingHash: 'b'.repeat(64), network: '81.2.69.0/24',
  country: 'FR', networkHint: 'FR AS3215', senderSignal: null, note: null, confirms: null,
};

describe('the ledger CSV', () => {
  it('has one column per entry field, in the JSON order', () => {
    expect(ledgerToCsv([base]).split('\r\n')[0]).toBe(LEDGER_CSV_COLUMNS.join(','));
    expect(LEDGER_CSV_COLUMNS).toEqual(Object.keys(base));
  });

  it.each<[string, Partial<LedgerEntry>]>([
    ['a sole recipient\'s unsubscribe', {}],
    ['an erased contact, a team scope and a pending grant', { email: null, scope: 'team', scopeId: 'team-1', status: 'pending', action: 'grantConsent', identifiedBy: 'typed_on_shared_link', senderSignal: 'sender_network' }],
    ['a note that a spreadsheet would run, with a comma and a line break', { source: 'sender', action: 'manual', identifiedBy: 'sender_with_note', note: '=HYPERLINK("x"), signed\nform on file', wordingHash: null, language: null }],
    ['a lawful basis row (changes with a null side)', { action: 'lawfulBasis', changes: [{ field: 'lawfulBasis', from: null, to: 'contract' }] }],
    ['a row older than the evidence columns', { identifiedBy: null, network: null, country: null, networkHint: null, messageId: null, accountId: null }],
    ['a mailbox confirmation naming its pending row', { identifiedBy: 'mailbox_confirmed', confirms: 'l-0' }],
  ])('reads back %s unchanged', (_, change) => {
    const entry = { ...base, ...change };
    expect(parseLedgerCsv(ledgerToCsv([entry, base]))).toEqual([entry, base]);
  });

  it('names the line of a row that is not an entry', () => {
    const csv = ledgerToCsv([base, base]).replace(/sole_recipient(?![\s\S]*sole_recipient)/, 'a_guess');
    expect(() => parseLedgerCsv(csv)).toThrow(/^Line 3: identifiedBy is/);
  });
});
