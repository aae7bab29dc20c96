import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, createSender } from './helpers.ts';

function post(path: string, token: string, body: unknown) {
  return call(path, { method: 'POST', token, body: JSON.stringify(body) });
}

async function ledgerCount(): Promise<number> {
  return (await env.DB.prepare('SELECT COUNT(*) AS n FROM consent_ledger').first<{ n: number }>())!.n;
}

describe('the suppression list', () => {
  it('lets a sender opt a contact out by hand, and back in only with a note', async () => {
    const token = await createSender('manual@example.com');
    expect((await post('/api/suppressions', token, { email: 'manual@example.org', doNotContact: 'no_email', scope: 'sender' })).status).toBe(201);
    const refused = await post('/api/suppressions', token, { email: 'manual@example.org', doNotContact: 'none', scope: 'sender' });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { field: string } }).error.field).toBe('note');
    const back = await post('/api/suppressions', token, { email: 'manual@example.org', doNotContact: 'none', scope: 'sender', note: 'Signed form received 2026-11-20 at the fair' });
    expect(back.status).toBe(201);
    const ledger = (await (await call('/api/contacts/manual%40example.org/ledger', { token })).json()) as { entries: { source: string; note: string | null }[] };
    expect(ledger.entries.map((e) => [e.source, e.note])).toEqual([['sender', null], ['sender', 'Signed form received 2026-11-20 at the fair']]);
  });

  it('leaves organisation-wide opt-ins to admins', async () => {
    const sender = await createSender('not-admin@example.com');
    const admin = await createSender('admin@example.com', 'admin');
    await post('/api/suppressions', sender, { email: 'org@example.org', doNotContact: 'no_email' });
    const denied = await post('/api/suppressions', sender, { email: 'org@example.org', doNotContact: 'none', note: 'asked by phone' });
    expect(denied.status).toBe(403);
    expect((await post('/api/suppressions', admin, { email: 'org@example.org', doNotContact: 'none', note: 'Written consent by email, 2026-11-21' })).status).toBe(201);
  });

  it('imports good rows in one go, reports bad ones by line, and exports what it imported', async () => {
    const token = await createSender('import@example.com');
    const before = await ledgerCount();
    const csv = ['email,doNotContact,scope', 'imp1@example.org,no_email,', 'broken,no_email,', 'imp2@example.org,no_contact,sender', 'imp3@example.org,perhaps,', 'imp4@example.org,none,'].join('\n');
    const res = await call('/api/suppressions/import', { method: 'POST', token, headers: { 'content-type': 'text/csv' }, body: csv });
    expect(res.status).toBe(200);
    const report = (await res.json()) as { imported: number; unchanged: number; rejected: { line: number; field: string }[] };
    expect(report.imported).toBe(2);
    expect(report.unchanged).toBe(1); // imp4: "none" for someone who never opted out
    expect(report.rejected.map((r) => [r.line, r.field])).toEqual([[3, 'email'], [5, 'doNotContact']]);
    expect(await ledgerCount()).toBe(before + 2);

    const exported = await (await call('/api/suppressions/export', { token })).text();
    expect(exported.split(/\r?\n/)[0]).toBe('email,doNotContact,consent,tracking,scope,scopeId,updatedAt,lawfulBasis,owner');
    expect(exported).toContain('imp1@example.org,no_email,unknown,allowed,organisation,');
    expect(exported).toMatch(/imp2@example.org,no_contact,unknown,allowed,sender,/);

    // An import never opts anyone back in, and says on which line it refused.
    const optIn = (await (await call('/api/suppressions/import', { method: 'POST', token, headers: { 'content-type': 'text/csv' }, body: 'email,doNotContact\nx@example.org,no_email\nimp1@example.org,none\n' })).json()) as { imported: number; rejected: { line: number; message: string }[] };
    expect(optIn.rejected).toEqual([{ line: 3, field: 'doNotContact', message: expect.stringMatching(/cannot opt a contact back in/) }]);
    expect(optIn.imported).toBe(1);

    // Round trip: importing the export changes nothing.
    const again = (await (await call('/api/suppressions/import', { method: 'POST', token, headers: { 'content-type': 'text/csv' }, body: exported })).json()) as { imported: number };
    expect(again.imported).toBe(0);
    expect(await ledgerCount()).toBe(before + 3);
  });

  it('shows a sender the organisation\'s and their own rows, not another sender\'s', async () => {
    const a = await createSender('vis-a@example.com');
    const b = await createSender('vis-b@example.com');
    await post('/api/suppressions', a, { email: 'mine@example.org', doNotContact: 'no_email', scope: 'sender' });
    await post('/api/suppressions', a, { email: 'everyone@example.org', doNotContact: 'no_email' });
    const seen = async (token: string) => ((await (await call('/api/suppressions?q=example.org', { token })).json()) as { suppressions: { email: string }[] }).suppressions.map((s) => s.email);
    expect(await seen(a)).toEqual(expect.arrayContaining(['mine@example.org', 'everyone@example.org']));
    expect(await seen(b)).toContain('everyone@example.org');
    expect(await seen(b)).not.toContain('mine@example.org');
    const ledger = (await (await call('/api/contacts/mine%40example.org/ledger', { token: b })).json()) as { entries: unknown[] };
    expect(ledger.entries).toEqual([]);
  });
});

