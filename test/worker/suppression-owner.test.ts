import { env } from 'cloudflare:workers';
import Papa from 'papaparse';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { suppressionRowSchema, type SuppressionRow } from '../../shared/schemas/suppressions.ts';
import { call, createSender } from './helpers.ts';

function post(path: string, token: string, body: unknown) {
  return call(path, { method: 'POST', token, body: JSON.stringify(body) });
}

async function addSender(admin: string, email: string, team?: string): Promise<{ id: string; token: string; teamId: string | null }> {
  const res = await post('/api/accounts', admin, { email, ...(team ? { team } : {}) });
  expect(res.status).toBe(201);
  const { id, token } = (await res.json()) as { id: string; token: string };
  const row = await env.DB.prepare('SELECT team_id FROM accounts WHERE id = ?').bind(id).first<{ team_id: string | null }>();
  return { id, token, teamId: row!.team_id };
}

/** Each test's contacts are at their own domain, so the lists of one test are not another's. */
let domain = '';

async function list(token: string, query = ''): Promise<Response> {
  return call(`/api/suppressions?q=${domain}${query}`, { token });
}

/** The rows, each checked against the shared schema the extension reads them with. */
async function rows(token: string, query = ''): Promise<SuppressionRow[]> {
  const res = await list(token, query);
  expect(res.status).toBe(200);
  const { suppressions } = (await res.json()) as { suppressions: unknown[] };
  return suppressions.map((row) => v.parse(suppressionRowSchema, row));
}

const byEmail = (list: SuppressionRow[]) => Object.fromEntries(list.map((row) => [row.email, row.owner]));
const emails = (list: SuppressionRow[]) => list.map((row) => row.email).sort();

async function ledgerCount(): Promise<number> {
  return (await env.DB.prepare('SELECT COUNT(*) AS n FROM consent_ledger').first<{ n: number }>())!.n;
}

function importCsv(token: string, csv: string) {
  return call('/api/suppressions/import', { method: 'POST', token, headers: { 'content-type': 'text/csv' }, body: csv });
}

/**
 * An admin, Ana in the team Newsletters, Ben in the team Events, and one opt-out at each of their
 * scopes and the organisation's.
 */
async function organisation(tag: string) {
  domain = `${tag}.example.org`;
  const admin = await createSender(`${tag}-admin@example.com`, 'admin');
  expect((await call('/api/settings', { method: 'PUT', token: admin, body: JSON.stringify({ organisationName: 'Acme Ltd' }) })).status).toBe(204);
  const ana = await addSender(admin, `ana.${tag}@example.com`, `Newsletters ${tag}`);
  const ben = await addSender(admin, `ben.${tag}@example.com`, `Events ${tag}`);
  const optOut = async (token: string, email: string, scope: string) => expect((await post('/api/suppressions', token, { email, doNotContact: 'no_email', scope })).status).toBe(201);
  await optOut(ana.token, `ana-own@${domain}`, 'sender');
  await optOut(ana.token, `ana-team@${domain}`, 'team');
  await optOut(ben.token, `ben-own@${domain}`, 'sender');
  await optOut(ben.token, `ben-team@${domain}`, 'team');
  await optOut(admin, `everyone@${domain}`, 'organisation');
  // A lawful basis recorded at Ana's scope, with the note it needs (a change of its own, so 201).
  expect((await post('/api/suppressions', ana.token, { email: `ana-own@${domain}`, doNotContact: 'no_email', scope: 'sender', lawfulBasis: 'contract', note: 'Support contract 2026-03' })).status).toBe(201);
  return { admin, ana, ben };
}

