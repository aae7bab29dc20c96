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

export const suppressionQuerySchema = v.object({
  q: v.optional(v.pipe(v.string(), v.maxLength(254, 'Search for at most 254 characters.'))),
  limit: v.optional(v.pipe(v.string(), v.regex(/^[0-9]{1,4}$/, 'limit is a whole number from 1 to 1000.'), v.transform(Number), v.minValue(1, 'limit is a whole number from 1 to 1000.'), v.maxValue(1000, 'limit is a whole number from 1 to 1000.'))),
});

/** `PUT /api/settings` (admins). */
export const settingsSchema = v.strictObject({
  organisationName: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1, 'The name is not empty.'), v.maxLength(120, 'At most 120 characters.'))),
  requireLawfulBasis: v.optional(v.boolean()),
  optOutEnforcement: v.optional(optOutEnforcementSchema),
  mailMergeOptOut: v.optional(mailMergeOptOutSchema),
});
