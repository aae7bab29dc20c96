import * as v from 'valibot';
import { addAliasSchema, createAccountSchema } from '../../shared/schemas/accounts.ts';
import { contactsStatusSchema } from '../../shared/schemas/contacts.ts';
import { eventsQuerySchema } from '../../shared/schemas/events.ts';
import { landmarkFailureSchema } from '../../shared/schemas/landmark-failures.ts';
import { ledgerExportQuerySchema } from '../../shared/schemas/ledger.ts';
import { messageListQuerySchema } from '../../shared/schemas/message-list.ts';
import { registerMessageSchema } from '../../shared/schemas/message.ts';
import { manualChangeSchema, settingsSchema, suppressionExportQuerySchema, suppressionQuerySchema } from '../../shared/schemas/suppressions.ts';

/**
 * Every route of the Worker, described once for its API reference (`GET /api/openapi.json`).
 * A route added to the app without an entry here fails test/worker/api-reference.test.ts; the
 * request schemas are the ones the routes validate with, so the reference cannot drift from them.
 */

type Schema = v.GenericSchema;

export type Access =
  /** Recipient-facing or operational: no login, ever. */
  | 'public'
  /** `Authorization: Bearer <token>` of any sender. */
  | 'sender'
  /** A sender whose role is admin. */
  | 'admin'
  /** A single-use ticket from `POST /api/stream-tickets`. */
  | 'ticket';

export type RequestBody =
  | { mediaType: 'application/json'; schema: Schema }
  | { mediaType: 'text/csv'; description: string }
  | { mediaType: 'application/x-www-form-urlencoded'; description: string };

export interface RouteDoc {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';
  /** As the app routes it (Hono: `:param`, `*`). */
  route: string;
  /** As the reference writes it (`{param}`), when `route` has a wildcard. */
  path?: string;
  summary: string;
  description?: string;
  access: Access;
  query?: v.ObjectSchema<v.ObjectEntries, undefined>;
  body?: RequestBody;
  /** Answers other than the error envelope: status → what it carries. */
  responses: Record<number, string>;
  /** A parameter in the path: its words. */
  parameters?: Record<string, string>;
}

const MESSAGE_ID = 'The message id: 16 to 64 characters of A-Z, a-z, 0-9, "_" and "-" (minted by the extension).';
const SMART_LINK = {
  slug: 'unsubscribe, preferences, grant-consent, withdraw-consent or stop-tracking.',
  messageId: MESSAGE_ID,
  signature: "The link's signature by the sender's key.",
};
const CLICK_PATH = '/c/{messageId}/{linkIndex}/{signature}/{destination}';

