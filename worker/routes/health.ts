import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';

export const health = new Hono<AppEnv>();

health.get('/health', async (c) => {
  // Dead letters are hits that failed every retry: nothing is lost, but an operator must look.
  const row = await c.env.DB.prepare('SELECT COUNT(*) AS n FROM dead_letter_hits').first<{ n: number }>();
  return c.json({ ok: true, deadLetterHits: row?.n ?? 0 });
});