describe('erasing a contact', () => {
  it('keeps only the hashed address, the opt-out and the ledger', async () => {
    const admin = await createSender('eraser@example.com', 'admin');
    const { mintMessageId } = await import('../../shared/tracking/message-id.ts');
    const { linkKeyOf, registration } = await import('./helpers.ts');
    const id = mintMessageId(await linkKeyOf(admin));
    await post('/api/messages', admin, registration(id, { to: ['erase.me@example.org', 'keep@example.org'] }));
    await post('/api/suppressions', admin, { email: 'erase.me@example.org', doNotContact: 'no_email' });
    const ledgerBefore = await ledgerCount();

    expect((await call('/api/contacts/erase.me%40example.org', { method: 'DELETE', token: admin })).status).toBe(204);
    const dump = JSON.stringify([
      (await env.DB.prepare('SELECT * FROM contact_addresses').all()).results,
      (await env.DB.prepare('SELECT * FROM messages').all()).results,
      (await env.DB.prepare('SELECT * FROM consent_ledger').all()).results,
      (await env.DB.prepare('SELECT * FROM contact_preferences').all()).results,
    ]);
    expect(dump).not.toContain('erase.me@example.org');
    expect(dump).toContain('keep@example.org');
    expect(await ledgerCount()).toBe(ledgerBefore);
    // Still suppressed: the status check hashes the typed address and finds the opt-out.
    const status = (await (await post('/api/contacts/status', admin, { emails: ['erase.me@example.org'] })).json()) as { contacts: { doNotContact: string }[] };
    expect(status.contacts[0]!.doNotContact).toBe('no_email');
  });
});

describe('the lawful-basis rule', () => {
  it('treats contacts without consent or a recorded basis as Do Not Contact once an admin turns it on', async () => {
    const admin = await createSender('dpo@example.com', 'admin');
    const check = async (email: string) =>
      ((await (await post('/api/contacts/status', admin, { emails: [email] })).json()) as { contacts: { doNotContact: string; lawfulBasis: string | null; reason: string | null }[] }).contacts[0]!;
    await post('/api/suppressions', admin, { email: 'client@example.org', doNotContact: 'none', lawfulBasis: 'contract', note: 'Service contract 2026-07', scope: 'sender' });
    expect((await check('stranger@example.org')).doNotContact).toBe('none');

    expect((await call('/api/settings', { method: 'PUT', token: admin, body: JSON.stringify({ requireLawfulBasis: true }) })).status).toBe(204);
    expect(await check('stranger@example.org')).toEqual(expect.objectContaining({ doNotContact: 'no_contact', lawfulBasis: null, reason: 'no_lawful_basis' }));
    expect(await check('client@example.org')).toEqual(expect.objectContaining({ doNotContact: 'none', lawfulBasis: 'contract', reason: null }));
    await call('/api/settings', { method: 'PUT', token: admin, body: JSON.stringify({ requireLawfulBasis: false }) });
  });
});