export const ROUTES: readonly RouteDoc[] = [
  { method: 'GET', route: '/health', summary: 'Is the Worker up and its database reachable?', access: 'public', responses: { 200: 'JSON `{ ok: true }`.' } },
  {
    method: 'GET', route: '/o/*', path: '/o/{messageId}', summary: 'The open pixel.', access: 'public', parameters: { messageId: MESSAGE_ID },
    description: 'Always a 1x1 GIF with `Cache-Control: no-store`, also for unknown or malformed ids (then nothing is recorded).',
    responses: { 200: 'image/gif, 1x1.' },
  },
  ...(['GET', 'HEAD'] as const).map((method): RouteDoc => ({
    method, route: '/c/*', path: CLICK_PATH, summary: 'A tracked link.', access: 'public',
    description: 'A 302 to the destination only when the signature verifies with the sender\'s key; anything else is a 4xx page, never a redirect.',
    parameters: { messageId: MESSAGE_ID, linkIndex: 'The link\'s index in the message, 0 to 9999.', signature: 'The signature of (message id, index, destination) by the sender\'s key.', destination: 'The destination URL, base64url.' },
    responses: { 302: 'To the destination.', 400: 'A page: the link is malformed.', 404: 'A page: the link is not valid.' },
  })),
  ...(['GET', 'HEAD'] as const).map((method): RouteDoc => ({
    method, route: '/s/:slug/:messageId/:signature', summary: 'A Smart Link page.', access: 'public', parameters: SMART_LINK,
    description: 'Never changes anything: the page holds a form that POSTs to the same URL. Localized by `?lang=`, then `Accept-Language`, else English.',
    responses: { 200: 'The page, HTML.', 404: 'A page: the link is not valid.' },
  })),
  {
    method: 'POST', route: '/s/:slug/:messageId/:signature', summary: 'Submit a Smart Link page, or unsubscribe in one click (RFC 8058).', access: 'public', parameters: SMART_LINK,
    body: { mediaType: 'application/x-www-form-urlencoded', description: 'The page\'s form fields, or `List-Unsubscribe=One-Click`; also multipart/form-data, in any charset the runtime decodes.' },
    responses: { 200: 'A page saying what changed (text for a one-click unsubscribe).', 400: 'The page with what to correct.', 404: 'A page: the link is not valid.', 415: 'The page: the body is not a form.', 429: 'The page: too many attempts on this link.' },
  },
  ...(['GET', 'HEAD', 'POST'] as const).map((method): RouteDoc => ({
    method, route: '/s/:slug', summary: 'A signature link that was not completed by the extension.', access: 'public', parameters: { slug: SMART_LINK.slug },
    responses: { 404: 'A page: the link is not valid.' },
  })),
  ...(['GET', 'HEAD'] as const).map((method): RouteDoc => ({
    method, route: '/s/confirm/:token', summary: 'The page a mailbox confirmation link opens: it asks to confirm, and changes nothing.', access: 'public',
    parameters: { token: 'The single-use token mailed to the address.' }, responses: { 200: 'The page, HTML.', 404: 'A page: the link is not valid or was used.' },
  })),
  {
    method: 'POST', route: '/s/confirm/:token', summary: 'Confirm a change asked for an address, from that mailbox.', access: 'public', parameters: { token: 'The single-use token mailed to the address.' },
    description: 'The confirmation page\'s form carries only its language (`lang`); a body that cannot be read falls back to the request\'s.',
    responses: { 200: 'A page saying what changed.', 404: 'A page: the link is not valid or was used.' },
  },
  { method: 'POST', route: '/api/accounts/:id/aliases', summary: 'Add an address a sender also sends from.', access: 'admin', parameters: { id: 'The account id.' }, body: { mediaType: 'application/json', schema: addAliasSchema }, responses: { 201: 'Added.' } },
  { method: 'DELETE', route: '/api/accounts/:id/aliases/:email', summary: 'Remove an address a sender also sent from.', access: 'admin', parameters: { id: 'The account id.', email: 'The alias.' }, responses: { 204: 'Removed.' } },
  { method: 'GET', route: '/privacy', summary: 'The privacy policy, in the reader\'s language.', access: 'public', responses: { 200: 'The page, HTML.' } },
  { method: 'POST', route: '/api/landmark-failures', summary: 'The extension found a compose without its body, Send or recipient fields, and sent that message untracked.', access: 'sender', body: { mediaType: 'application/json', schema: landmarkFailureSchema }, responses: { 204: 'Counted.' } },
  { method: 'GET', route: '/api/landmark-failures', summary: 'When each client\'s landmarks last failed, and every kind of failure.', access: 'admin', responses: { 200: 'JSON.' } },
  { method: 'GET', route: '/api/openapi.json', summary: 'This API reference, OpenAPI 3.1.', access: 'public', responses: { 200: 'The document.' } },
  { method: 'GET', route: '/api/stream', summary: 'The sender\'s events as they happen, over a WebSocket.', access: 'ticket', description: 'Each new event is one JSON text frame shaped like an entry of `GET /api/events`: opens, clicks and every consent change recorded for the sender, however it was made. Send `ping` at least every 30 s; the answer is `pong`, and a missing one means the connection died on the way. After a reconnection, catch up with `GET /api/events?since=`.', responses: { 101: 'Switching to WebSocket.', 401: 'The ticket is used, expired or missing.', 426: 'Not a WebSocket upgrade.' } },
  { method: 'POST', route: '/api/stream-tickets', summary: 'A single-use ticket for `GET /api/stream`, valid 60 s.', access: 'sender', responses: { 201: 'JSON `{ url, expiresAt }`.' } },
  { method: 'GET', route: '/api/me', summary: 'Who the token belongs to, and their link-signing key.', access: 'sender', responses: { 200: 'JSON: the sender, their role and team, the settings the extension needs, and `linkKey`.' } },
  {
    method: 'POST', route: '/api/messages', summary: 'Register a sent message.', access: 'sender', body: { mediaType: 'application/json', schema: registerMessageSchema },
    description: 'The extension registers each message after send and retries until it lands: the same registration again answers 200 with the same body.',
    responses: { 200: 'Registered before: `{ id, pixelUrl, links: [{ index, url, trackedUrl }], smartLinks }`.', 201: 'Registered: `{ id, pixelUrl, links: [{ index, url, trackedUrl }], smartLinks: { unsubscribe, preferences, grantConsent, withdrawConsent, stopTracking } }`.', 409: 'The id belongs to another sender.' },
  },
  {
    method: 'GET', route: '/api/messages', summary: 'Your messages, newest sent first.', access: 'sender', query: messageListQuerySchema,
    responses: { 200: 'JSON `{ messages: [{ id, subject, to, sentAt, opens, reliableOpens, machineOpens, clicks, status, lastActivityAt, … }], next }`; pass `next` as `before` for the next page.' },
  },
  { method: 'GET', route: '/api/messages/:id', summary: 'One message with its raw hit count and de-duplicated opens and clicks.', access: 'sender', parameters: { id: MESSAGE_ID }, responses: { 200: 'JSON: the message with `stats: { hits, opens, clicks }`.', 404: 'No such message of yours.' } },
  { method: 'GET', route: '/api/messages/:id/events', summary: 'Every open, click and consent change of one message, oldest first.', access: 'sender', parameters: { id: MESSAGE_ID }, responses: { 200: 'JSON `{ events }`.', 404: 'No such message of yours.' } },
  { method: 'POST', route: '/api/messages/:id/viewing', summary: 'The sender\'s extension shows this message now: its next hit is the sender\'s own.', access: 'sender', parameters: { id: MESSAGE_ID }, responses: { 204: 'Noted.', 404: 'No such message of yours.' } },
  { method: 'GET', route: '/api/events', summary: 'Your newest opens, clicks and consent changes.', access: 'sender', query: eventsQuerySchema, responses: { 200: 'JSON `{ events: [{ messageId, kind, class, reason, reliable, at, … }] }`, newest first.' } },
  { method: 'POST', route: '/api/contacts/status', summary: 'What these recipients want, as it applies to you.', access: 'sender', body: { mediaType: 'application/json', schema: contactsStatusSchema }, responses: { 200: 'JSON `{ contacts: [{ email, doNotContact, consent, tracking, … }] }`.' } },
  { method: 'GET', route: '/api/contacts/:email/ledger', summary: 'The consent evidence for one contact.', access: 'sender', parameters: { email: 'The contact\'s address.' }, responses: { 200: 'JSON: every recorded change, oldest first.' } },
  { method: 'DELETE', route: '/api/contacts/:email', summary: 'Erase a contact: only a hash of the address stays, with the opt-out and the ledger.', access: 'admin', parameters: { email: 'The contact\'s address.' }, responses: { 204: 'Erased.' } },
  {
    method: 'GET', route: '/api/suppressions', summary: 'The opt-outs you may see, with whose each is.', access: 'sender', query: suppressionQuerySchema,
    description: '`owner` is `me`, `organisation`, `team:<team id>` or `account:<account id>`; a sender who is not an admin may name only the organisation, their team and themselves.',
    responses: { 200: 'JSON `{ suppressions: [{ email, doNotContact, consent, tracking, scope, scopeId, updatedAt, lawfulBasis, owner: { kind, id, label } }] }`, newest first.', 403: 'The owner named is not one you may see.' },
  },
  {
    method: 'GET', route: '/api/suppressions/export', summary: 'The opt-outs you may see, as CSV that imports back unchanged.', access: 'sender', query: suppressionExportQuerySchema,
    responses: { 200: 'text/csv: `email, doNotContact, consent, tracking, scope, scopeId, updatedAt, lawfulBasis, owner` (the owner\'s label).', 403: 'The owner named is not one you may see.' },
  },
  { method: 'POST', route: '/api/suppressions', summary: 'Opt a contact out by hand (opting back in needs a note of the consent received).', access: 'sender', body: { mediaType: 'application/json', schema: manualChangeSchema }, responses: { 200: 'Nothing changed.', 201: 'Changed (the state or the lawful basis): the state before and after.' } },
  {
    method: 'POST', route: '/api/suppressions/import', summary: 'Import opt-outs from CSV; bad rows come back with their line.', access: 'sender',
    body: { mediaType: 'text/csv', description: 'A header row naming the columns (`email`, `doNotContact`, …), in any charset the runtime decodes; also text/plain.' },
    responses: { 200: 'JSON `{ imported, unchanged, rejected: [{ line, field, message }] }`.', 413: 'Over 5 MB or 10,000 rows.' },
  },
  {
    method: 'GET', route: '/api/ledger', summary: 'The consent ledger for a date range, with all its evidence, as JSON or CSV.', access: 'admin', query: ledgerExportQuerySchema,
    description: '`from` and `to` are dates (a whole UTC day) or ISO instants, both inclusive; without `from` the export starts at the first row, without `to` it ends now. Oldest first; at most 50,000 rows per export.',
    responses: {
      200: 'JSON `{ from, until, entries: [{ id, at, email, contactKey, scope, scopeId, source, action, status, identifiedBy, messageId, accountId, changes, language, wordingHash, network, country, networkHint, senderSignal, note, confirms }], wordings: [{ hash, language, wording, firstSeenAt }] }`; or text/csv with one column per entry field (`changes` as JSON).',
      400: 'A bound is not a date or instant, the range ends before it starts, or it holds more than 50,000 rows.',
    },
  },
  {
    method: 'GET', route: '/api/ledger/wordings/:hash', summary: 'The exact wording a ledger row\'s `wordingHash` stands for.', access: 'admin', parameters: { hash: 'The SHA-256 of the wording, 64 hex digits.' },
    responses: { 200: 'JSON `{ hash, language, wording, firstSeenAt }`: the SHA-256 of `wording` (UTF-8) is `hash`.', 404: 'No wording has this hash.' },
  },
  { method: 'GET', route: '/api/settings', summary: 'The organisation\'s settings.', access: 'sender', responses: { 200: 'JSON.' } },
  { method: 'PUT', route: '/api/settings', summary: 'Change the organisation\'s settings.', access: 'admin', body: { mediaType: 'application/json', schema: settingsSchema }, responses: { 204: 'Saved.' } },
  { method: 'POST', route: '/api/tokens', summary: 'A new token for you, shown once; `?revokeCurrent=true` revokes the one used (rotation).', access: 'sender', responses: { 201: 'JSON `{ token }`.' } },
  { method: 'DELETE', route: '/api/tokens/current', summary: 'Revoke the token used for this call.', access: 'sender', responses: { 204: 'Revoked.' } },
  { method: 'POST', route: '/api/accounts', summary: 'Add a sender, in a team if you use team opt-outs.', access: 'admin', body: { mediaType: 'application/json', schema: createAccountSchema }, responses: { 201: 'JSON: the account and its token, shown once.' } },
  { method: 'GET', route: '/api/accounts', summary: 'The senders and their teams.', access: 'admin', responses: { 200: 'JSON.' } },
  { method: 'DELETE', route: '/api/accounts/:id', summary: 'Remove a sender.', access: 'admin', parameters: { id: 'The account id.' }, responses: { 204: 'Removed.' } },
];
