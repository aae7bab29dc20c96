import { Hono } from 'hono';
import { settingsSchema } from '../../../shared/schemas/suppressions.ts';
import { orgSettingsWrites, readOrgSettings } from '../../consent/org-settings.ts';
import { requireAdmin } from '../../consent/sender-access.ts';
import type { AppEnv } from '../../env.ts';
import { validate } from '../../http/validate.ts';

/** `/api/settings`: the organisation's settings (mounted in worker/app.ts). */
export const settings = new Hono<AppEnv>();

/** `GET /api/settings`: the organisation's name, lawful-basis rule, opt-out enforcement and mail-merge rule. */
settings.get('/', async (c) => c.json(await readOrgSettings(c.env.DB)));

/** `PUT /api/settings` (admins): any subset of the settings; the others stay as they were. */
settings.put('/', validate('json', settingsSchema), async (c) => {
  requireAdmin(c.get('sender'), "change the organisation's settings");
  const statements = orgSettingsWrites(c.env.DB, c.req.valid('json'));
  if (statements.length > 0) await c.env.DB.batch(statements);
  return c.body(null, 204);
});
