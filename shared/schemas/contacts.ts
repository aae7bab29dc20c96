import * as v from 'valibot';
import type { Consent, DoNotContact, ScopeKind, Tracking } from '../consent/values.ts';
import { emailAddress } from './common.ts';

/** `POST /api/contacts/status` (worker/api-reference/routes.ts). */
export const contactsStatusSchema = v.strictObject({
  emails: v.pipe(v.array(emailAddress), v.minLength(1, 'Send at least one address.'), v.maxLength(500, 'At most 500 addresses at once.')),
});

export interface ContactStatus {
  email: string;
  doNotContact: DoNotContact;
  consent: Consent;
  tracking: Tracking;
  /** Where the opt-out was made, when there is one: shown beside a struck-through recipient. */
  scope: { kind: ScopeKind; id: string } | null;
  /** 'consent' when consent is granted, else the basis a sender recorded, or null. */
  lawfulBasis: string | null;
  /** Why the contact is blocked when no opt-out says so: the organisation requires a lawful basis. */
  reason: 'no_lawful_basis' | null;
}
