import * as v from 'valibot';

/**
 * Every set of values the consent features share, declared once: each list, and the schema that
 * accepts exactly its values. The Worker validates with the schemas, the pages and the extension
 * list their options from the lists, the CSV import checks its cells with the schemas. (The SQL
 * CHECK constraints of the migrations repeat them, as SQL cannot import.) The schemas are marked
 * pure so that code needing only a list (the extension's words) carries no validator.
 */
function oneOf<const T extends readonly [string, ...string[]]>(name: string, values: T) {
  const words = values.length === 1 ? values[0] : `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
  return v.picklist(values, `${name} is ${words}.`);
}

/** Do Not Contact levels, weakest first: `no_email` includes no mass email; `no_contact` includes both. */
export const DO_NOT_CONTACT_LEVELS = ['none', 'no_mass_email', 'no_email', 'no_contact'] as const;
export const doNotContactSchema = /* @__PURE__ */ oneOf('doNotContact', DO_NOT_CONTACT_LEVELS);
export const CONSENT_STATES = ['granted', 'withdrawn', 'unknown'] as const;
export const consentSchema = /* @__PURE__ */ oneOf('consent', CONSENT_STATES);
export const TRACKING_STATES = ['allowed', 'refused'] as const;
export const trackingSchema = /* @__PURE__ */ oneOf('tracking', TRACKING_STATES);
/** Where a choice applies: the whole organisation, one team of senders, or one sender. */
export const SCOPE_KINDS = ['organisation', 'team', 'sender'] as const;
export const scopeKindSchema = /* @__PURE__ */ oneOf('scope', SCOPE_KINDS);

/**
 * How the person behind a ledger row was identified (the evidence kind):
 * - `sole_recipient`: they opened the Smart Link of a message sent to them alone;
 * - `typed_on_shared_link`: they typed the address on a message's link that went to several;
 * - `typed_on_signature_link`: they typed it on a signature link (`/s/<kind>`, no message);
 * - `mailbox_confirmed`: they used the single-use link mailed to that address;
 * - `sender_with_note`: a sender or admin changed it by hand (an opt-in needs a note of the consent received);
 * - `import`: a sender's CSV import.
 */
export const EVIDENCE_KINDS = [
  'sole_recipient', 'typed_on_shared_link', 'typed_on_signature_link', 'mailbox_confirmed', 'sender_with_note', 'import',
] as const;
export const evidenceKindSchema = /* @__PURE__ */ oneOf('identifiedBy', EVIDENCE_KINDS);

/**
 * What became of a ledger row's change: applied at once, or pending until the address's mailbox
 * confirms it (a permissive change nobody could vouch for yet); `expired` is the row saying that
 * a pending change's link went unused for its lifetime (it names the pending row in `confirms`).
 */
export const LEDGER_STATUSES = ['applied', 'pending', 'expired'] as const;
export const ledgerStatusSchema = /* @__PURE__ */ oneOf('status', LEDGER_STATUSES);

/** Which channel a ledger row came through (kept from the first ledger; the evidence kind says who). */
export const LEDGER_SOURCES = ['recipient_page', 'one_click', 'sender', 'import', 'undo'] as const;
export const ledgerSourceSchema = /* @__PURE__ */ oneOf('source', LEDGER_SOURCES);

/** The request came from the sender's own network (an IP their extension used) or browser (a "viewing" report). */
export const SENDER_SIGNALS = ['sender_network', 'sender_browser'] as const;
export const senderSignalSchema = /* @__PURE__ */ oneOf('senderSignal', SENDER_SIGNALS);

/** GDPR art. 6(1): the lawful bases for processing a contact's data. */
export const LAWFUL_BASES = [
  'consent', 'contract', 'legal_obligation', 'vital_interests', 'public_task', 'legitimate_interests',
] as const;
export const lawfulBasisSchema = /* @__PURE__ */ oneOf('lawfulBasis', LAWFUL_BASES);

export type DoNotContact = v.InferOutput<typeof doNotContactSchema>;
export type Consent = v.InferOutput<typeof consentSchema>;
export type Tracking = v.InferOutput<typeof trackingSchema>;
export type ScopeKind = v.InferOutput<typeof scopeKindSchema>;
export type EvidenceKind = v.InferOutput<typeof evidenceKindSchema>;
export type LedgerStatus = v.InferOutput<typeof ledgerStatusSchema>;
export type LedgerSource = v.InferOutput<typeof ledgerSourceSchema>;
export type SenderSignal = v.InferOutput<typeof senderSignalSchema>;
export type LawfulBasis = v.InferOutput<typeof lawfulBasisSchema>;


/** The three fields of a contact's state, each with its values: for forms, pickers and words. */
export const CONTACT_STATE_VALUES = {
  doNotContact: DO_NOT_CONTACT_LEVELS,
  consent: CONSENT_STATES,
  tracking: TRACKING_STATES,
} as const;
