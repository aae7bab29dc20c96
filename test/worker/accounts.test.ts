import { describe, expect, it } from 'vitest';
import { call, createSender } from './helpers.ts';

describe('accounts and tokens', () => {
  it('rotates a token: the new one works, the old one stops at once', async () => {
    const old = await createSender('rotate@example.com');
    const res = await call('/api/tokens?revokeCurrent=true', { method: 'POST', token: old });
    expect(res.status).toBe(201);
    const { token } = (await res.json()) as { token: string };
    expect(token).toMatch(/^slt_/);
    expect((await call('/api/me', { token: old })).status).toBe(401);
    expect((await call('/api/me', { token })).status).toBe(200);
  });

  it('lets an admin create senders in teams, shown once, and delete them', async () => {
    const admin = await createSender('boss@example.com', 'admin');
    const created = await call('/api/accounts', { method: 'POST', token: admin, body: JSON.stringify({ email: 'New.Sender@Example.com', team: 'Events' }) });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { id: string; email: string; team: string; token: string };
    expect(body).toEqual(expect.objectContaining({ email: 'new.sender@example.com', team: 'Events' }));
    const me = await call('/api/me', { token: body.token });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: 'new.sender@example.com', role: 'sender', team: 'Events' });
    expect((await call('/api/accounts', { method: 'POST', token: admin, body: JSON.stringify({ email: 'new.sender@example.com' }) })).status).toBe(409);

    const list = (await (await call('/api/accounts', { token: admin })).json()) as { accounts: { email: string; team: string | null }[] };
    expect(list.accounts).toEqual(expect.arrayContaining([expect.objectContaining({ email: 'new.sender@example.com', team: 'Events' })]));
    expect(JSON.stringify(list)).not.toMatch(/slt_|token_hash|secret/);

    expect((await call(`/api/accounts/${body.id}`, { method: 'DELETE', token: admin })).status).toBe(204);
    expect((await call('/api/me', { token: body.token })).status).toBe(401);
  });

  it('refuses account management to senders', async () => {
    const sender = await createSender('plain@example.com');
    const res = await call('/api/accounts', { method: 'POST', token: sender, body: JSON.stringify({ email: 'x@example.com' }) });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
  });
});
