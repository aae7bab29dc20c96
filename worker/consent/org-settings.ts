import * as v from 'valibot';
import { DEFAULT_ORG_SETTINGS, mailMergeOptOutSchema, optOutEnforcementSchema, type OrgSettings } from '../../shared/schemas/org-settings.ts';

/** Each setting's key in `org_settings`, a key/value table of text. */
const KEYS = {
  organisationName: 'organisation_name',
  requireLawfulBasis: 'require_lawful_basis',
  optOutEnforcement: 'opt_out_enforcement',
  mailMergeOptOut: 'mail_merge_opt_out',
} as const satisfies Record<keyof OrgSettings, string>;

/** The organisation's settings, with the default for any never set. */
export async function readOrgSettings(db: D1Database): Promise<OrgSettings> {
  const keys = Object.values(KEYS);
  const rows = await db
    .prepare(`SELECT key, value FROM org_settings WHERE key IN (${keys.map(() => '?').join(',')})`)
    .bind(...keys)
    .all<{ key: string; value: string }>();
  const stored = new Map(rows.results.map((row) => [row.key, row.value]));
  const enforcement = stored.get(KEYS.optOutEnforcement);
  const mailMerge = stored.get(KEYS.mailMergeOptOut);
  return {
    organisationName: stored.get(KEYS.organisationName) ?? DEFAULT_ORG_SETTINGS.organisationName,
    requireLawfulBasis: stored.get(KEYS.requireLawfulBasis) === 'true',
    optOutEnforcement: v.is(optOutEnforcementSchema, enforcement) ? enforcement : DEFAULT_ORG_SETTINGS.optOutEnforcement,
    mailMergeOptOut: v.is(mailMergeOptOutSchema, mailMerge) ? mailMerge : DEFAULT_ORG_SETTINGS.mailMergeOptOut,
  };
}

/** The writes of a partial update: only the settings `change` names (an admin's PUT /api/settings). */
export function orgSettingsWrites(db: D1Database, change: Partial<OrgSettings>): D1PreparedStatement[] {
  const upsert = db.prepare('INSERT INTO org_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  return (Object.keys(KEYS) as (keyof OrgSettings)[]).flatMap((name) => {
    const value = change[name];
    return value === undefined || value === null ? [] : [upsert.bind(KEYS[name], String(value))];
  });
}
