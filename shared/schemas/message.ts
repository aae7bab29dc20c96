import * as v from 'valibot';
import { emailAddress, httpUrl, isoDateTime, messageId } from './common.ts';

const recipientList = v.pipe(v.array(emailAddress), v.maxLength(500, 'At most 500 recipients.'));

/** `POST /api/messages`: the extension registers a sent message (worker/api-reference/routes.ts). */
export const registerMessageSchema = v.strictObject({
  id: messageId,
  from: emailAddress,
  subject: v.pipe(v.string(), v.maxLength(998, 'A subject has at most 998 characters (RFC 5322).')),
  to: recipientList,
  cc: v.optional(recipientList),
  bcc: v.optional(recipientList),
  massMail: v.boolean(),
  tracked: v.boolean(),
  links: v.pipe(
    v.array(v.strictObject({ index: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(9999)), url: httpUrl })),
    v.maxLength(2000, 'At most 2000 links.'),
    // A tracked link is named by its index (/c/<id>/<index>/...): two links cannot share one.
    v.check((links) => new Set(links.map((link) => link.index)).size === links.length, 'Each link index appears once.'),
  ),
  sentAt: isoDateTime,
});

export type RegisterMessage = v.InferOutput<typeof registerMessageSchema>;

export interface SmartLinkUrls {
  unsubscribe: string;
  preferences: string;
  grantConsent: string;
  withdrawConsent: string;
  stopTracking: string;
}

export interface RegisteredMessage {
  id: string;
  pixelUrl: string;
  links: { index: number; url: string; trackedUrl: string }[];
  smartLinks: SmartLinkUrls;
}

export interface MessageStats {
  hits: number;
  opens: number;
  clicks: number;
}
