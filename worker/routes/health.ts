import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { landmarkHealth } from '../landmarks/landmark-failures.ts';

export const health = new Hono<AppEnv>();

health.get('/health', async (c) => {
  // Dead letters are hits that failed every retry: nothing is lost, but an operator must look.
  const row = await c.env.DB.prepare('SELECT COUNT(*) AS n FROM dead_letter_hits').first<{ n: number }>();
  // Per webmail client, when a compose last lacked a landmark: a redesign shows here in minutes.
  const landmarkFailures = await landmarkHealth(c.env.DB);
  return c.json({ ok: true, deadLetterHits: row?.n ?? 0, landmarkFailures });
});
