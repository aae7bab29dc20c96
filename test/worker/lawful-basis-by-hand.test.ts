import { describe, expect, it } from 'vitest';
import { call, createSender } from './helpers.ts';

async function status(token: string, email: string) {
  const res = await call('/api/contacts/status', { method: 'POST', token, body: JSON.stringify({ emails: [email] }) });
  return ((await res.json()) as { contacts: { doNotContact: string; consent: string; lawfulBasis: string | null }[] }).contacts[0]!;
}

describe('a lawful basis recorded by hand, without naming Do Not Contact', { timeout: 30_000 }, () => {
  it('records the basis and leaves an opt-out at that scope as it was', async () => {
    const sender = await createSender('basis-only@example.com');
    const post = (body: object) => call('/api/suppressions', { method: 'POST', token: sender, body: JSON.stringify({ email: 'kept-out@example.org', scope: 'sender', ...body }) });
    expect((await post({ doNotContact: 'no_mass_email' })).status).toBe(201);

    const recorded = await post({ lawfulBasis: 'legitimate_interests', note: 'Existing customer, invoice 2026-7' });
    expect(recorded.status).toBe(201);
    expect(((await recorded.json()) as { after: { doNotContact: string } }).after.doNotContact).toBe('no_mass_email');
    expect(await status(sender, 'kept-out@example.org')).toEqual(expect.objectContaining({ doNotContact: 'no_mass_email', lawfulBasis: 'legitimate_interests' }));

    // Consent is a choice, not a basis: by hand it is `consent: granted` with its note, and also keeps the opt-out.
    expect((await post({ consent: 'granted', note: 'Signed form of 2026-12-01' })).status).toBe(201);
    expect(await status(sender, 'kept-out@example.org')).toEqual(expect.objectContaining({ doNotContact: 'no_mass_email', consent: 'granted' }));
  });
});
