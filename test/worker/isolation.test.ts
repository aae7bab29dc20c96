import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { mintMessageId } from '../../shared/tracking/message-id.ts';
import { app } from '../../worker/app.ts';
import { BASE, call, createSender, eventually, hitCount, linkKeyOf, registration } from './helpers.ts';

interface World {
  ownerToken: string;
  foreignToken: string;
  messageId: string;
  contact: string;
}

/**
 * For every API route: what another sender's token gets when it aims at the owner's data. A
 * route missing here fails the convention test below, so a new route cannot skip this check.
 */
const FOREIGN_PROBES: Record<string, (w: World) => Promise<void>> = {
  'GET /api/openapi.json': async (w) => {
    // The reference is the same for everyone, and names nobody's data.
    const reference = await (await call('/api/openapi.json', { token: w.foreignToken })).text();
    expect(reference).not.toContain(w.messageId);
    expect(reference).not.toContain('owner@example.com');
  },
  'GET /api/me': async (w) => {
    const body = (await (await call('/api/me', { token: w.foreignToken })).json()) as { email: string };
    expect(body.email).not.toBe('owner@example.com');
  },
  'POST /api/messages': async (w) => {
    const res = await call('/api/messages', { method: 'POST', token: w.foreignToken, body: JSON.stringify(registration(w.messageId, { subject: 'hijack' })) });
    expect(res.status).toBe(409);
  },
  'GET /api/messages/:id': async (w) => {
    expect((await call(`/api/messages/${w.messageId}`, { token: w.foreignToken })).status).toBe(404);
  },
  'GET /api/messages': async (w) => {
    const ownerView = (await (await call('/api/messages?limit=200', { token: w.ownerToken })).json()) as { messages: { id: string }[] };
    expect(ownerView.messages.map((m) => m.id)).toContain(w.messageId);
    for (const filter of ['all', 'opened', 'not_opened', 'clicked', 'machine_only']) {
      const body = (await (await call(`/api/messages?limit=200&filter=${filter}&q=quarterly`, { token: w.foreignToken })).json()) as { messages: { id: string }[] };
      expect(body.messages.map((m) => m.id), filter).not.toContain(w.messageId);
    }
  },
  'GET /api/messages/:id/events': async (w) => {
    expect(((await (await call(`/api/messages/${w.messageId}/events`, { token: w.ownerToken })).json()) as { events: unknown[] }).events).toHaveLength(1);
    expect((await call(`/api/messages/${w.messageId}/events`, { token: w.foreignToken })).status).toBe(404);
  },
  'POST /api/messages/:id/viewing': async (w) => {
    expect((await call(`/api/messages/${w.messageId}/viewing`, { method: 'POST', token: w.foreignToken })).status).toBe(404);
  },
  'GET /api/events': async (w) => {
    const body = (await (await call('/api/events?limit=500', { token: w.foreignToken })).json()) as { events: { messageId: string }[] };
    expect(body.events.filter((e) => e.messageId === w.messageId)).toEqual([]);
  },
  'POST /api/contacts/status': async (w) => {
    // Organisation-wide opt-outs are shared on purpose; the owner's sender-scope one is not.
    const body = (await (await call('/api/contacts/status', { method: 'POST', token: w.foreignToken, body: JSON.stringify({ emails: [w.contact] }) })).json()) as { contacts: { doNotContact: string }[] };
    expect(body.contacts[0]!.doNotContact).toBe('none');
  },
  'GET /api/suppressions': async (w) => {
    const body = (await (await call('/api/suppressions', { token: w.foreignToken })).json()) as { suppressions: { email: string }[] };
    expect(body.suppressions.map((s) => s.email)).not.toContain(w.contact);
  },
  'GET /api/suppressions/export': async (w) => {
    expect(await (await call('/api/suppressions/export', { token: w.foreignToken })).text()).not.toContain(w.contact);
  },
  'POST /api/suppressions': async (w) => {
    // A foreign sender's own-scope change lands in their scope, never the owner's.
    await call('/api/suppressions', { method: 'POST', token: w.foreignToken, body: JSON.stringify({ email: w.contact, doNotContact: 'no_contact', scope: 'sender' }) });
    const owner = (await (await call('/api/contacts/status', { method: 'POST', token: w.ownerToken, body: JSON.stringify({ emails: [w.contact] }) })).json()) as { contacts: { doNotContact: string }[] };
    expect(owner.contacts[0]!.doNotContact).toBe('no_email');
  },
  'POST /api/suppressions/import': async (w) => {
    await call('/api/suppressions/import', { method: 'POST', token: w.foreignToken, headers: { 'content-type': 'text/csv' }, body: `email,doNotContact,scope\n${w.contact},no_contact,sender\n` });
    const owner = (await (await call('/api/contacts/status', { method: 'POST', token: w.ownerToken, body: JSON.stringify({ emails: [w.contact] }) })).json()) as { contacts: { doNotContact: string }[] };
    expect(owner.contacts[0]!.doNotContact).toBe('no_email');
  },
  'GET /api/contacts/:email/ledger': async (w) => {
    const owner = (await env.DB.prepare("SELECT id FROM accounts WHERE email = 'owner@example.com'").first<{ id: string }>())!.id;
    const body = (await (await call(`/api/contacts/${encodeURIComponent(w.contact)}/ledger`, { token: w.foreignToken })).json()) as { entries: { scope_id: string }[] };
    const ownerView = (await (await call(`/api/contacts/${encodeURIComponent(w.contact)}/ledger`, { token: w.ownerToken })).json()) as { entries: { scope_id: string }[] };
    expect(ownerView.entries.some((e) => e.scope_id === owner)).toBe(true);
    expect(body.entries.filter((e) => e.scope_id === owner)).toEqual([]);
  },
  'GET /api/ledger': async (w) => {
    const res = await call('/api/ledger?format=csv', { token: w.foreignToken });
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain(w.contact);
  },
  'GET /api/ledger/wordings/:hash': async (w) => {
    expect((await call(`/api/ledger/wordings/${'0'.repeat(64)}`, { token: w.foreignToken })).status).toBe(403);
  },
  'POST /api/tokens': async (w) => {
    const res = await call('/api/tokens', { method: 'POST', token: w.foreignToken });
    const { token } = (await res.json()) as { token: string };
    const me = (await (await call('/api/me', { token })).json()) as { email: string };
    expect(me.email).toBe('foreign@example.com');
  },
  'DELETE /api/tokens/current': async (w) => {
    const { token } = (await (await call('/api/tokens', { method: 'POST', token: w.foreignToken })).json()) as { token: string };
    expect((await call('/api/tokens/current', { method: 'DELETE', token })).status).toBe(204);
    expect((await call('/api/me', { token })).status).toBe(401);
    expect((await call('/api/me', { token: w.ownerToken })).status).toBe(200);
  },
  'GET /api/accounts': async (w) => {
    expect((await call('/api/accounts', { token: w.foreignToken })).status).toBe(403);
  },
  'POST /api/accounts': async (w) => {
    expect((await call('/api/accounts', { method: 'POST', token: w.foreignToken, body: JSON.stringify({ email: 'sneaky@example.com' }) })).status).toBe(403);
  },
  'DELETE /api/accounts/:id': async (w) => {
    const owner = (await env.DB.prepare("SELECT id FROM accounts WHERE email = 'owner@example.com'").first<{ id: string }>())!.id;
    expect((await call(`/api/accounts/${owner}`, { method: 'DELETE', token: w.foreignToken })).status).toBe(403);
    expect((await call('/api/me', { token: w.ownerToken })).status).toBe(200);
  },
  'POST /api/accounts/:id/aliases': async (w) => {
    const owner = (await env.DB.prepare("SELECT id FROM accounts WHERE email = 'owner@example.com'").first<{ id: string }>())!.id;
    expect((await call(`/api/accounts/${owner}/aliases`, { method: 'POST', token: w.foreignToken, body: JSON.stringify({ email: 'ceo@example.com' }) })).status).toBe(403);
  },
  'DELETE /api/accounts/:id/aliases/:email': async (w) => {
    const owner = (await env.DB.prepare("SELECT id FROM accounts WHERE email = 'owner@example.com'").first<{ id: string }>())!.id;
    expect((await call(`/api/accounts/${owner}/aliases/ceo%40example.com`, { method: 'DELETE', token: w.foreignToken })).status).toBe(403);
  },
  'DELETE /api/contacts/:email': async (w) => {
    expect((await call(`/api/contacts/${encodeURIComponent(w.contact)}`, { method: 'DELETE', token: w.foreignToken })).status).toBe(403);
  },
  'POST /api/stream-tickets': async (w) => {
    // A ticket names the stream object it opens: the foreign sender's own, never the owner's.
    const owner = (await env.DB.prepare("SELECT id FROM accounts WHERE email = 'owner@example.com'").first<{ id: string }>())!.id;
    const { url } = (await (await call('/api/stream-tickets', { method: 'POST', token: w.foreignToken })).json()) as { url: string };
    const objectId = new URL(url).searchParams.get('ticket')!.split('.')[0];
    expect(objectId).toMatch(/^[0-9a-f]{64}$/);
    expect(objectId).not.toBe(env.SENDER_STREAMS.idFromName(owner).toString());
  },
  'GET /api/stream': async (w) => {
    // The stream takes a ticket only; a bearer token does not stand in for one.
    const res = await call('/api/stream', { token: w.foreignToken, headers: { upgrade: 'websocket' } });
    expect(res.status).toBe(401);
    expect(res.webSocket).toBeNull();
  },
  'GET /api/settings': async (w) => {
    expect((await call('/api/settings', { token: w.foreignToken })).status).toBe(200);
  },
  'POST /api/landmark-failures': async (w) => {
    const res = await call('/api/landmark-failures', { method: 'POST', token: w.foreignToken, body: JSON.stringify({ client: 'outlook', landmarks: ['send'], build: 'isolation-probe' }) });
    expect(res.status).toBe(204);
    const row = await env.DB.prepare("SELECT a.email FROM landmark_failures f JOIN accounts a ON a.id = f.account_id WHERE f.build = 'isolation-probe'").first<{ email: string }>();
    expect(row?.email).toBe('foreign@example.com');
  },
  'GET /api/landmark-failures': async (w) => {
    expect((await call('/api/landmark-failures', { token: w.foreignToken })).status).toBe(403);
  },
  'PUT /api/settings': async (w) => {
    expect((await call('/api/settings', { method: 'PUT', token: w.foreignToken, body: JSON.stringify({ requireLawfulBasis: true }) })).status).toBe(403);
  },
};

