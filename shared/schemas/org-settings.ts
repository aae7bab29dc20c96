import * as v from 'valibot';

/**
 * What Send does while an opted-out recipient remains: `warn` holds the first press and sends on
 * the second; `block` refuses until they are removed ("Remove them and send").
 */
export const optOutEnforcementSchema = /* @__PURE__ */ v.picklist(['warn', 'block'] as const, 'optOutEnforcement is warn or block.');

/**
 * A message flagged Mail merge without an Unsubscribe Smart Link: `append` adds a short
 * unsubscribe line at Send; `hold` keeps Send back until the sender adds one.
 */
export const mailMergeOptOutSchema = /* @__PURE__ */ v.picklist(['append', 'hold'] as const, 'mailMergeOptOut is append or hold.');

export type OptOutEnforcement = v.InferOutput<typeof optOutEnforcementSchema>;
export type MailMergeOptOut = v.InferOutput<typeof mailMergeOptOutSchema>;

/** The organisation's settings as every sender's extension reads them (`GET /api/me`, `GET /api/settings`). */
export interface OrgSettings {
  /** Named on recipient pages; null until an admin sets it. */
  organisationName: string | null;
  /** Contacts without consent or another recorded lawful basis count as Do Not Contact (GDPR). */
  requireLawfulBasis: boolean;
  optOutEnforcement: OptOutEnforcement;
  mailMergeOptOut: MailMergeOptOut;
}

export const DEFAULT_ORG_SETTINGS: OrgSettings = {
  organisationName: null,
  requireLawfulBasis: false,
  optOutEnforcement: 'warn',
  mailMergeOptOut: 'append',
};
