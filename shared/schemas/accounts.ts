import * as v from 'valibot';
import { emailAddress } from './common.ts';

/** `POST /api/accounts` (admins): a new sender, with their first token shown once. */
export const createAccountSchema = v.strictObject({
  email: emailAddress,
  role: v.optional(v.picklist(['admin', 'sender']), 'sender'),
  team: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1, 'A team name is not empty.'), v.maxLength(80, 'A team name has at most 80 characters.'))),
});

/** `POST /api/accounts/<id>/aliases` (admins): an address the sender may write from and be named by. */
export const addAliasSchema = v.strictObject({ email: emailAddress });
