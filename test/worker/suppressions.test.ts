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
    expect(exported.split(/\r?\n/)[0]).toBe('email,doNotContact,consent,tracking,scope,scopeId,updatedAt');
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
