import * as v from 'valibot';
import { MESSAGE_ID_PATTERN } from '../tracking/message-id.ts';
import { CONTROL_CHARACTER } from '../tracking/tracked-link.ts';

export const emailAddress = v.pipe(
  v.string(),
  v.trim(),
  v.maxLength(254, 'An email address has at most 254 characters.'),
  v.email('Not a valid email address.'),
  v.toLowerCase(),
);

export const messageId = v.pipe(
  v.string(),
  v.regex(MESSAGE_ID_PATTERN, 'A message id is 16 to 64 characters of A-Z, a-z, 0-9, "_" and "-".'),
);

export const isoDateTime = v.pipe(
  v.string(),
  v.isoTimestamp('Not an ISO-8601 date and time, e.g. 2026-11-24T10:00:00.000Z.'),
);

export const httpUrl = v.pipe(
  v.string(),
  v.maxLength(8192, 'A link has at most 8192 characters.'),
  v.url('Not a valid URL.'),
  v.check((url) => /^https?:/i.test(url), 'Only http and https links can be tracked.'),
  v.check((url) => !CONTROL_CHARACTER.test(url), 'A link may not contain control characters (tab, line break and the like).'),
);
