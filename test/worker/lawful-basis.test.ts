import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, createSender } from './helpers.ts';

async function status(token: string, email: string) {
  const res = await call('/api/contacts/status', { method: 'POST', token, body: JSON.stringify({ emails: [email] }) });
  return ((await res.json()) as { contacts: { doNotContact: string; lawfulBasis: string | null; reason: string | null }[] }).contacts[0]!;
}

describe('lawful basis', { timeout: 30_000 }, () => {
  it('blocks a contact without one when required, and is recorded by hand with a note or by CSV', async () => {
    const admin = await createSender('basis-admin@example.com', 'admin');
    const sender = await createSender('basis-sender@example.com');
    expect((await call('/api/settings', { method: 'PUT', token: admin, body: JSON.stringify({ requireLawfulBasis: true }) })).status).toBe(204);
    expect(await status(sender, 'client@example.org')).toEqual(expect.objectContaining({ doNotContact: 'no_contact', lawfulBasis: null, reason: 'no_lawful_basis' }));

    // By hand: a note is required, and only an admin records one for the whole organisation.
    const byHand = (token: string, body: object) => call('/api/suppressions', { method: 'POST', token, body: JSON.stringify({ email: 'client@example.org', doNotContact: 'none', lawfulBasis: 'contract', ...body }) });
    expect(((await (await byHand(admin, {})).json()) as { error: { code: string } }).error.code).toBe('note_required');
    expect((await byHand(sender, { note: 'Support contract 2026-114' })).status).toBe(403);
    expect((await byHand(admin, { note: 'Support contract 2026-114' })).status).toBeLessThan(300);
    expect(await status(sender, 'client@example.org')).toEqual(expect.objectContaining({ doNotContact: 'none', lawfulBasis: 'contract', reason: null }));

    // By CSV: a row may record a basis only (no opt-out), with its note; one without a note is rejected.
    const csv = ['email,lawfulBasis,note,scope', 'supplier@example.org,legitimate_interests,Existing supplier,sender', 'nonote@example.org,contract,,sender', 'asconsent@example.org,consent,Form,sender'].join('\n');
    const imported = (await (await call('/api/suppressions/import', { method: 'POST', token: sender, headers: { 'content-type': 'text/csv' }, body: csv })).json()) as { imported: number; rejected: { line: number; field: string }[] };
    expect(imported.imported).toBe(1);
    expect(imported.rejected.map((r) => [r.line, r.field])).toEqual([[3, 'note'], [4, 'lawfulBasis']]);
    expect(await status(sender, 'supplier@example.org')).toEqual(expect.objectContaining({ doNotContact: 'none', lawfulBasis: 'legitimate_interests', reason: null }));
    expect(await status(sender, 'nonote@example.org')).toEqual(expect.objectContaining({ reason: 'no_lawful_basis' }));

    const ledger = await env.DB.prepare(
      "SELECT action, identified_by, note, changes FROM consent_ledger WHERE contact_key = (SELECT contact_key FROM contact_addresses WHERE email = 'supplier@example.org')",
    ).all<{ action: string; identified_by: string; note: string; changes: string }>();
    expect(ledger.results.map((r) => [r.action, r.identified_by, r.note, JSON.parse(r.changes) as unknown])).toEqual([
      ['lawfulBasis', 'import', 'Existing supplier', [{ field: 'lawfulBasis', from: null, to: 'legitimate_interests' }]],
    ]);
    await call('/api/settings', { method: 'PUT', token: admin, body: JSON.stringify({ requireLawfulBasis: false }) });
  });
});