describe('whose opt-out each row is', { timeout: 30_000 }, () => {
  it('names the sender by address, the team by name and the organisation by its settings name', async () => {
    const tag = 'owner-labels';
    const { admin, ana, ben } = await organisation(tag);
    const owners = byEmail(await rows(admin));
    expect(owners).toEqual({
      [`ana-own@${domain}`]: { kind: 'sender', id: ana.id, label: `ana.${tag}@example.com` },
      [`ana-team@${domain}`]: { kind: 'team', id: ana.teamId, label: `Newsletters ${tag}` },
      [`ben-own@${domain}`]: { kind: 'sender', id: ben.id, label: `ben.${tag}@example.com` },
      [`ben-team@${domain}`]: { kind: 'team', id: ben.teamId, label: `Events ${tag}` },
      [`everyone@${domain}`]: { kind: 'organisation', id: '', label: 'Acme Ltd' },
    });
    const anaOwn = (await rows(admin)).find((row) => row.email === `ana-own@${domain}`);
    expect(anaOwn).toEqual(expect.objectContaining({ scope: 'sender', scopeId: ana.id, lawfulBasis: 'contract', doNotContact: 'no_email' }));
  });

  it('filters by owner: admins name anyone, a sender only what they see', async () => {
    const tag = 'owner-filter';
    const { admin, ana, ben } = await organisation(tag);
    expect(emails(await rows(admin, `&owner=account:${ben.id}`))).toEqual([`ben-own@${domain}`]);
    expect(emails(await rows(admin, `&owner=team:${ana.teamId}`))).toEqual([`ana-team@${domain}`]);
    expect(emails(await rows(admin, '&owner=organisation'))).toEqual([`everyone@${domain}`]);
    expect(emails(await rows(admin, '&owner=me'))).toEqual([]);

    // Ana sees the organisation's, her team's and her own; the filter narrows to one of them.
    expect(emails(await rows(ana.token))).toEqual([`ana-own@${domain}`, `ana-team@${domain}`, `everyone@${domain}`]);
    expect(emails(await rows(ana.token, '&owner=me'))).toEqual([`ana-own@${domain}`]);
    expect(emails(await rows(ana.token, `&owner=account:${ana.id}`))).toEqual([`ana-own@${domain}`]);
    expect(emails(await rows(ana.token, `&owner=team:${ana.teamId}`))).toEqual([`ana-team@${domain}`]);
    for (const other of [`account:${ben.id}`, `team:${ben.teamId}`]) {
      const refused = await list(ana.token, `&owner=${other}`);
      expect(refused.status).toBe(403);
      expect(await refused.json()).toEqual({ error: { code: 'forbidden', message: expect.any(String), field: 'owner' } });
    }
    for (const bad of ['someone', 'team:', 'account:a b', 'me:x']) {
      const res = await list(admin, `&owner=${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(400);
      expect(((await res.json()) as { error: { field: string } }).error.field).toBe('owner');
    }
  });

  it('exports the owner and lawful basis, and the export imports back unchanged, for an admin and a sender', async () => {
    const tag = 'owner-export';
    const { admin, ana, ben } = await organisation(tag);
    const before = await ledgerCount();
    const exported = await (await call('/api/suppressions/export', { token: admin })).text();
    const parsed = Papa.parse<Record<string, string>>(exported, { header: true, skipEmptyLines: true });
    expect(parsed.meta.fields).toEqual(['email', 'doNotContact', 'consent', 'tracking', 'scope', 'scopeId', 'updatedAt', 'lawfulBasis', 'owner']);
    const row = (email: string) => parsed.data.find((r) => r.email === email);
    expect(row(`ana-own@${domain}`)).toEqual(expect.objectContaining({ scope: 'sender', scopeId: ana.id, lawfulBasis: 'contract', owner: `ana.${tag}@example.com` }));
    expect(row(`ben-team@${domain}`)).toEqual(expect.objectContaining({ scope: 'team', scopeId: ben.teamId, lawfulBasis: '', owner: `Events ${tag}` }));
    expect(row(`everyone@${domain}`)).toEqual(expect.objectContaining({ scope: 'organisation', scopeId: '', owner: 'Acme Ltd' }));

    // Each row goes back to the scope it names: nothing lands on the admin's own list.
    const again = (await (await importCsv(admin, exported)).json()) as { imported: number; unchanged: number; rejected: unknown[] };
    expect(again).toEqual({ imported: 0, unchanged: parsed.data.length, rejected: [] });
    const anaExport = await (await call('/api/suppressions/export', { token: ana.token })).text();
    expect((await (await importCsv(ana.token, anaExport)).json()) as unknown).toEqual(expect.objectContaining({ imported: 0, rejected: [] }));
    expect(await ledgerCount()).toBe(before);

    // An owner filter narrows the export too.
    const bens = Papa.parse<Record<string, string>>(await (await call(`/api/suppressions/export?owner=account:${ben.id}`, { token: admin })).text(), { header: true, skipEmptyLines: true });
    expect(bens.data.map((r) => r.email)).toEqual([`ben-own@${domain}`]);
  });

  it("imports a named scope only where the importer may: a sender not into another's, an admin not into one that does not exist", async () => {
    const tag = 'owner-import';
    const { admin, ana, ben } = await organisation(tag);
    const csv = ['email,scope,scopeId', `new1@${domain},sender,${ben.id}`, `new2@${domain},team,${ben.teamId}`, `new3@${domain},sender,${ana.id}`].join('\n');
    const byAna = (await (await importCsv(ana.token, csv)).json()) as { imported: number; rejected: { line: number; field: string }[] };
    expect(byAna.imported).toBe(1);
    expect(byAna.rejected.map((r) => [r.line, r.field])).toEqual([[2, 'scopeId'], [3, 'scopeId']]);

    const byAdmin = (await (await importCsv(admin, `${csv}\nnew4@${domain},team,team-nobody\n`)).json()) as { imported: number; unchanged: number; rejected: { line: number; field: string }[] };
    expect(byAdmin.rejected.map((r) => [r.line, r.field])).toEqual([[5, 'scopeId']]);
    expect(byAdmin.imported).toBe(2);
    expect(byEmail(await rows(admin, `&owner=account:${ben.id}`))[`new1@${domain}`]).toEqual({ kind: 'sender', id: ben.id, label: `ben.${tag}@example.com` });
  });
});
