import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { env } from 'cloudflare:workers';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { parseLedgerCsv } from '../../shared/consent/ledger-csv.ts';
import { consentWordingSchema, ledgerEntrySchema, type ConsentWording, type LedgerEntry } from '../../shared/schemas/ledger.ts';
import { mintMessageId } from '../../shared/tracking/message-id.ts';
import { BASE, call, createSender, linkKeyOf, registration } from './helpers.ts';

type Links = Record<'unsubscribe' | 'preferences' | 'grantConsent' | 'withdrawConsent' | 'stopTracking', string>;

async function sendMessage(token: string, to: string[]) {
  const id = mintMessageId(await linkKeyOf(token));
  const res = await call('/api/messages', { method: 'POST', token, body: JSON.stringify(registration(id, { to })) });
  const body = (await res.json()) as { smartLinks: Links };
  return (action: keyof Links) => body.smartLinks[action].slice(BASE.length);
}

function submit(path: string, fields: Record<string, string>, ip: string, cf?: Record<string, unknown>) {
  return call(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': ip },
    body: new URLSearchParams(fields).toString(),
    ...(cf ? { cf } : {}),
  } as RequestInit);
}

async function exportJson(token: string, query: string): Promise<{ from: string | null; until: string; entries: LedgerEntry[]; wordings: ConsentWording[] }> {
  const res = await call(`/api/ledger?${query}`, { token });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { from: string | null; until: string; entries: unknown[]; wordings: unknown[] };
  return { ...body, entries: body.entries.map((entry) => v.parse(ledgerEntrySchema, entry)), wordings: body.wordings.map((w) => v.parse(consentWordingSchema, w)) };
}

/** A ledger row written straight to D1 at a given time (the ledger is append-only: no way to back-date through the API). */
function oldRow(id: string, at: string) {
  return env.DB.prepare(
    `INSERT INTO consent_ledger (id, contact_key, at, scope_kind, scope_id, source, action, changes) VALUES (?, ?, ?, 'organisation', '', 'import', 'manual', ?)`,
  ).bind(id, 'c'.repeat(64), at, JSON.stringify([{ field: 'doNotContact', from: 'none', to: 'no_email' }]));
}