function apiRoutes(): string[] {
  return [...new Set(app.routes.filter((r) => r.path.startsWith('/api/') && !r.path.endsWith('*') && r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))].sort();
}

describe('every API route with a foreign token', () => {
  it('has a probe for each route (convention)', () => {
    expect(apiRoutes()).toEqual(Object.keys(FOREIGN_PROBES).sort());
  });

  it('never shows or changes another sender\'s data', async () => {
    const ownerToken = await createSender('owner@example.com');
    const foreignToken = await createSender('foreign@example.com');
    const messageId = mintMessageId(await linkKeyOf(ownerToken));
    const contact = 'owned-contact@example.org';
    await call('/api/messages', { method: 'POST', token: ownerToken, body: JSON.stringify(registration(messageId)) });
    await call(`/o/${messageId}`, { headers: { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36' } });
    await eventually(async () => (await hitCount(messageId)) === 1, 'the owner\'s hit');
    await call('/api/suppressions', { method: 'POST', token: ownerToken, body: JSON.stringify({ email: contact, doNotContact: 'no_email', scope: 'sender' }) });
    const world = { ownerToken, foreignToken, messageId, contact };
    for (const [route, probe] of Object.entries(FOREIGN_PROBES)) {
      await probe(world).catch((err: unknown) => {
        throw new Error(`${route}: ${String(err)}`);
      });
    }
    expect(BASE).toMatch(/^https:/);
    // One probe after another over every API route: seconds on a loaded machine.
  }, 20_000);
});
