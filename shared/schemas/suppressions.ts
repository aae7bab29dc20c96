import * as v from 'valibot';
import { consentSchema, doNotContactSchema, lawfulBasisSchema, scopeKindSchema, trackingSchema } from '../consent/values.ts';
import { emailAddress } from './common.ts';
import { mailMergeOptOutSchema, optOutEnforcementSchema } from './org-settings.ts';

/** `POST /api/suppressions`: a sender changes a contact's state by hand. */
export const manualChangeSchema = v.strictObject({
  email: emailAddress,
  /** Left out, the contact's Do Not Contact at that scope stays as it is (e.g. recording only a lawful basis). */
  doNotContact: v.optional(doNotContactSchema),
  consent: v.optional(consentSchema),
  tracking: v.optional(trackingSchema),
  scope: v.optional(scopeKindSchema, 'organisation'),
  /** A lawful basis other than consent (GDPR art. 6), recorded by the sender. */
  lawfulBasis: v.optional(lawfulBasisSchema),
  /** Required to opt anyone back in: the written consent received (date, channel, wording). */
  note: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(2000, 'A note has at most 2000 characters.'))),
});

/**
 * Whose opt-out a row is: the sender, team or organisation whose scope it was set at, with the
 * words to show for it (the sender's address, the team's name, the organisation's name).
 */
export const suppressionOwnerSchema = v.object({
  kind: scopeKindSchema,
  /** The account or team id; '' for the organisation. */
  id: v.string(),
  label: v.string(),
});

/** One row of the opt-out list, as `GET /api/suppressions` answers it and its CSV export writes it. */
export const suppressionRowSchema = v.object({
  email: v.string(),
  doNotContact: doNotContactSchema,
  consent: consentSchema,
  tracking: trackingSchema,
  scope: scopeKindSchema,
  /** '' for the organisation, else the team or sender id. */
  scopeId: v.string(),
  updatedAt: v.string(),
  /** The lawful basis recorded at this scope besides consent, if any. */
  lawfulBasis: v.nullable(lawfulBasisSchema),
  owner: suppressionOwnerSchema,
});

export type SuppressionOwner = v.InferOutput<typeof suppressionOwnerSchema>;
export type SuppressionRow = v.InferOutput<typeof suppressionRowSchema>;

const OWNER_ID = '[A-Za-z0-9_-]{1,64}';
const OWNER_FILTER_MESSAGE = 'owner is me, organisation, team:<team id> or account:<account id>.';

/**
 * `?owner=`: `me`, `organisation`, `team:<team id>` or `account:<account id>`, as the scope it
 * names (`me` is resolved by the route, which knows who asks).
 */
export const ownerFilterSchema = v.pipe(
  v.string(),
  v.regex(new RegExp(`^(me|organisation|team:${OWNER_ID}|account:${OWNER_ID})$`), OWNER_FILTER_MESSAGE),
  v.transform((text): OwnerFilter => {
    if (text === 'me' || text === 'organisation') return { kind: text };
    const [prefix, id] = text.split(':') as [string, string];
    return prefix === 'team' ? { kind: 'team', id } : { kind: 'sender', id };
  }),
);

export type OwnerFilter = { kind: 'me' | 'organisation' } | { kind: 'team' | 'sender'; id: string };

export const suppressionQuerySchema = v.object({
  q: v.optional(v.pipe(v.string(), v.maxLength(254, 'Search for at most 254 characters.'))),
  owner: v.optional(ownerFilterSchema),
  limit: v.optional(v.pipe(v.string(), v.regex(/^[0-9]{1,4}$/, 'limit is a whole number from 1 to 1000.'), v.transform(Number), v.minValue(1, 'limit is a whole number from 1 to 1000.'), v.maxValue(1000, 'limit is a whole number from 1 to 1000.'))),
});

/** `GET /api/suppressions/export`: the whole list, or one owner's. */
export const suppressionExportQuerySchema = v.object({ owner: v.optional(ownerFilterSchema) });

/** `PUT /api/settings` (admins). */
export const settingsSchema = v.strictObject({
  organisationName: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1, 'The name is not empty.'), v.maxLength(120, 'At most 120 characters.'))),
  requireLawfulBasis: v.optional(v.boolean()),
  optOutEnforcement: v.optional(optOutEnforcementSchema),
  mailMergeOptOut: v.optional(mailMergeOptOutSchema),
});
