import { describe, expect, it } from 'vitest';
import { mintMessageId } from '../../shared/tracking/message-id.ts';
import { BASE, call, createSender, linkKeyOf, registration } from './helpers.ts';

describe('rate limits', () => {
  it('stop a script hammering one Smart Link form, without touching another link', async () => {
    const token = await createSender('limits@example.com');
    const key = await linkKeyOf(token);
    const links = async () => {
      const id = mintMessageId(key);
      const res = await call('/api/messages', { method: 'POST', token, body: JSON.stringify(registration(id, { to: ['a@example.org', 'b@example.org'] })) });
      return ((await res.json()) as { smartLinks: { unsubscribe: string } }).smartLinks.unsubscribe.slice(BASE.length);
    };
    const hammered = await links();
    const other = await links();
    const post = (path: string) => call(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=nobody%40example.org' });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await post(hammered)).status);
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true); // not a recipient, served the same answer as one
    expect(statuses.slice(10)).toEqual([429, 429]);
    expect(await (await post(hammered)).text()).toMatch(/Too many attempts/);
    expect((await post(other)).status).toBe(200);
  }, 30_000); // 14 form posts, each with its evidence look-ups: room for a loaded machine
});