describe('the consent ledger export', { timeout: 30_000 }, () => {
  it('round-trips: the CSV holds what the JSON does, every field and its evidence, and each wording hash gives back its words', async () => {
    const admin = await createSender('ledger-admin@example.com', 'admin');
    const accountId = (await env.DB.prepare("SELECT id FROM accounts WHERE email = 'ledger-admin@example.com'").first<{ id: string }>())!.id;
    const start = new Date().toISOString();
    // A sole recipient unsubscribes in French; on a shared link someone types a co-recipient's address and grants (pending).
    const sole = await sendMessage(admin, ['sole@export.example.org']);
    expect((await submit(`${sole('unsubscribe')}?lang=fr`, { lang: 'fr' }, '81.2.69.160', { country: 'FR', asn: 3215 })).status).toBe(200);
    const shared = await sendMessage(admin, ['a@export.example.org', 'b@export.example.org']);
    expect((await submit(shared('grantConsent'), { email: 'b@export.example.org' }, '203.0.113.9')).status).toBe(200);
    // By hand, with a note a spreadsheet would run; and an import.
    expect((await call('/api/suppressions', { method: 'POST', token: admin, body: JSON.stringify({ email: 'hand@export.example.org', doNotContact: 'no_contact', lawfulBasis: 'contract', note: '=signed, form 12\non file' }) })).status).toBe(201);
    expect((await call('/api/suppressions/import', { method: 'POST', token: admin, headers: { 'content-type': 'text/csv' }, body: 'email\nimported@export.example.org\n' })).status).toBe(200);
    // An erased contact keeps its rows, without its address.
    expect((await call('/api/contacts/sole%40export.example.org', { method: 'DELETE', token: admin })).status).toBe(204);

    const query = `from=${encodeURIComponent(start)}&to=${encodeURIComponent(new Date().toISOString())}`;
    // Other test files may write to the same database meanwhile: this test reads its own sender's rows.
    const ours = (entries: LedgerEntry[]) => entries.filter((e) => e.accountId === accountId);
    const json = await exportJson(admin, query);
    const csvRes = await call(`/api/ledger?${query}&format=csv`, { token: admin });
    expect(csvRes.status).toBe(200);
    expect(csvRes.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csvRes.headers.get('content-disposition')).toMatch(/^attachment; filename="consent-ledger-[A-Za-z0-9._-]+\.csv"$/);
    expect(ours(parseLedgerCsv(await csvRes.text()))).toEqual(ours(json.entries));

    // What was recorded, with the evidence kinds as stored.
    expect(ours(json.entries).map((e) => [e.email, e.action, e.status, e.identifiedBy])).toEqual([
      [null, 'unsubscribe', 'applied', 'sole_recipient'],
      [null, 'grantConsent', 'pending', 'typed_on_shared_link'],
      ['hand@export.example.org', 'manual', 'applied', 'sender_with_note'],
      ['hand@export.example.org', 'lawfulBasis', 'applied', 'sender_with_note'],
      ['imported@export.example.org', 'manual', 'applied', 'import'],
    ]);
    const unsubscribe = ours(json.entries)[0]!;
    expect(unsubscribe).toEqual(expect.objectContaining({ network: '81.2.69.0/24', country: 'FR', language: 'fr', source: 'recipient_page', scope: 'organisation', scopeId: '' }));
    expect(ours(json.entries)[2]!.note).toBe('=signed, form 12\non file');
    expect(JSON.stringify(json)).not.toContain('81.2.69.160');

    // Each hash stands for words whose SHA-256 it is; the JSON carries the same words.
    const hashes = [...new Set(ours(json.entries).flatMap((e) => (e.wordingHash ? [e.wordingHash] : [])))];
    expect(hashes.length).toBeGreaterThanOrEqual(2);
    for (const hash of hashes) {
      const res = await call(`/api/ledger/wordings/${hash}`, { token: admin });
      expect(res.status).toBe(200);
      const wording = v.parse(consentWordingSchema, await res.json());
      expect(bytesToHex(sha256(utf8ToBytes(wording.wording)))).toBe(hash);
      expect(json.wordings).toContainEqual(wording);
    }
    const french = json.wordings.find((w) => w.hash === unsubscribe.wordingHash);
    expect(french?.language).toBe('fr');
    expect(french?.wording).toContain('Se désabonner');
  });

  it('selects by date: a day covers its whole UTC day, both bounds inclusive', async () => {
    const admin = await createSender('ledger-range@example.com', 'admin');
    await env.DB.batch([
      oldRow('before', '2026-03-09T23:59:59.999Z'),
      oldRow('first', '2026-03-10T00:00:00.000Z'),
      oldRow('last', '2026-03-11T23:59:59.999Z'),
      oldRow('after', '2026-03-12T00:00:00.000Z'),
    ]);
    const ids = async (query: string) => (await exportJson(admin, query)).entries.map((e) => e.id);
    expect(await ids('from=2026-03-10&to=2026-03-11')).toEqual(['first', 'last']);
    expect(await ids('from=2026-03-10T00:00:00.000Z&to=2026-03-11T23:59:59.999Z')).toEqual(['first', 'last']);
    expect(await ids('from=2026-03-09T23:59:59.999Z&to=2026-03-10')).toEqual(['before', 'first']);
    // Without a bound: from the first row, until now.
    const all = await ids('');
    expect(all.indexOf('before')).toBeLessThan(all.indexOf('after'));
    expect(all).toEqual(expect.arrayContaining(['before', 'first', 'last', 'after']));
    const csv = await (await call('/api/ledger?from=2026-03-12&to=2026-03-12&format=csv', { token: admin })).text();
    expect(parseLedgerCsv(csv).map((e) => [e.id, e.email, e.identifiedBy, e.note])).toEqual([['after', null, null, null]]);
  });

  it('is for admins; bad ranges and hashes are a clear 4xx', async () => {
    const admin = await createSender('ledger-checks@example.com', 'admin');
    const sender = await createSender('ledger-sender@example.com');
    expect((await call('/api/ledger', { token: sender })).status).toBe(403);
    expect((await call('/api/ledger?format=csv', { token: sender })).status).toBe(403);
    expect((await call('/api/ledger')).status).toBe(401);
    const error = async (path: string) => {
      const res = await call(path, { token: admin });
      return { status: res.status, ...((await res.json()) as { error: { code: string; field?: string } }).error };
    };
    expect(await error('/api/ledger?from=2026-02-30')).toEqual(expect.objectContaining({ status: 400, code: 'invalid_request', field: 'from' }));
    expect(await error('/api/ledger?to=yesterday')).toEqual(expect.objectContaining({ status: 400, field: 'to' }));
    expect(await error('/api/ledger?from=2026-03-11&to=2026-03-10')).toEqual(expect.objectContaining({ status: 400, field: 'to' }));
    expect(await error('/api/ledger?format=xml')).toEqual(expect.objectContaining({ status: 400, field: 'format' }));
    expect(await error('/api/ledger/wordings/not-a-hash')).toEqual(expect.objectContaining({ status: 400, field: 'hash' }));
    expect(await error(`/api/ledger/wordings/${'0'.repeat(64)}`)).toEqual(expect.objectContaining({ status: 404, code: 'not_found' }));
    // The words of a page name its sender: they are evidence for admins, as the export is.
    expect((await call(`/api/ledger/wordings/${'0'.repeat(64)}`, { token: sender })).status).toBe(403);
  });
});

describe('the consent ledger table, rebuilt to record expiries', () => {
  it('keeps its indexes and its append-only triggers', async () => {
    const objects = await env.DB.prepare("SELECT type, name FROM sqlite_master WHERE tbl_name = 'consent_ledger' AND name NOT LIKE 'sqlite_%' ORDER BY type, name").all<{ type: string; name: string }>();
    expect(objects.results).toEqual([
      { type: 'index', name: 'consent_ledger_by_account' },
      { type: 'index', name: 'consent_ledger_by_contact' },
      { type: 'index', name: 'consent_ledger_by_message' },
      { type: 'index', name: 'consent_ledger_by_time' },
      { type: 'table', name: 'consent_ledger' },
      { type: 'trigger', name: 'consent_ledger_is_append_only_delete' },
      { type: 'trigger', name: 'consent_ledger_is_append_only_update' },
    ]);
    await env.DB.batch([oldRow('locked', '2026-01-01T00:00:00.000Z')]);
    await expect(env.DB.prepare("UPDATE consent_ledger SET status = 'expired' WHERE id = 'locked'").run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare("DELETE FROM consent_ledger WHERE id = 'locked'").run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare("INSERT INTO consent_ledger (id, contact_key, at, scope_kind, scope_id, source, action, changes, status) VALUES ('x', 'k', 'now', 'organisation', '', 'import', 'manual', '[]', 'forged')").run()).rejects.toThrow(/CHECK/);
  });
});
