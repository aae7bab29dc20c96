import { describe, expect, it } from 'vitest';
import { parseSuppressionCsv, toCsv } from './suppression-csv.ts';

describe('suppression CSV', () => {
  it('imports good rows with defaults and reports every bad row by line', () => {
    const csv = [
      'email,doNotContact,scope',
      'ana@example.org,,',
      'BOB@Example.org,no_contact,team',
      'not-an-address,no_email,',
      'carl@example.org,maybe,',
      'dora@example.org,no_mass_email,sender',
    ].join('\r\n');
    const { rows, rejected } = parseSuppressionCsv(`\uFEFF${csv}\n`);
    expect(rows.map((r) => [r.email, r.doNotContact, r.scope])).toEqual([
      ['ana@example.org', 'no_email', 'organisation'],
      ['bob@example.org', 'no_contact', 'team'],
      ['dora@example.org', 'no_mass_email', 'sender'],
    ]);
    expect(rejected).toEqual([
      { line: 4, field: 'email', message: 'Not a valid email address.' },
      { line: 5, field: 'doNotContact', message: 'doNotContact is none, no_mass_email, no_email or no_contact.' },
    ]);
  });

  it('refuses a file without an email column', () => {
    expect(parseSuppressionCsv('address\nana@example.org\n').rejected).toEqual([{ line: 1, field: 'email', message: 'The header row must name an "email" column.' }]);
  });

  it('round-trips an export with its lawful basis and owner, neutralising spreadsheet formulas', () => {
    const owner = { kind: 'organisation' as const, id: '', label: 'Acme' };
    const rows = [
      { email: 'ana@example.org', doNotContact: 'no_email' as const, consent: 'withdrawn' as const, tracking: 'refused' as const, scope: 'organisation' as const, scopeId: '', updatedAt: '2026-11-24T10:00:00.000Z', lawfulBasis: null, owner },
      {
        email: '-eve@example.org', doNotContact: 'no_contact' as const, consent: 'unknown' as const, tracking: 'allowed' as const, scope: 'team' as const, scopeId: 'team-1',
        updatedAt: '2026-11-24T10:00:00.000Z', lawfulBasis: 'contract' as const, owner: { kind: 'team' as const, id: 'team-1', label: '=HYPERLINK("x")' },
      },
    ];
    const csv = toCsv(rows);
    expect(csv.split('\r\n')[0]).toBe('email,doNotContact,consent,tracking,scope,scopeId,updatedAt,lawfulBasis,owner');
    expect(csv).not.toMatch(/,=HYPERLINK/);
    expect(csv).not.toMatch(/^-eve/m);
    const { rows: back, rejected } = parseSuppressionCsv(csv);
    expect(rejected).toEqual([]);
    expect(back.map((r) => [r.email, r.doNotContact, r.consent, r.tracking, r.scope, r.scopeId, r.lawfulBasis ?? null]))
      .toEqual(rows.map((r) => [r.email, r.doNotContact, r.consent, r.tracking, r.scope, r.scopeId, r.lawfulBasis]));
  });
});
