import * as v from 'valibot';
import { emailAddress } from './common.ts';

/** `POST /api/contacts/status` (CONTRACT.md). */
export const contactsStatusSchema = v.strictObject({
  emails: v.pipe(v.array(emailAddress), v.minLength(1, 'Send at least one address.'), v.maxLength(500, 'At most 500 addresses at once.')),
});

export interface ContactStatus {
  email: string;
  doNotContact: 'none' | 'no_mass_email' | 'no_email' | 'no_contact';
  consent: 'granted' | 'withdrawn' | 'unknown';
  tracking: 'allowed' | 'refused';
  /** Where the opt-out was made, when there is one: shown beside a struck-through recipient. */
  scope: { kind: 'organisation' | 'team' | 'sender'; id: string } | null;
}
