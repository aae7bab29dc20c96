import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';

export const health = new Hono<AppEnv>();

health.get('/health', async (c) => {
  const db = await c.env.DB.prepare('SELECT 1 AS ok').first<{ ok: number }>();
  return c.json({ ok: db?.ok === 1 });
});
