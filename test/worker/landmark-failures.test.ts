import { describe, expect, it } from 'vitest';
import { call, createSender } from './helpers.ts';

const report = (token: string, body: unknown) => call('/api/landmark-failures', { method: 'POST', token, body: JSON.stringify(body) });

interface Health {
  ok: boolean;
  landmarkFailures: Record<'gmail' | 'outlook', { lastFailedAt: string; landmarks: string[]; build: string | null } | null>;
}

describe('landmark failures', () => {
  it('are reported by senders, shown per client on /health without who, and listed for admins', async () => {
    const ana = await createSender('landmarks-ana@example.com');
    const bo = await createSender('landmarks-bo@example.com');
    const admin = await createSender('landmarks-admin@example.com', 'admin');
    const before = new Date().toISOString();
    expect((await report(ana, { client: 'gmail', landmarks: ['send'], build: 'gmail_fe_261201.04_p2' })).status).toBe(204);
    expect((await report(ana, { client: 'gmail', landmarks: ['send'], build: 'gmail_fe_261201.04_p2' })).status).toBe(204);
    expect((await report(bo, { client: 'gmail', landmarks: ['send'], build: 'gmail_fe_261201.04_p2' })).status).toBe(204);
    expect((await report(bo, { client: 'outlook', landmarks: ['recipients', 'body'], build: null })).status).toBe(204);

    const health = (await (await call('/health')).json()) as Health;
    expect(health.ok).toBe(true);
    expect(health.landmarkFailures.gmail).toMatchObject({ landmarks: ['send'], build: 'gmail_fe_261201.04_p2' });
    expect(health.landmarkFailures.gmail!.lastFailedAt >= before).toBe(true);
    // One order for a set of landmarks, whatever order they came in.
    expect(health.landmarkFailures.outlook).toMatchObject({ landmarks: ['body', 'recipients'], build: null });
    expect(JSON.stringify(health)).not.toMatch(/landmarks-|@example/);

    const list = await call('/api/landmark-failures', { token: admin });
    expect(list.status).toBe(200);
    const { clients, failures } = (await list.json()) as { clients: Health['landmarkFailures']; failures: { client: string; landmarks: string[]; reports: number; senders: number }[] };
    expect(clients.gmail?.build).toBe('gmail_fe_261201.04_p2');
    expect(failures.find((failure) => failure.client === 'gmail')).toMatchObject({ landmarks: ['send'], reports: 3, senders: 2 });
  });

  it('are for admins to list', async () => {
    const sender = await createSender('landmarks-sender@example.com');
    expect((await call('/api/landmark-failures', { token: sender })).status).toBe(403);
    expect((await call('/api/landmark-failures')).status).toBe(401);
  });

  it.each([
    ['client', { client: 'yahoo', landmarks: ['send'], build: null }],
    ['landmarks', { client: 'gmail', landmarks: [], build: null }],
    ['landmarks', { client: 'gmail', landmarks: ['send', 'send'], build: null }],
    ['landmarks.0', { client: 'gmail', landmarks: ['subject'], build: null }],
    ['build', { client: 'gmail', landmarks: ['send'], build: 'has spaces' }],
  ])('answer 400 naming %s for a bad report', async (field, body) => {
    const token = await createSender(`landmarks-bad-${Math.random()}@example.com`);
    const res = await report(token, body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe(field);
  });
});
