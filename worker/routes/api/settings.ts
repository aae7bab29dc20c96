import { Hono } from 'hono';
import { settingsSchema } from '../../../shared/schemas/suppressions.ts';
import { requireAdmin } from '../../consent/sender-access.ts';
import type { AppEnv } from '../../env.ts';
import { validate } from '../../http/validate.ts';

/** `/api/settings`: the organisation's settings (mounted in worker/app.ts). */
export const settings = new Hono<AppEnv>();

/** `GET /api/settings`: the organisation's name and lawful-basis rule. */
settings.get('/', async (c) => {
  const rows = await c.env.DB.prepare("SELECT key, value FROM org_settings WHERE key IN ('organisation_name', 'require_lawful_basis')").all<{ key: string; value: string }>();
  const map = new Map(rows.results.map((r) => [r.key, r.value]));
  return c.json({ organisationName: map.get('organisation_name') ?? null, requireLawfulBasis: map.get('require_lawful_basis') === 'true' });
});

/** `PUT /api/settings` (admins). */
settings.put('/', validate('json', settingsSchema), async (c) => {
  requireAdmin(c.get('sender'), "change the organisation's settings");
  const input = c.req.valid('json');
  const upsert = c.env.DB.prepare('INSERT INTO org_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const statements = [
    ...(input.organisationName === undefined ? [] : [upsert.bind('organisation_name', input.organisationName)]),
    ...(input.requireLawfulBasis === undefined ? [] : [upsert.bind('require_lawful_basis', String(input.requireLawfulBasis))]),
  ];
  if (statements.length > 0) await c.env.DB.batch(statements);
  return c.body(null, 204);
});
