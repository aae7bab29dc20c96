import { Hono } from 'hono';
import { contactsStatusSchema, type ContactStatus } from '../../../shared/schemas/contacts.ts';
import { statesFor } from '../../consent/contacts.ts';
import type { AppEnv } from '../../env.ts';
import { validate } from '../../http/validate.ts';

export const contacts = new Hono<AppEnv>();

/** `POST /api/contacts/status`: what applies to each address when this sender writes to it. */
contacts.post('/api/contacts/status', validate('json', contactsStatusSchema), async (c) => {
  const { emails } = c.req.valid('json');
  const sender = c.get('sender');
  const states = await statesFor(c.env.DB, [...new Set(emails)], sender);
  const list: ContactStatus[] = states.map(({ email, doNotContact, consent, tracking, scope, lawfulBasis, reason }) => ({ email, doNotContact, consent, tracking, scope, lawfulBasis, reason }));
  return c.json({ contacts: list });
});
