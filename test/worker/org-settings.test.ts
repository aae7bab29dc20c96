import { env } from 'cloudflare:workers';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call, createSender } from './helpers.ts';

let admin: string;
let sender: string;

beforeAll(async () => {
  admin = await createSender('settings-admin@example.com', 'admin');
  sender = await createSender('settings-sender@example.com');
});

afterEach(async () => {
  await env.DB.prepare("DELETE FROM org_settings WHERE key IN ('opt_out_enforcement', 'mail_merge_opt_out', 'organisation_name', 'require_lawful_basis')").run();
});

const put = (token: string, body: unknown) => call('/api/settings', { method: 'PUT', token, body: JSON.stringify(body) });

async function me(token: string) {
  const res = await call('/api/me', { token });
  expect(res.status).toBe(200);
  return ((await res.json()) as { settings: Record<string, unknown> }).settings;
}

describe('organisation settings: opt-out enforcement and mail merge', () => {
  it('tells every sender the defaults until an admin changes them: warn, append', async () => {
    expect(await me(sender)).toEqual({ organisationName: null, requireLawfulBasis: false, optOutEnforcement: 'warn', mailMergeOptOut: 'append' });
    const res = await call('/api/settings', { token: sender });
    expect(await res.json()).toEqual({ organisationName: null, requireLawfulBasis: false, optOutEnforcement: 'warn', mailMergeOptOut: 'append' });
  });

  it('applies a partial update and leaves the other settings as they were', async () => {
    expect((await put(admin, { organisationName: 'Acme', requireLawfulBasis: true })).status).toBe(204);
    expect((await put(admin, { optOutEnforcement: 'block' })).status).toBe(204);
    expect(await me(sender)).toEqual({ organisationName: 'Acme', requireLawfulBasis: true, optOutEnforcement: 'block', mailMergeOptOut: 'append' });
    expect((await put(admin, { mailMergeOptOut: 'hold' })).status).toBe(204);
    expect(await me(sender)).toEqual({ organisationName: 'Acme', requireLawfulBasis: true, optOutEnforcement: 'block', mailMergeOptOut: 'hold' });
    expect((await put(admin, { optOutEnforcement: 'warn' })).status).toBe(204);
    expect(await me(admin)).toMatchObject({ optOutEnforcement: 'warn', mailMergeOptOut: 'hold' });
  });

  it('refuses a sender who is not an admin, and changes nothing', async () => {
    const res = await put(sender, { optOutEnforcement: 'block' });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });
    expect(await me(sender)).toMatchObject({ optOutEnforcement: 'warn' });
  });

  it.each([
    [{ optOutEnforcement: 'refuse' }, 'optOutEnforcement', 'optOutEnforcement is warn or block.'],
    [{ mailMergeOptOut: 'append-and-hold' }, 'mailMergeOptOut', 'mailMergeOptOut is append or hold.'],
    [{ optOutEnforcement: true }, 'optOutEnforcement', 'optOutEnforcement is warn or block.'],
    [{ mailMergeOptOut: null }, 'mailMergeOptOut', 'mailMergeOptOut is append or hold.'],
    [{ optOutEnforcment: 'block' }, 'optOutEnforcment', expect.any(String)],
  ])('answers %j with a 400 naming the field', async (body, field, message) => {
    const res = await put(admin, body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'invalid_request', message, field } });
    expect(await me(admin)).toMatchObject({ optOutEnforcement: 'warn', mailMergeOptOut: 'append' });
  });

  it('reads a value it does not know (written by hand) as the default', async () => {
    await env.DB.prepare("INSERT INTO org_settings (key, value) VALUES ('opt_out_enforcement', 'strict')").run();
    expect(await me(sender)).toMatchObject({ optOutEnforcement: 'warn' });
  });
});
